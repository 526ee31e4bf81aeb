package dev.leakbench.profile;

/**
 * The iteration of a trial that is running.
 *
 * @param warmup a warmup iteration rather than a measurement one
 * @param index 1-based, counted separately for warmup and measurement
 * @param count how many iterations of this kind the trial has
 */
record TrialIteration(boolean warmup, int index, int count) {

    boolean firstMeasurement() {
        return !warmup && index == 1;
    }

    boolean lastMeasurement() {
        return !warmup && index == count;
    }

    /** "warmup iteration 2", for messages. */
    String name() {
        return (warmup ? "warmup" : "measurement") + " iteration " + index;
    }
}
