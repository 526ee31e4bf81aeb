package dev.leakbench.analysis.cli;

/** Output formats of the commands. */
public enum Format {
    /** Aligned table for a terminal. */
    text,
    /** JSON. */
    json,
    /** Markdown (a CI step summary). */
    md,
    /** A self-contained HTML page. */
    html
}
