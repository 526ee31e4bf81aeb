package dev.leakbench.workloads.target;

/** The operations a {@link Target} may support. */
public enum Operation {
    CHECK,
    WRITE,
    EXPAND,
    READ,
    WATCH
}
