package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.io.IoErrors;
import dev.leakbench.analysis.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints a report in the chosen format and writes the report files whole. */
final class Output {
    private Output() {}

    /** Prints {@code report} to {@code out} in {@code format}. */
    static void print(Report report, Format format, PrintWriter out) {
        out.print(
                switch (format) {
                    case text -> report.text();
                    case json -> report.json();
                    case md -> report.markdown();
                    case html -> report.html();
                });
        out.flush();
    }

    /**
     * Why {@code dir} cannot be the --out directory, or null when it is, or can be created as, a
     * directory: checked before any work, so an --out that is a file (or lies under one) is a usage
     * error, not a late surprise.
     */
    static String whyNotOutDir(Path dir) {
        if (dir == null) {
            return null;
        }
        String why = AtomicFiles.whyNotADirectory(dir);
        return why == null ? null : "--out " + dir + ": " + why;
    }

    /**
     * Writes {@code base}.json, {@code base}.md and {@code htmlName} into {@code dir}.
     *
     * @return null when all were written, else what could not be written and why (the files
     *     before it were written)
     */
    static String writeAll(Report report, Path dir, String base, String htmlName, PrintWriter log) {
        return write(
                dir,
                List.of(base + ".json", base + ".md", htmlName),
                List.of(report::json, report::markdown, report::html),
                log);
    }

    /** Writes the named files in order; returns null, or the first failure ("cannot write FILE: reason"). */
    static String write(
            Path dir, List<String> names, List<java.util.function.Supplier<String>> contents, PrintWriter log) {
        for (int i = 0; i < names.size(); i++) {
            Path target = dir.resolve(names.get(i));
            try {
                AtomicFiles.write(target, contents.get(i).get());
            } catch (IOException e) {
                return "cannot write " + target + ": " + IoErrors.reason(e, target);
            }
            log.println("wrote " + target);
        }
        return null;
    }
}
