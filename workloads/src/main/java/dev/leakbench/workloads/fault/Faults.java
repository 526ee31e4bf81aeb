package dev.leakbench.workloads.fault;

import dev.leakbench.workloads.target.Target;

/** Applies the {@code fault} and {@code faultEvery} parameters to a target. */
public final class Faults {
    private Faults() {}

    /**
     * {@code target} itself for {@code none} (no decorator, no overhead); otherwise a decorator that
     * injects the fault once every {@code every} operations.
     *
     * @throws UnsupportedFaultException when the fault cannot apply to this target
     */
    public static Target inject(Target target, String fault, int every) {
        FaultKind kind = FaultKind.parse(fault);
        if (kind == FaultKind.NONE) {
            return target;
        }
        if (every < 1) {
            throw new IllegalArgumentException("faultEvery must be >= 1, was " + every);
        }
        return new FaultInjectingTarget(target, kind.create(target), every);
    }
}
