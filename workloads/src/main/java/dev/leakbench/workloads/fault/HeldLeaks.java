package dev.leakbench.workloads.fault;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping every "took it and never gave it back" fault shares: each leaked unit is held in
 * a queue (the structure the profiler sizes as {@code root.fault.<name>}), counted, and released
 * only when the trial ends. Subclasses say how a unit is leaked and how it is released.
 *
 * @param <T> what one leak holds on to: a lease, a stream, a buffer, a connection
 */
public abstract class HeldLeaks<T> implements Fault {

    private final Queue<T> held = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();

    /** Records one leaked unit. */
    protected final void hold(T leaked) {
        held.add(leaked);
        count.incrementAndGet();
    }

    /** Gives one unit back at teardown. */
    protected abstract void release(T leaked);

    @Override
    public final long injected() {
        return count.get();
    }

    @Override
    public final Object root() {
        return held;
    }

    @Override
    public final void close() {
        for (T leaked; (leaked = held.poll()) != null; ) {
            release(leaked);
        }
    }
}
