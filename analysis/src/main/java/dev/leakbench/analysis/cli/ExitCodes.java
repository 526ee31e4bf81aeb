package dev.leakbench.analysis.cli;

/** The exit codes of docs/design.md. */
public final class ExitCodes {
    /** No leak, no regression. */
    public static final int OK = 0;
    /** At least one leak finding (or trend regression). */
    public static final int FINDING = 1;
    /** Bad input or usage. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
