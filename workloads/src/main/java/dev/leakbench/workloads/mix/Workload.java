package dev.leakbench.workloads.mix;

/**
 * A workload: an operation mix run against a target, over a seeded dataset ({@link AuthorizationWorkload},
 * {@link MixedWorkload}, ...). Thread-safe; each thread brings its own {@link Cursor}. Which workload
 * a trial runs, and what a target needs to run it, is its {@link WorkloadKind}; the trial builds it
 * with {@link dev.leakbench.workloads.trial.WorkloadFactory}.
 */
public interface Workload {

    /**
     * Fails the trial if any answer so far was wrong, naming the first; called once, after the run.
     * Workloads that check answers on the spot (or have none) keep the default, which does nothing.
     *
     * @throws IllegalStateException if any answer was wrong
     */
    default void verify() {}
}
