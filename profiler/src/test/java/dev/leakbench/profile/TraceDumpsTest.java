package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.vocabulary.DumpsFormat;
import dev.leakbench.vocabulary.MetricNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak trace's heap dumps ({@code trace=true}): through the real JMH Runner, forked, with a
 * probe registered (readings at the iterations' ends) and without (readings at their starts), the
 * dumps and their index agree with the series; and {@link TraceDumps} alone, in this JVM, with the
 * disk and the dump itself replaced.
 */
class TraceDumpsTest {
    private static final String PROBED = "FaultInjectionBenchmark.operation";
    private static final String PLAIN = "com.example.suite.PlainBenchmark";
    private static final String HPROF_MAGIC = "JAVA PROFILE 1.0.2";

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    /** One row of the dumps index, as leakcheck reads it. */
    private record IndexRow(
            String benchmark, String params, int dump, int iteration, long ops, long heap, String file, long bytes) {}

    private record Index(String firstLine, List<String> header, List<IndexRow> rows) {}

    @Test
    void withAProbeThreeDumpsAtIterations135AreIndexedWithTheSeriesValues() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(PROBED)
                .param("fault", "heap-leak")
                .profilerOptions("roots=false;histogram=false;trace=true")
                .iterations(1, 5)
                .iterationMillis(150)
                .run(dir);
        Series s = run.onlySeries();
        Index index = checkDumps(s, run.console());
        assertEquals(DumpsFormat.firstLine(false), index.firstLine());
        assertEquals("fault=heap-leak;faultEvery=1000", index.rows().get(0).params());
        assertTrue(
                run.console()
                        .lines()
                        .anyMatch(l -> l.contains("trace: 3 heap dumps (")
                                && l.contains("indexed in " + base(s) + DumpsFormat.SUFFIX)
                                && l.contains("deletes them unless keepDumps=true")),
                "the trial's end names the dumps and the index; console:" + System.lineSeparator() + run.console());
    }

    @Test
    void withoutAProbeTheReadingsAtTheIterationsStartsAreDumpedAndKeepDumpsIsRecorded() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(PLAIN)
                .profilerOptions("roots=false;histogram=false;trace=true;keepDumps=true")
                .iterations(1, 5)
                .iterationMillis(150)
                .run(dir);
        Series s = run.onlySeries();
        Index index = checkDumps(s, run.console());
        assertEquals(DumpsFormat.firstLine(true), index.firstLine());
        assertTrue(DumpsFormat.keepDumps(index.firstLine()), index.firstLine());
        // read at its start, measurement iteration 1 has the warmup's operations behind it, and holds the payload
        assertTrue(index.rows().get(0).ops() > 0, index.toString());
        for (IndexRow r : index.rows()) {
            assertTrue(
                    Files.size(dir.resolve(r.file())) > com.example.suite.PlainBenchmark.PAYLOAD_BYTES,
                    "a live dump holds the state's payload: " + r);
        }
    }

    /**
     * The profiler must not measure itself: a dump's first run loads classes and links call sites
     * whose objects stay on the heap (about 180 KB, most of it the file store's lookup, without
     * {@code TraceDumps}' priming), so they are run before the measurement, and no reading after
     * the first dump may hold more than the first one did (4 KB of slack: an occasional step of
     * about 2 KB after a later dump is not explained yet).
     */
    @Test
    void theDumpsLeaveNothingOnTheHeapForTheNextReadings() throws Exception {
        Series s = ProfiledRun.of(PROBED)
                .param("fault", "none")
                .profilerOptions("roots=false;histogram=false;trace=true")
                .iterations(1, 5)
                .iterationMillis(100)
                .run(dir)
                .onlySeries();
        double[] heap = s.measured(MetricNames.HEAP);
        for (int i = 1; i < heap.length; i++) {
            assertTrue(
                    heap[i] - heap[0] < 4096,
                    "without a leak, measurement iteration " + (i + 1) + " holds " + (long) (heap[i] - heap[0])
                            + " bytes more than iteration 1, read before any dump: " + s);
        }
    }

    /**
     * The last measurement iteration fails in its teardown, after the probe's unregistration took
     * its reading and its dump: that reading is dropped, so the dump gets no row and is deleted.
     */
    @Test
    void theDumpOfAReadingDroppedByAFailedIterationIsNotIndexed() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(PROBED)
                .param("fault", "fail-in-teardown")
                .profilerOptions("roots=false;histogram=false;trace=true")
                .iterations(1, 5)
                .iterationMillis(100)
                .runAllowingFailure(dir);
        FailedTrials.assertFailureReportedAs(run, FaultInjectionBenchmark.TEARDOWN_FAILURE, "measurement iteration 5");
        Series s = run.onlySeries();
        Index index = readIndex(dir.resolve(base(s) + DumpsFormat.SUFFIX));
        assertEquals(
                List.of(1, 3), index.rows().stream().map(IndexRow::iteration).toList(), index.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(base(s) + ".dump1.hprof", base(s) + ".dump2.hprof"),
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".hprof"))
                            .sorted()
                            .toList(),
                    "the indexed dumps only" + System.lineSeparator() + run.console());
        }
        assertTrue(run.console().contains("trace: 2 heap dumps ("), run.console());
    }

    @Test
    void oneMeasurementIterationTakesNoDumpAndSaysWhy() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(PROBED)
                .param("fault", "none")
                .profilerOptions("roots=false;histogram=false;trace=true")
                .iterations(1, 1)
                .iterationMillis(100)
                .run(dir);
        run.onlySeries();
        assertNoDumps();
        assertEquals(
                1,
                run.console()
                        .lines()
                        .filter(l -> l.contains("trace=true needs at least 2 measurement iterations (-i 2, better 3"))
                        .count(),
                "one line says why; console:" + System.lineSeparator() + run.console());
    }

    @Test
    void withoutTraceNoDumpAndNoIndex() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(PROBED)
                .param("fault", "none")
                .profilerOptions("roots=false;histogram=false")
                .iterations(1, 3)
                .iterationMillis(100)
                .run(dir);
        assertEquals(4, run.onlySeries().rows().size());
        assertNoDumps();
        assertFalse(run.console().contains("trace:"), run.console());
    }

    // ---- TraceDumps alone, in this JVM ----

    @Test
    void theDumpedIterationsAreTheFirstTheMiddleAndTheLast() {
        assertEquals(List.of(1, 2), dumps(2, 1L << 40).iterations());
        assertEquals(List.of(1, 2, 3), dumps(3, 1L << 40).iterations());
        assertEquals(List.of(1, 2, 4), dumps(4, 1L << 40).iterations());
        assertEquals(List.of(1, 3, 5), dumps(5, 1L << 40).iterations());
        assertEquals(List.of(1, 5, 10), dumps(10, 1L << 40).iterations());
        assertNull(TraceDumps.create(series(), 1, false, log::add));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("needs at least 2 measurement iterations"), log.toString());
    }

    @Test
    void tooLittleDiskSkipsTheDumpWithALineAndWritesNoIndex() throws IOException {
        List<Path> dumped = new ArrayList<>();
        TraceDumps trace = new TraceDumps(series(), 3, false, log::add, d -> 0, hprof -> {
            dumped.add(hprof);
            Files.writeString(hprof, HPROF_MAGIC);
        });
        TrialIteration first = new TrialIteration(false, 1, 3);
        trace.afterReading(first, Map.of(MetricNames.HEAP, 100L << 20));
        trace.reported(first, 1000, 100L << 20);
        assertEquals(List.of(), dumped, "no dump without the room for it");
        assertFalse(Files.exists(series().sibling(DumpsFormat.SUFFIX)), "no dump, no index");
        assertFalse(Files.exists(series().sibling(".dump1.hprof")));
        assertEquals(
                List.of("trace: skipped the heap dump at measurement iteration 1: it needs about 264 MB and "
                        + dir.toAbsolutePath() + " has 0 MB free"),
                log);
    }

    @Test
    void enoughDiskDumpsAndIndexesWhenReportedAndADroppedReadingGetsNoRow() throws IOException {
        long[] free = {1L << 40};
        TraceDumps trace = new TraceDumps(
                series(), 3, false, log::add, d -> free[0], hprof -> Files.writeString(hprof, HPROF_MAGIC));
        TrialIteration one = new TrialIteration(false, 1, 3);
        trace.afterReading(new TrialIteration(true, 1, 1), Map.of(MetricNames.HEAP, 5L));
        trace.reported(new TrialIteration(true, 1, 1), 10, 5);
        assertFalse(Files.exists(series().sibling(".dump1.hprof")), "no dump at a warmup iteration");

        trace.afterReading(one, Map.of(MetricNames.HEAP, 1000L));
        assertTrue(Files.exists(series().sibling(".dump1.hprof")));
        assertFalse(Files.exists(series().sibling(DumpsFormat.SUFFIX)), "the row waits for the reading's report");
        trace.reported(one, 77, 1000);
        Index index = readIndex(series().sibling(DumpsFormat.SUFFIX));
        assertEquals(DumpsFormat.firstLine(false), index.firstLine());
        assertEquals(DumpsFormat.COLUMNS, index.header());
        assertEquals(
                List.of(new IndexRow(
                        "dev.x.Bench.m",
                        "a=1;b=x%3By",
                        1,
                        1,
                        77,
                        1000,
                        "dev.x.Bench.m-thrpt.dump1.hprof",
                        HPROF_MAGIC.length())),
                index.rows());

        // iteration 2: a dump, but the trial fails in it: no row, and the unindexed dump is removed
        TrialIteration two = new TrialIteration(false, 2, 3);
        trace.afterReading(two, Map.of(MetricNames.HEAP, 2000L));
        assertTrue(Files.exists(series().sibling(".dump2.hprof")));
        trace.abandon();
        assertFalse(Files.exists(series().sibling(".dump2.hprof")), "a dump no row names is deleted");
        assertEquals(1, readIndex(series().sibling(DumpsFormat.SUFFIX)).rows().size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("trace: 1 heap dump (")), log.toString());
    }

    @Test
    void aFailingDumpIsReportedAndTheNextOneIsTaken() throws IOException {
        boolean[] fail = {true};
        TraceDumps trace = new TraceDumps(series(), 2, false, log::add, d -> 1L << 40, hprof -> {
            if (fail[0]) {
                Files.writeString(hprof, "JAVA"); // half written
                throw new IOException("no space left on device");
            }
            Files.writeString(hprof, HPROF_MAGIC);
        });
        TrialIteration one = new TrialIteration(false, 1, 2);
        trace.afterReading(one, Map.of(MetricNames.HEAP, 1000L));
        trace.reported(one, 10, 1000);
        assertFalse(Files.exists(series().sibling(".dump1.hprof")), "a failed dump's partial file is removed");
        assertTrue(
                log.stream().anyMatch(l -> l.contains("measurement iteration 1") && l.contains("no space left")),
                log.toString());
        fail[0] = false;
        TrialIteration two = new TrialIteration(false, 2, 2);
        trace.afterReading(two, Map.of(MetricNames.HEAP, 1100L));
        trace.reported(two, 20, 1100);
        Index index = readIndex(series().sibling(DumpsFormat.SUFFIX));
        assertEquals(1, index.rows().size(), index.toString());
        assertEquals(1, index.rows().get(0).dump(), "numbered in the order taken");
        assertEquals(2, index.rows().get(0).iteration());
        assertTrue(Files.exists(series().sibling(".dump1.hprof")));
        assertTrue(log.get(log.size() - 1).startsWith("trace: 1 heap dump ("), log.toString());
    }

    @Test
    void anEarlierRunsIndexIsDeletedWhenTheSeriesIsWrittenAgain() throws IOException {
        Files.writeString(series().sibling(DumpsFormat.SUFFIX), DumpsFormat.firstLine(false) + "\n");
        TraceDumps.dropStaleIndex(series(), log::add);
        assertFalse(Files.exists(series().sibling(DumpsFormat.SUFFIX)));
        assertEquals(1, log.size(), log.toString());
        TraceDumps.dropStaleIndex(series(), log::add);
        assertEquals(1, log.size(), "nothing to say without one: " + log);
    }

    // ---- helpers ----

    private SeriesFile series() {
        return new SeriesFile("dev.x.Bench.m", "a=1;b=x%3By", dir.resolve("dev.x.Bench.m-thrpt"));
    }

    private TraceDumps dumps(int iterations, long free) {
        return new TraceDumps(series(), iterations, false, log::add, d -> free, hprof -> {
            throw new AssertionError("no dump expected");
        });
    }

    /**
     * The dumps of a 5-iteration trace run beside {@code s}: three valid hprof files of the sizes
     * indexed, at iterations 1, 3, 5, with the series' values of those rows. Returns the index.
     */
    private Index checkDumps(Series s, String console) throws IOException {
        String context = System.lineSeparator() + s + System.lineSeparator() + console;
        Index index = readIndex(dir.resolve(base(s) + DumpsFormat.SUFFIX));
        assertEquals(DumpsFormat.COLUMNS, index.header());
        assertEquals(
                List.of(1, 3, 5), index.rows().stream().map(IndexRow::iteration).toList(), index + context);
        assertEquals(List.of(1, 2, 3), index.rows().stream().map(IndexRow::dump).toList(), index + context);
        long previousOps = -1;
        for (IndexRow r : index.rows()) {
            assertEquals(s.benchmark(), r.benchmark());
            assertEquals(base(s) + ".dump" + r.dump() + ".hprof", r.file(), "the file name, relative to the index");
            Path hprof = dir.resolve(r.file());
            assertEquals(Files.size(hprof), r.bytes(), "the indexed size of " + hprof);
            assertEquals(HPROF_MAGIC, magic(hprof), "not an hprof file: " + hprof);
            Series.Row row = s.measurement().get(r.iteration() - 1);
            assertEquals(r.iteration(), row.iteration());
            assertEquals(row.get(MetricNames.OPS), r.ops(), 0.0, "ops.cumulative as in the series: " + r + context);
            assertEquals(row.get(MetricNames.HEAP), r.heap(), 0.0, "heap.retained as in the series: " + r + context);
            assertTrue(r.ops() > previousOps, "ops.cumulative grows from dump to dump: " + index + context);
            previousOps = r.ops();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    3,
                    files.filter(f -> f.getFileName().toString().endsWith(".hprof"))
                            .count(),
                    "the three indexed dumps and nothing else");
        }
        return index;
    }

    private void assertNoDumps() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names =
                    files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(
                    names.stream().noneMatch(n -> n.endsWith(".hprof") || n.endsWith(DumpsFormat.SUFFIX)),
                    "no heap dump and no index: " + names);
        }
    }

    private static String base(Series s) {
        String name = s.file().getFileName().toString();
        return name.substring(0, name.length() - ".csv".length());
    }

    private static String magic(Path hprof) throws IOException {
        try (InputStream in = Files.newInputStream(hprof)) {
            return new String(in.readNBytes(HPROF_MAGIC.length()), StandardCharsets.US_ASCII);
        }
    }

    private static Index readIndex(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String first = lines.get(0);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.builder()
                        .setReader(in)
                        .setFormat(CSVFormat.DEFAULT
                                .builder()
                                .setCommentMarker('#')
                                .setHeader()
                                .setSkipHeaderRecord(true)
                                .get())
                        .get()) {
            List<IndexRow> rows = new ArrayList<>();
            for (CSVRecord r : csv) {
                assertTrue(r.get("seconds").matches("\\d+\\.\\d{3}"), "seconds with 3 decimals: " + r);
                rows.add(new IndexRow(
                        r.get("benchmark"),
                        r.get("params"),
                        Integer.parseInt(r.get("dump")),
                        Integer.parseInt(r.get("iteration")),
                        Long.parseLong(r.get(MetricNames.OPS)),
                        Long.parseLong(r.get(MetricNames.HEAP)),
                        r.get("file"),
                        Long.parseLong(r.get("bytes"))));
            }
            return new Index(first, csv.getHeaderNames(), List.copyOf(rows));
        }
    }
}
