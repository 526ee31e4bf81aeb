package dev.leakbench.profile;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which classes grew during measurement: a class histogram at the first and at the last
 * measurement iteration, compared into {@code NAME.classes.csv} beside the series.
 *
 * <p>The first histogram waits on disk ({@code NAME.histo-first.txt}), not on the heap, where it
 * would be part of every later reading; the last one is kept beside it
 * ({@code NAME.histo-last.txt}) for a person to look into.
 */
final class ClassAttribution {
    private final DiagnosticCommand diagnostics;
    private final SeriesFile file;
    private final int top;
    private final Consumer<String> log;

    ClassAttribution(DiagnosticCommand diagnostics, SeriesFile file, int top, Consumer<String> log) {
        this.diagnostics = diagnostics;
        this.file = file;
        this.top = top;
        this.log = log;
    }

    /** The first measurement iteration's histogram. */
    void takeFirst() {
        try {
            writeText(first(), diagnostics.classHistogram());
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The last measurement iteration's histogram, compared with the first. */
    void takeLastAndCompare() {
        String last = diagnostics.classHistogram();
        try {
            writeText(file.sibling(".histo-last.txt"), last);
            List<ClassGrowth.Row> grown = ClassGrowth.top(
                    ClassHistogram.parse(Files.readString(first(), StandardCharsets.UTF_8)), ClassHistogram.parse(last),
                    top);
            Path classes = file.sibling(".classes.csv");
            ClassGrowth.write(classes, grown);
            log.accept("classes that grew from the first to the last measurement iteration (" + classes + "):"
                    + System.lineSeparator() + ClassGrowth.format(grown));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private Path first() {
        return file.sibling(".histo-first.txt");
    }

    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("LeakProfiler: cannot write the class histograms beside " + file.csv() + ": "
                + e.getMessage(), e);
    }

    /**
     * Writes through java.io rather than NIO: NIO caches a temporary direct buffer in every thread
     * that writes, which in the measuring thread of the first measurement would sit in that
     * reading only.
     */
    private static void writeText(Path path, String text) throws IOException {
        try (Writer out = new OutputStreamWriter(new FileOutputStream(path.toFile()), StandardCharsets.UTF_8)) {
            out.write(text);
        }
    }
}
