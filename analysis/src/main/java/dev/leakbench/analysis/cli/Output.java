package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints a report in the chosen format and writes the report files whole. */
final class Output {
    private Output() {
    }

    /** Prints {@code report} to {@code out} in {@code format}. */
    static void print(Report report, Format format, PrintWriter out) {
        out.print(switch (format) {
            case text -> report.text();
            case json -> report.json();
            case md -> report.markdown();
            case html -> report.html();
        });
        out.flush();
    }

    /** Writes {@code base}.json, {@code base}.md and {@code htmlName} into {@code dir}. */
    static void writeAll(Report report, Path dir, String base, String htmlName, PrintWriter log) throws IOException {
        write(dir, base + ".json", report.json(), log);
        write(dir, base + ".md", report.markdown(), log);
        write(dir, htmlName, report.html(), log);
    }

    private static void write(Path dir, String name, String content, PrintWriter log) throws IOException {
        Path target = dir.resolve(name);
        AtomicFiles.write(target, content);
        log.println("wrote " + target);
    }
}
