package dev.leakbench.profile;

import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Live instances and bytes of every class after every iteration: the exact counts that show a
 * leak of a few objects per iteration long before its bytes rise above the heap's noise.
 *
 * <p>Each iteration's {@code GC.class_histogram} (a full stop-the-world GC, then a count of what
 * survived; taken as the confirming round of the retained-heap reading, so it counts exactly what
 * that reading holds) goes to {@code NAME.class-counts.csv} as {@code iteration,phase,class,instances,bytes}:
 * every class in the first iteration, afterwards only the classes whose count or bytes changed
 * since the previous one (a class that disappeared is written with 0). A steady-state heap
 * changes in a few dozen classes per iteration, so a five-minute run stays well under a megabyte.
 *
 * <p>Nothing is kept on the heap between iterations, where it would be part of the next reading:
 * the previous histogram waits on disk ({@code NAME.histo-prev.txt}, removed at the end), and so
 * does the first measurement's ({@code NAME.histo-first.txt}). At the last measurement iteration
 * the classes that grew most from the first to the last measurement go to {@code NAME.classes.csv}
 * and the console, and the last histogram stays as {@code NAME.histo-last.txt}.
 *
 * <p>Files are written through java.io rather than NIO: NIO caches a temporary direct buffer in
 * every thread that writes, which in a measuring thread would sit in that reading only.
 */
final class ClassCountRecorder {
    /** The columns of the class-counts file. */
    static final List<String> COLUMNS = List.of("iteration", "phase", "class", "instances", "bytes");

    private final DiagnosticCommand diagnostics;
    private final SeriesFile file;
    private final int top;
    private final Consumer<String> log;
    private boolean started;

    ClassCountRecorder(DiagnosticCommand diagnostics, SeriesFile file, int top, Consumer<String> log) {
        this.diagnostics = diagnostics;
        this.file = file;
        this.top = top;
        this.log = log;
    }

    /** The per-iteration counts file. */
    Path countsFile() {
        return file.sibling(".class-counts.csv");
    }

    /** Takes a class histogram (HotSpot runs a full GC first). */
    String histogram() {
        return diagnostics.classHistogram();
    }

    /**
     * Appends what changed in this iteration's histogram; at the last measurement iteration also
     * writes the first-to-last growth.
     *
     * @param text the histogram taken with this iteration's reading ({@link #histogram()})
     */
    void record(TrialIteration iteration, String text) {
        try {
            ClassHistogram now = ClassHistogram.parse(text);
            Path prevFile = file.sibling(".histo-prev.txt");
            ClassHistogram prev = started ? ClassHistogram.parse(readText(prevFile)) : null;
            appendChanges(iteration, prev, now);
            started = true;
            writeText(prevFile, text);
            if (iteration.firstMeasurement()) {
                writeText(first(), text);
            }
            if (iteration.lastMeasurement()) {
                writeText(file.sibling(".histo-last.txt"), text);
                Files.deleteIfExists(prevFile);
                compareFirstAndLast(now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "LeakProfiler: cannot write the class counts beside " + file.csv() + ": " + e.getMessage(), e);
        }
    }

    private void appendChanges(TrialIteration iteration, ClassHistogram prev, ClassHistogram now) throws IOException {
        boolean create = !started;
        try (Writer csv = new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(countsFile().toFile(), !create), StandardCharsets.UTF_8))) {
            if (create) {
                Csv.printRecord(csv, COLUMNS);
            }
            String phase = iteration.warmup() ? "warmup" : "measurement";
            Map<String, ClassHistogram.Entry> rows = prev == null ? new TreeMap<>(now.classes()) : changed(prev, now);
            for (Map.Entry<String, ClassHistogram.Entry> e : rows.entrySet()) {
                Csv.printRecord(
                        csv,
                        List.of(
                                iteration.index(),
                                phase,
                                e.getKey(),
                                e.getValue().instances(),
                                e.getValue().bytes()));
            }
        }
    }

    private void compareFirstAndLast(ClassHistogram last) throws IOException {
        Path firstFile = first();
        if (!Files.exists(firstFile)) {
            return; // a single measurement iteration that was also the first: nothing to compare
        }
        List<ClassGrowth.Row> grown = ClassGrowth.top(ClassHistogram.parse(readText(firstFile)), last, top);
        Path classes = file.sibling(".classes.csv");
        ClassGrowth.write(classes, grown);
        log.accept("classes that grew from the first to the last measurement iteration (" + classes + "; every "
                + "iteration's counts in " + countsFile().getFileName() + "):" + System.lineSeparator()
                + ClassGrowth.format(grown));
    }

    private Path first() {
        return file.sibling(".histo-first.txt");
    }

    private static String readText(Path path) throws IOException {
        try (Reader r = new InputStreamReader(new FileInputStream(path.toFile()), StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        }
    }

    private static void writeText(Path path, String text) throws IOException {
        try (Writer out = new OutputStreamWriter(new FileOutputStream(path.toFile()), StandardCharsets.UTF_8)) {
            out.write(text);
        }
    }

    /** The classes whose instances or bytes differ between two histograms, with their new entry (0 when gone). */
    static Map<String, ClassHistogram.Entry> changed(ClassHistogram prev, ClassHistogram now) {
        Map<String, ClassHistogram.Entry> out = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>(now.classes().keySet());
        names.addAll(prev.classes().keySet());
        for (String n : names) {
            if (!now.get(n).equals(prev.get(n))) {
                out.put(n, now.get(n));
            }
        }
        return out;
    }
}
