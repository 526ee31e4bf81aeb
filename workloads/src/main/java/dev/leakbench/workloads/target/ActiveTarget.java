package dev.leakbench.workloads.target;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The target the running benchmark drives, so that a profiler in the same JVM can size its
 * {@link Target#roots()} and read its {@link Target#gauges()} between iterations. A benchmark
 * registers its target in trial setup and clears it in trial teardown.
 *
 * <p>Clear it <em>first</em> in teardown, before closing the target or releasing anything else:
 * JMH runs {@code @TearDown(Level.Trial)} inside the last measurement iteration, before profilers
 * see that iteration end, so the LeakProfiler takes the last iteration's reading in a
 * {@linkplain #addClearListener clear listener}, while everything is still alive.
 */
public final class ActiveTarget {
    private static final AtomicReference<Target> CURRENT = new AtomicReference<>();
    private static final List<Consumer<Target>> CLEAR_LISTENERS = new CopyOnWriteArrayList<>();

    private ActiveTarget() {}

    public static void set(Target target) {
        CURRENT.set(target);
    }

    /**
     * Clears {@code target} if it is the current one; the clear listeners run first, in this
     * thread, while it is still current.
     */
    public static void clear(Target target) {
        if (target != null && CURRENT.get() == target) {
            for (Consumer<Target> listener : CLEAR_LISTENERS) {
                listener.accept(target);
            }
        }
        CURRENT.compareAndSet(target, null);
    }

    public static Optional<Target> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Runs {@code listener} with the target each time the current target is cleared, just before
     * it is, in the clearing thread (the benchmark's teardown). For profilers.
     */
    public static void addClearListener(Consumer<Target> listener) {
        CLEAR_LISTENERS.add(listener);
    }

    /** Removes a listener added with {@link #addClearListener}. */
    public static void removeClearListener(Consumer<Target> listener) {
        CLEAR_LISTENERS.remove(listener);
    }
}
