package dev.leakbench.engine.store;

/** The store, or the subscription, was used after close. */
public class StoreClosedException extends RuntimeException {
    public StoreClosedException(String message) {
        super(message);
    }

    public StoreClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
