package dev.leakbench.engine.store;

import dev.leakbench.engine.model.Change;
import java.time.Duration;
import java.util.List;

/**
 * An open stream of changes. It holds at most its buffer capacity of undelivered changes; a consumer
 * that falls further behind gets {@link WatchOverflowException} and must re-subscribe from the last
 * revision it processed. Must be closed; closing is idempotent.
 */
public interface WatchSubscription extends AutoCloseable {

    /**
     * The next change, waiting at most {@code timeout}; null if none arrived.
     *
     * @throws WatchOverflowException if changes were dropped because the buffer was full
     * @throws StoreClosedException if the subscription or its store was closed
     */
    Change poll(Duration timeout) throws InterruptedException;

    /** Up to {@code max} changes already waiting, without blocking. Same exceptions as {@link #poll}. */
    List<Change> drain(int max);

    /** Revision of the last change handed to the consumer (the start revision before any). */
    long lastDeliveredRevision();

    boolean isOpen();

    @Override
    void close();
}
