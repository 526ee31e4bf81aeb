package dev.leakbench.engine.store.jdbc;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.store.StoreClosedException;
import dev.leakbench.engine.store.WatchOverflowException;
import dev.leakbench.engine.store.WatchSubscription;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A watch on a {@link JdbcTupleStore}. It has two phases:
 * <ol>
 *   <li><b>catching up</b>: history is read from the change log in chunks of at most the buffer
 *       capacity, as the consumer asks for it, so a long history never sits in memory at once and a
 *       consumer can catch up on more history than its buffer holds. Writes committed meanwhile are
 *       not pushed: the log has them too.</li>
 *   <li><b>live</b>: once a read of the log comes back short while the store's writers are paused, the
 *       subscription has everything committed so far and from then on receives each commit from the
 *       writer, in revision order. Going live under the writer lock is what makes the hand-over
 *       exact: no commit can fall between the last log read and the first push.</li>
 * </ol>
 * At most {@code capacity} changes are ever buffered. A push that does not fit clears the buffer and
 * marks the subscription overflowed, so a stalled consumer costs nothing and learns of it on its next
 * poll or drain.
 *
 * <p>Locks: {@code consumer} serialises poll and drain (and so the catch-up reads); {@code lock} guards
 * the state and is the only one a writer takes when pushing. The order is consumer, then the store's
 * writer lock, then {@code lock}, and never the reverse, so pushes and catch-up cannot deadlock.
 */
final class JdbcWatchSubscription implements WatchSubscription {

    /** A change as stored in the log, with its position within its revision. */
    record LoggedChange(int seq, Change change) {}

    private final JdbcTupleStore store;
    private final int capacity;
    private final ReentrantLock consumer = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();

    // guarded by lock
    private final ArrayDeque<Change> buffer;
    private boolean live;
    private String overflow;
    private String closedBecause;
    /** The last change taken from the log: (revision, seq); seq MAX_VALUE means "all of that revision". */
    private long logRevision;

    private int logSeq = Integer.MAX_VALUE;

    private volatile long lastDelivered;
    private volatile boolean open = true;

    JdbcWatchSubscription(JdbcTupleStore store, long afterRevision, int capacity) {
        this.store = store;
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 64));
        this.logRevision = afterRevision;
        this.lastDelivered = afterRevision;
    }

    /** Loads the first chunk of history, going live right away when it all fits. */
    void start() {
        consumer.lock();
        try {
            catchUp();
        } finally {
            consumer.unlock();
        }
    }

    @Override
    public Change poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), TimeUnit.DAYS.toNanos(365));
        consumer.lockInterruptibly();
        try {
            while (true) {
                lock.lock();
                try {
                    throwIfUnusable();
                    Change next = buffer.poll();
                    if (next != null) {
                        lastDelivered = next.revision();
                        return next;
                    }
                    if (live) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            return null;
                        }
                        arrived.awaitNanos(remaining);
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
                catchUp();
            }
        } finally {
            consumer.unlock();
        }
    }

    @Override
    public List<Change> drain(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        consumer.lock();
        try {
            List<Change> out = new ArrayList<>(Math.min(max, 64));
            while (out.size() < max) {
                lock.lock();
                try {
                    if (!out.isEmpty() && (overflow != null || closedBecause != null)) {
                        return out; // hand over what we already took; the next call reports the failure
                    }
                    throwIfUnusable();
                    while (out.size() < max && !buffer.isEmpty()) {
                        Change next = buffer.poll();
                        lastDelivered = next.revision();
                        out.add(next);
                    }
                    if (out.size() == max || live) {
                        return out;
                    }
                } finally {
                    lock.unlock();
                }
                catchUp();
            }
            return out;
        } finally {
            consumer.unlock();
        }
    }

    @Override
    public long lastDeliveredRevision() {
        return lastDelivered;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (markClosed("this watch subscription was closed")) {
            store.unregister(this);
        }
    }

    /** The store is closing: ends the subscription without calling back into the store. */
    void closeBecauseStoreClosed() {
        markClosed("the store of this watch subscription was closed");
    }

    /**
     * Called by a writer, holding the store's writer lock, after the commit of one revision. A push
     * that does not fit drops the whole buffer: the consumer has to re-subscribe anyway.
     */
    void push(List<Change> changes) {
        lock.lock();
        try {
            if (!live || overflow != null || closedBecause != null) {
                return;
            }
            if (buffer.size() + changes.size() > capacity) {
                overflow("revision " + changes.get(0).revision() + " brought " + changes.size() + " change(s) while "
                        + buffer.size() + " of " + capacity + " buffered changes were not consumed");
                return;
            }
            buffer.addAll(changes);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the next chunk of the change log into the (empty) buffer, and goes live when the log has
     * nothing more. Runs with the consumer lock held, never with {@code lock}: it queries the database
     * and may wait for the store's writer lock.
     */
    private void catchUp() {
        long fromRevision;
        int fromSeq;
        lock.lock();
        try {
            if (live || overflow != null || closedBecause != null) {
                return;
            }
            fromRevision = logRevision;
            fromSeq = logSeq;
        } finally {
            lock.unlock();
        }
        List<LoggedChange> chunk = store.changesAfter(fromRevision, fromSeq, capacity);
        if (chunk.size() == capacity) {
            take(chunk, fromRevision, fromSeq, false);
            return;
        }
        // The log looked exhausted. Look once more with writers paused: nothing can commit in between,
        // so whatever that read returns is everything, and later commits will be pushed to us.
        store.whileWritersPaused(() -> {
            LoggedChange last = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
            List<LoggedChange> rest = store.changesAfter(
                    last == null ? fromRevision : last.change().revision(),
                    last == null ? fromSeq : last.seq(),
                    capacity - chunk.size());
            List<LoggedChange> all = new ArrayList<>(chunk);
            all.addAll(rest);
            take(all, fromRevision, fromSeq, all.size() < capacity);
        });
    }

    private void take(List<LoggedChange> rows, long fromRevision, int fromSeq, boolean goLive) {
        // Compaction may have removed log entries after our position while we read: then the rows
        // have a gap, and the consumer must learn it instead of silently missing changes.
        long oldest = store.oldestReadable();
        boolean gap = oldest > fromRevision || (oldest == fromRevision && fromSeq != Integer.MAX_VALUE);
        lock.lock();
        try {
            if (overflow != null || closedBecause != null) {
                return;
            }
            if (gap) {
                overflow("history after revision " + fromRevision + " was compacted (oldest readable revision is "
                        + oldest + ") before this subscription read it");
                return;
            }
            for (LoggedChange row : rows) {
                buffer.add(row.change());
                logRevision = row.change().revision();
                logSeq = row.seq();
            }
            live = goLive;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void overflow(String why) {
        buffer.clear();
        overflow = "watch fell behind by more than its buffer of " + capacity + ": " + why
                + "; changes were dropped, re-subscribe after revision " + lastDelivered;
        arrived.signalAll();
    }

    private boolean markClosed(String why) {
        lock.lock();
        try {
            if (closedBecause != null) {
                return false;
            }
            closedBecause = why;
            open = false;
            buffer.clear();
            arrived.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void throwIfUnusable() {
        if (closedBecause != null) {
            throw new StoreClosedException(closedBecause);
        }
        if (overflow != null) {
            throw new WatchOverflowException(overflow);
        }
    }
}
