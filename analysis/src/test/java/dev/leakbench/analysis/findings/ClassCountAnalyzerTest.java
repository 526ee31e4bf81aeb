package dev.leakbench.analysis.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-class live counts judged against operations, on synthetic LeakProfiler files: a series CSV
 * and its class-counts file, written the way the profiler writes them (every class at the first
 * iteration, then only changes), with operations per iteration that vary as time-based JMH
 * iterations do.
 */
class ClassCountAnalyzerTest {
    private static final String BENCH = "com.example.Bench.op";
    private static final String LEAKY = "com.example.Memo$Key";

    @TempDir
    Path dir;

    /** A class's live count as a function of (measurement-relative iteration index, cumulative ops). */
    private record Cls(String name, long bytesEach, LongBinaryOperator count) {}

    /** Writes a trial of {@code warmup + measurement} iterations and returns the series file. */
    private Path trial(
            String name,
            long seed,
            int warmup,
            int measurement,
            double opsPerIteration,
            double heapSlope,
            List<Cls> classes)
            throws IOException {
        Random rnd = new Random(seed);
        StringBuilder series = new StringBuilder("benchmark,params,iteration,phase,ops.cumulative,heap.retained\n");
        StringBuilder counts = new StringBuilder("iteration,phase,class,instances,bytes\n");
        Map<String, Long> prev = new LinkedHashMap<>();
        long ops = 0;
        for (int i = 0; i < warmup + measurement; i++) {
            boolean w = i < warmup;
            int it = w ? i + 1 : i - warmup + 1;
            String phase = w ? "warmup" : "measurement";
            ops += Math.round(opsPerIteration * (0.85 + 0.3 * rnd.nextDouble()));
            long heap = Math.round(10_000_000 + heapSlope * ops + rnd.nextGaussian() * 300);
            series.append(BENCH)
                    .append(",target=x,")
                    .append(it)
                    .append(',')
                    .append(phase)
                    .append(',')
                    .append(ops)
                    .append(',')
                    .append(heap)
                    .append('\n');
            List<Cls> all = new ArrayList<>(classes);
            all.add(new Cls("java.lang.Object", 16, (k, o) -> 1000));
            for (Cls c : all) {
                long n = c.count().applyAsLong(i - warmup, ops);
                Long before = prev.put(c.name(), n);
                if (before == null || before != n) {
                    counts.append(it)
                            .append(',')
                            .append(phase)
                            .append(',')
                            .append(c.name())
                            .append(',')
                            .append(n)
                            .append(',')
                            .append(n * c.bytesEach())
                            .append('\n');
                }
            }
        }
        Path file = dir.resolve(name + ".csv");
        Files.writeString(file, series, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".class-counts.csv"), counts, StandardCharsets.UTF_8);
        return file;
    }

    private static FindingsAnalyzer.Result analyze(Path... files) throws Exception {
        return new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN).analyze(Inputs.read(List.of(files)));
    }

    private static List<Finding> classLeaks(FindingsAnalyzer.Result r) {
        return r.findings().stream()
                .filter(f -> f.metric().startsWith("class."))
                .toList();
    }

    private static Finding heap(FindingsAnalyzer.Result r) {
        return r.findings().stream()
                .filter(f -> f.metric().equals(Metrics.HEAP))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void oneObjectPer100kOperationsIsALeakOfItsClassWhileTheHeapCannotSeeIt() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(trial("t", 1, 3, 10, 1e6, 0, List.of(new Cls(LEAKY, 40, (k, ops) -> ops / 100_000))));
        List<Finding> leaks = classLeaks(r);
        assertEquals(1, leaks.size(), leaks.toString());
        Finding f = leaks.get(0);
        assertEquals("class." + LEAKY, f.metric());
        assertEquals(Verdict.LEAK, f.verdict(), f.reason());
        assertTrue(f.fails());
        assertEquals(10.0, ((Number) f.evidence().get("instancesPerMop")).doubleValue(), 0.5, f.reason());
        assertEquals(40.0 / 100_000, f.slope(), 0.2 * 40.0 / 100_000, "bytes per op");
        assertEquals(LEAKY, f.attribution().get(0).name());
        assertTrue(r.fails(), "a class leak fails the run even with a heap under its floor");
        assertFalse(heap(r).verdict() == Verdict.LEAK, heap(r).reason());
    }

    @Test
    void aFiveMinuteRunFindsOneObjectPerTenMillionOperations() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(trial("t", 2, 5, 300, 1e6, 0, List.of(new Cls(LEAKY, 40, (k, ops) -> ops / 10_000_000))));
        List<Finding> leaks = classLeaks(r);
        assertEquals(1, leaks.size(), r.findings().toString());
        assertEquals(0.1, ((Number) leaks.get(0).evidence().get("instancesPerMop")).doubleValue(), 0.02);
    }

    @Test
    void theHarnessesPerIterationBookkeepingIsNeverALeak() throws Exception {
        for (long seed = 0; seed < 40; seed++) {
            long s = seed;
            FindingsAnalyzer.Result r = analyze(trial(
                    "t" + seed,
                    seed,
                    3,
                    10 + (int) (seed % 3) * 10,
                    1e6,
                    0,
                    List.of(
                            new Cls("org.openjdk.jmh.results.IterationResult", 48, (k, ops) -> 5 + Math.max(0, k)),
                            new Cls("com.example.PerIteration", 24, (k, ops) -> 2 * Math.max(0, k) + (s % 2)))));
            assertEquals(List.of(), classLeaks(r), "seed " + seed);
        }
    }

    @Test
    void burstsOfOneTimeWorkAreNotALeak() throws Exception {
        // JIT resolving string constants, classes loaded once: bursts at random, fewer as the run goes on
        for (long seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            long[] level = new long[400];
            long v = 20_000;
            for (int i = 0; i < level.length; i++) {
                if (rnd.nextDouble() < 0.5 * Math.exp(-i / 40.0) + 0.15) {
                    v += 1 + rnd.nextInt(25);
                }
                level[i] = v;
            }
            FindingsAnalyzer.Result r = analyze(trial(
                    "t" + seed,
                    seed,
                    3,
                    10,
                    1e6,
                    0,
                    List.of(new Cls("java.lang.String", 24, (k, ops) -> level[(int) k + 3]))));
            assertEquals(List.of(), classLeaks(r), "seed " + seed);
        }
    }

    @Test
    void growthThatFadesAfterTheWarmupIsNotALeakEvenWhenItIsSteadyInTheMeasurement() throws Exception {
        // one-time work: hundreds of objects per warmup iteration, then a regular trickle
        FindingsAnalyzer.Result r = analyze(trial(
                "t",
                11,
                3,
                10,
                1e6,
                0,
                List.of(new Cls("java.lang.String", 24, (k, ops) -> k < 0 ? 20_000 + 600 * (k + 3) : 21_800 + 2 * k))));
        assertEquals(List.of(), classLeaks(r));
    }

    @Test
    void aLeakThatStartsOnlyDuringTheMeasurementIsALeak() throws Exception {
        // "however it started": nothing in the warmup, then one object every 100,000 operations
        FindingsAnalyzer.Result r = analyze(trial(
                "t",
                12,
                3,
                10,
                1e6,
                0,
                List.of(new Cls(
                        LEAKY, 40, (k, ops) -> k < 0 ? 0 : (ops - 3_000_000 < 0 ? 0 : (ops - 3_000_000) / 100_000)))));
        assertEquals(1, classLeaks(r).size(), r.findings().toString());
    }

    @Test
    void aCountThatFillsToABoundIsNotALeak() throws Exception {
        // a cache filling per operation over the first 40% of the run, then full
        FindingsAnalyzer.Result r = analyze(trial(
                "t",
                3,
                3,
                20,
                1e6,
                0,
                List.of(new Cls("com.example.CacheNode", 32, (k, ops) -> Math.min(ops / 10_000, 1_000)))));
        assertEquals(List.of(), classLeaks(r));
    }

    @Test
    void objectsHeldOnlyAtTheLastReadingAreNotALeak() throws Exception {
        // JMH's result objects are alive at the last reading (taken inside the last iteration)
        FindingsAnalyzer.Result r = analyze(trial(
                "t",
                4,
                3,
                10,
                1e6,
                0,
                List.of(
                        new Cls("org.openjdk.jmh.results.RawResults", 40, (k, ops) -> k == 9 ? 10 : 0),
                        new Cls("org.openjdk.jmh.results.BenchmarkTaskResult", 40, (k, ops) -> k == 9 ? 0 : 10))));
        assertEquals(List.of(), classLeaks(r));
    }

    @Test
    void aHeapLeakNamesTheClassWhoseCountGrows() throws Exception {
        FindingsAnalyzer.Result r = analyze(trial(
                "t",
                5,
                3,
                10,
                1e6,
                0.5,
                List.of(
                        new Cls("java.lang.String", 24, (k, ops) -> 20_000 + (k > 4 ? 7 : 0)),
                        new Cls(LEAKY, 40, (k, ops) -> ops / 80))));
        Finding h = heap(r);
        assertEquals(Verdict.LEAK, h.verdict(), h.reason());
        Attribution first = h.attribution().stream()
                .filter(a -> a.kind().equals("class"))
                .findFirst()
                .orElseThrow();
        assertEquals(LEAKY, first.name());
        assertEquals(1.0, first.share(), 0.05, "the class accounts for the heap's slope");
    }

    @Test
    void aStableRunSaysWhatTheClassCountsRuleOut() throws Exception {
        FindingsAnalyzer.Result r = analyze(trial("t", 6, 3, 10, 1e6, 0, List.of()));
        Finding h = heap(r);
        Map<?, ?> counts = (Map<?, ?>) h.evidence().get("classCounts");
        assertNotNull(counts, h.evidence().toString());
        double objects = ((Number) counts.get("detectableObjects")).doubleValue();
        assertTrue(objects >= Thresholds.defaults().classMinSteps() && objects <= 10, "detectable " + objects);
        // and the claim holds: a leak of that many objects over the run is found
        long each = (long) Math.floor(((Number) counts.get("opsPerObject")).doubleValue());
        Path leak = trial("leak", 6, 3, 10, 1e6, 0, List.of(new Cls(LEAKY, 40, (k, ops) -> ops / each)));
        assertFalse(classLeaks(analyze(leak)).isEmpty());
    }

    @Test
    void jvmArrayNamesAreWrittenAsJava() {
        assertEquals("byte[]", ClassCountAnalyzer.javaName("[B"));
        assertEquals("java.lang.String[][]", ClassCountAnalyzer.javaName("[[Ljava.lang.String;"));
        assertEquals("com.example.A$B", ClassCountAnalyzer.javaName("com.example.A$B"));
    }

    @Test
    void aClassCountsRowForAnIterationTheSeriesLacksIsRefusedWithItsLine() throws Exception {
        Path series = trial("t", 7, 1, 6, 1e6, 0, List.of());
        Files.writeString(
                dir.resolve("t.class-counts.csv"),
                "iteration,phase,class,instances,bytes\n1,warmup,A,1,16\n9,measurement,A,2,32\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(series)));
        assertTrue(e.file().endsWith("t.class-counts.csv"), e.describe());
        assertEquals(3, e.line());
        assertEquals("iteration", e.field());
    }

    @Test
    void aSecondRowForAClassInOneIterationIsRefused() throws Exception {
        Path series = trial("t", 8, 1, 6, 1e6, 0, List.of());
        Files.writeString(
                dir.resolve("t.class-counts.csv"),
                "iteration,phase,class,instances,bytes\n1,warmup,A,1,16\n1,warmup,A,2,32\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(series)));
        assertEquals("class", e.field(), e.describe());
    }

    @Test
    void aNegativeCountIsRefused() throws Exception {
        Path series = trial("t", 9, 1, 6, 1e6, 0, List.of());
        Files.writeString(
                dir.resolve("t.class-counts.csv"), "iteration,phase,class,instances,bytes\n1,warmup,A,-1,16\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(series)));
        assertEquals("instances", e.field(), e.describe());
    }

    @Test
    void aClassCountsFileGivenOnItsOwnIsReadBesideItsSeriesNotAsASeries() throws Exception {
        Path series = trial("t", 10, 3, 10, 1e6, 0, List.of(new Cls(LEAKY, 40, (k, ops) -> ops / 100_000)));
        FindingsAnalyzer.Result r = analyze(series, dir.resolve("t.class-counts.csv"));
        assertEquals(1, classLeaks(r).size());
    }
}
