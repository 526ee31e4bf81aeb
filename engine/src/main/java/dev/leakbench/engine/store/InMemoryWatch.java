package dev.leakbench.engine.store;

import dev.leakbench.engine.model.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watch on an {@link InMemoryTupleStore}. The store pushes changes in under its write lock; when
 * the buffer is full the subscription drops everything it held and is marked overflowed, so a slow
 * consumer costs at most one buffer of memory.
 */
final class InMemoryWatch implements WatchSubscription {

    private final InMemoryTupleStore store;
    private final ArrayBlockingQueue<Change> buffer;
    private volatile boolean overflowed;
    private volatile boolean open = true;
    private volatile long lastDelivered;

    InMemoryWatch(InMemoryTupleStore store, long afterRevision, int capacity) {
        this.store = store;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.lastDelivered = afterRevision;
    }

    /** Called by the store's writer. */
    void offerAll(List<Change> changes) {
        if (!open || overflowed) {
            return;
        }
        for (Change c : changes) {
            if (!buffer.offer(c)) {
                overflowed = true;
                buffer.clear();
                return;
            }
        }
    }

    @Override
    public Change poll(Duration timeout) throws InterruptedException {
        checkUsable();
        Change c = buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        checkUsable();
        if (c != null) {
            lastDelivered = c.revision();
        }
        return c;
    }

    @Override
    public List<Change> drain(int max) {
        checkUsable();
        List<Change> out = new ArrayList<>(Math.min(max, buffer.size()));
        buffer.drainTo(out, max);
        if (!out.isEmpty()) {
            lastDelivered = out.get(out.size() - 1).revision();
        }
        return out;
    }

    private void checkUsable() {
        if (!open || store.isClosed()) {
            throw new StoreClosedException("the watch subscription is closed");
        }
        if (overflowed) {
            throw new WatchOverflowException("the watch fell behind by more than its buffer of " + capacity()
                    + " changes and changes were dropped; re-subscribe after revision " + lastDelivered);
        }
    }

    private int capacity() {
        return buffer.size() + buffer.remainingCapacity();
    }

    @Override
    public long lastDeliveredRevision() {
        return lastDelivered;
    }

    @Override
    public boolean isOpen() {
        return open && !store.isClosed();
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            store.unregister(this);
            buffer.clear();
        }
    }
}
