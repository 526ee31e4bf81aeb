package dev.leakbench.engine.store;

/** A watch consumer fell behind by more than its buffer; changes were dropped. Re-subscribe from {@link WatchSubscription#lastDeliveredRevision()}. */
public class WatchOverflowException extends RuntimeException {
    public WatchOverflowException(String message) {
        super(message);
    }

    public WatchOverflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
