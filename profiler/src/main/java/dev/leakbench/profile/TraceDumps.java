package dev.leakbench.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.leakbench.vocabulary.DumpsFormat;
import dev.leakbench.vocabulary.MetricNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The live heap dumps of a leak trace ({@code trace=true}): three per trial, at measurement
 * iterations 1, (N+1)/2 and N (the distinct ones of those), each taken right after that
 * iteration's reading, in the measuring thread, into {@code NAME.dump<k>.hprof}, and indexed in
 * {@code NAME.dumps.csv} ({@link DumpsFormat}) when the reading is reported, with the reading's
 * {@code ops.cumulative} and {@code heap.retained}. {@code leakcheck findings} compares the dumps
 * to name what grows and its path from a GC root, and deletes them unless {@code keepDumps=true}.
 *
 * <p>Before each dump the directory's file store must have room for twice the reading's retained
 * heap plus {@value #SPARE_MB} MB, or that dump is skipped with a line saying so; a dump that fails
 * is reported and the trial goes on.
 *
 * <p>The profiler must not measure itself: between readings this keeps a few fields and at most
 * one pending row (from a reading to its report, never across a reading); the index is opened,
 * appended to and closed for each row, so no writer or buffer stays on the heap. The lookups a dump
 * makes (the diagnostic MXBean, the file store, the formatting) are made once when the trial starts,
 * so the classes and caches they create are in every reading.
 */
final class TraceDumps {
    /** Room kept free beyond the dump itself. */
    static final int SPARE_MB = 64;

    private static final long MB = 1024 * 1024;

    /** Writes a live heap dump to a path that does not exist yet. */
    @FunctionalInterface
    interface Dumper {
        void dump(Path hprof) throws IOException;
    }

    /** A dump taken with a reading, waiting for the reading to be reported. */
    private record Taken(int dump, int iteration, Path hprof, long bytes, long nanos) {}

    private final SeriesFile file;
    private final boolean keepDumps;
    private final Consumer<String> log;
    private final ToLongFunction<Path> freeSpace;
    private final Dumper dumper;
    private final Path dir;
    private final Path index;
    private final int first;
    private final int middle;
    private final int last;
    /** The index's first line and header, made once. */
    private final String header;

    private volatile Taken pending;
    private int dumps;
    private int indexed;
    private long indexedBytes;
    private long indexedNanos;

    /**
     * The dumps of a trial with {@code measurementIterations} iterations, or null (after one line
     * saying why) when there are fewer than 2.
     */
    static TraceDumps create(SeriesFile file, int measurementIterations, boolean keepDumps, Consumer<String> log) {
        if (measurementIterations < 2) {
            log.accept("trace: trace=true needs at least 2 measurement iterations (-i 2, better 3 or more) to "
                    + "compare heap dumps; this trial has " + measurementIterations + ", so no heap dumps are taken");
            return null;
        }
        HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            // the Java side of a dump, once now: a file that cannot be created fails before anything is dumped
            diagnostic.dumpHeap(
                    file.sibling(".no-such-dir")
                            .resolve("prime.hprof")
                            .toAbsolutePath()
                            .toString(),
                    true);
        } catch (IOException | RuntimeException expected) {
            // as meant
        }
        return new TraceDumps(
                file,
                measurementIterations,
                keepDumps,
                log,
                TraceDumps::usableSpace,
                hprof -> diagnostic.dumpHeap(hprof.toString(), true));
    }

    /**
     * With the free-space lookup and the dump itself given, for tests.
     *
     * @param freeSpace the usable bytes on the file store of a directory
     */
    TraceDumps(
            SeriesFile file,
            int measurementIterations,
            boolean keepDumps,
            Consumer<String> log,
            ToLongFunction<Path> freeSpace,
            Dumper dumper) {
        this.file = file;
        this.keepDumps = keepDumps;
        this.log = log;
        this.freeSpace = freeSpace;
        this.dumper = dumper;
        this.dir = file.csv().toAbsolutePath().getParent();
        this.index = file.sibling(DumpsFormat.SUFFIX);
        this.first = 1;
        this.middle = (measurementIterations + 1) / 2;
        this.last = measurementIterations;
        this.header = header(keepDumps);
        prime();
    }

    /**
     * Runs what a dump and its row run, once, before anything is measured: the first run of a
     * path loads classes and links call sites (string concatenation, formatting), whose objects
     * stay on the heap; done first at measurement iteration 1, they would be in every reading from
     * iteration 2 on and show as a step of several KB.
     */
    private void prime() {
        free();
        Path unused = hprof(0);
        try {
            Files.deleteIfExists(unused);
            Files.size(dir);
            // the index's appending open, on the index this trial has not written yet
            try (Writer out = Files.newBufferedWriter(
                    index, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write("");
            }
            Files.deleteIfExists(index);
        } catch (IOException | RuntimeException e) {
            // the real dump or row reports what fails
        }
        row(new Taken(0, 0, unused, 0, 0), 0, 0);
        skipped(0, 0, 0);
        summary();
    }

    /**
     * A measured trial starts: an index left beside its series by an earlier run would pair this
     * run's series with that run's dumps, so it goes (its hprof files are left, and named).
     */
    static void dropStaleIndex(SeriesFile file, Consumer<String> log) {
        Path stale = file.sibling(DumpsFormat.SUFFIX);
        try {
            if (Files.deleteIfExists(stale)) {
                log.accept("trace: deleted " + stale + ", an earlier run's dumps index of this series (the heap "
                        + "dumps it named, " + file.base().getFileName() + ".dump*.hprof, are left as they are)");
            }
        } catch (IOException | RuntimeException e) {
            log.accept("trace: could not delete " + stale + ", an earlier run's dumps index of this series: " + e);
        }
    }

    /** The measurement iterations dumped, in order. */
    List<Integer> iterations() {
        return List.of(first, middle, last).stream().distinct().toList();
    }

    /**
     * A reading of {@code it} was just taken (in the measuring thread): at a traced measurement
     * iteration, dump the heap, if the disk has room.
     *
     * @param values the reading's values, for its {@code heap.retained}
     */
    void afterReading(TrialIteration it, Map<String, Long> values) {
        pending = null;
        if (it.warmup() || (it.index() != first && it.index() != middle && it.index() != last)) {
            return;
        }
        Long heap = values.get(MetricNames.HEAP);
        long retained = heap != null
                ? heap
                : Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long needed = 2 * retained + SPARE_MB * MB;
        long free = free();
        if (free >= 0 && free < needed) {
            log.accept(skipped(it.index(), needed, free));
            return;
        }
        int dump = dumps + 1;
        Path hprof = hprof(dump);
        try {
            Files.deleteIfExists(hprof); // dumpHeap refuses to overwrite
            long start = System.nanoTime();
            dumper.dump(hprof);
            long nanos = System.nanoTime() - start;
            long bytes = Files.size(hprof);
            dumps = dump;
            pending = new Taken(dump, it.index(), hprof, bytes, nanos);
        } catch (IOException | RuntimeException e) {
            log.accept("trace: the heap dump at measurement iteration " + it.index() + " into " + hprof
                    + " failed, the trial goes on without it: " + e);
            try {
                Files.deleteIfExists(hprof); // a partial dump is no use to leakcheck
            } catch (IOException | RuntimeException ignored) {
                // reported above; nothing more to do
            }
        }
    }

    /**
     * The reading of {@code it} is reported with the series row: index the dump taken with it, if
     * any, with the row's values; at the last measurement iteration, say what was written.
     *
     * @param opsAtReading the {@code ops.cumulative} of the series row
     * @param heap the {@code heap.retained} of the series row
     */
    void reported(TrialIteration it, long opsAtReading, long heap) {
        Taken taken = pending;
        pending = null;
        if (taken != null && !it.warmup() && taken.iteration() == it.index()) {
            index(taken, opsAtReading, heap);
        }
        if (it.lastMeasurement()) {
            log.accept(summary());
        }
    }

    /**
     * The trial failed: the dump taken with a reading that is not reported gets no row (and is
     * deleted, unless {@code keepDumps=true}); says what the index holds.
     */
    void abandon() {
        Taken taken = pending;
        pending = null;
        if (taken != null) {
            if (keepDumps) {
                log.accept("trace: " + taken.hprof() + " (measurement iteration " + taken.iteration() + ") is kept "
                        + "but not indexed: its reading was not reported");
            } else {
                try {
                    Files.deleteIfExists(taken.hprof());
                } catch (IOException | RuntimeException e) {
                    log.accept("trace: could not delete the heap dump " + taken.hprof() + " of the reading that was "
                            + "not reported: " + e);
                }
            }
        }
        if (indexed > 0) {
            log.accept(summary());
        }
    }

    private void index(Taken taken, long opsAtReading, long heap) {
        String row = row(taken, opsAtReading, heap);
        boolean create = indexed == 0;
        try (Writer out = create
                ? Files.newBufferedWriter(index, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(index, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            if (create) {
                out.write(header);
            }
            out.write(row);
            indexed++;
            indexedBytes += taken.bytes();
            indexedNanos += taken.nanos();
        } catch (IOException | RuntimeException e) {
            log.accept("trace: cannot write the dumps index " + index + ", so leakcheck will not see " + taken.hprof()
                    + ": " + e);
        }
    }

    private Path hprof(int dump) {
        return file.sibling(".dump" + dump + ".hprof").toAbsolutePath();
    }

    private String skipped(int iteration, long needed, long free) {
        return String.format(
                Locale.ROOT,
                "trace: skipped the heap dump at measurement iteration %d: it needs about %d MB and %s has %d MB free",
                iteration,
                (needed + MB - 1) / MB,
                dir,
                free / MB);
    }

    private static String header(boolean keepDumps) {
        StringWriter header = new StringWriter(128);
        header.write(DumpsFormat.firstLine(keepDumps));
        header.write("\n");
        try {
            Csv.printRecord(header, DumpsFormat.COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return header.toString();
    }

    /** The index row of {@code taken}, with the reported reading's values. */
    private String row(Taken taken, long opsAtReading, long heap) {
        try {
            StringWriter line = new StringWriter(160);
            Csv.printRecord(
                    line,
                    List.of(
                            file.benchmark(),
                            file.params(),
                            taken.dump(),
                            taken.iteration(),
                            opsAtReading,
                            heap,
                            taken.hprof().getFileName().toString(),
                            taken.bytes(),
                            String.format(Locale.ROOT, "%.3f", taken.nanos() / 1e9)));
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
    }

    private String summary() {
        if (indexed == 0) {
            return "trace: no heap dumps were taken (see above), so there is no " + index.getFileName();
        }
        return String.format(
                Locale.ROOT,
                "trace: %d heap dump%s (%.1f MB in all, %.1f s) in %s, indexed in %s; `leakcheck findings` reads "
                        + "them and deletes them unless keepDumps=true",
                indexed,
                indexed == 1 ? "" : "s",
                indexedBytes / (double) MB,
                indexedNanos / 1e9,
                dir,
                index.getFileName());
    }

    /** The usable bytes in the directory, -1 when unknown (then the dump is tried). */
    private long free() {
        try {
            return freeSpace.applyAsLong(dir);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
