package dev.leakbench.analysis.report;

/** A result that renders in every output format. */
public interface Report {
    /** The aligned terminal rendering. */
    String text();

    /** JSON. */
    String json();

    /** Markdown, fit for a CI step summary. */
    String markdown();

    /** One self-contained HTML page (no scripts, no network). */
    String html();
}
