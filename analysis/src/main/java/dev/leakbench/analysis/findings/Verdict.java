package dev.leakbench.analysis.findings;

/** The verdicts of docs/design.md, from most to least alarming. */
public enum Verdict {
    /** Significant, large enough and persisting growth: a leak. Exit code 1. */
    LEAK,
    /** Bytes per operation regressed (against a baseline or budget) or rose during the run. */
    ALLOC_REGRESSION,
    /** Some evidence of lasting growth, not enough for LEAK: look at it, re-run longer. */
    SUSPECT,
    /** Growth that stops or cycles: a cache filling to capacity, a warmup step, a sawtooth. Normal. */
    BOUNDED_GROWTH,
    /** No growth beyond the noise and the floor. */
    STABLE
}
