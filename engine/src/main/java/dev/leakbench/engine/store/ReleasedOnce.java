package dev.leakbench.engine.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A {@link RevisionLease} whose release runs once, however often and from however many threads
 * {@link #close()} is called; the store supplies what releasing the pin means.
 */
public final class ReleasedOnce implements RevisionLease {
    private final long revision;
    private final LongConsumer unpin;
    private final AtomicBoolean released = new AtomicBoolean();

    public ReleasedOnce(long revision, LongConsumer unpin) {
        this.revision = revision;
        this.unpin = unpin;
    }

    @Override
    public long revision() {
        return revision;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            unpin.accept(revision);
        }
    }
}
