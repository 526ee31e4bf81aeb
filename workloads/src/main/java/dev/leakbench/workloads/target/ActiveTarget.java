package dev.leakbench.workloads.target;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The target the running benchmark drives, so that a profiler in the same JVM can size its
 * {@link Target#roots()} and read its {@link Target#gauges()} between iterations. A benchmark
 * registers its target in trial setup and clears it in trial teardown.
 */
public final class ActiveTarget {
    private static final AtomicReference<Target> CURRENT = new AtomicReference<>();

    private ActiveTarget() {}

    public static void set(Target target) {
        CURRENT.set(target);
    }

    public static void clear(Target target) {
        CURRENT.compareAndSet(target, null);
    }

    public static Optional<Target> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
