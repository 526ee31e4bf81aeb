package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.measure.BigInputs;
import dev.leakbench.analysis.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "Big inputs": the readers stream, keep numbers rather than text, and read what the
 * file says exactly as before, with the same messages and lines.
 */
class BigInputTest {
    @TempDir
    Path dir;

    /** Runs {@link ReadMain} in a JVM with a heap of {@code heapMb}; its output, or the failure. */
    private static String readIn(int heapMb, Path file) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        javaBin,
                        "-Xmx" + heapMb + "m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReadMain.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, out);
        return out.strip();
    }

    @Test
    void aLongSeriesAndALongJmhResultAreReadInAHeapSmallerThanTheirText() throws Exception {
        // a soak: one trial, 150,000 iterations, 25 columns (42 MB): 26 MB of numbers; before: about 1 KB of heap a row
        Path series = dir.resolve("soak.csv");
        BigInputs.series(series, 1, 150_000);
        assertTrue(Files.size(series) > 40_000_000);
        assertEquals("1 runs, 150005 iterations", readIn(64, series));
        // one JMH result of 60,000 iterations x 23 metrics, one raw value a line (52 MB); before: a tree of it
        Path json = dir.resolve("soak.json");
        BigInputs.json(json, 1, 1, 60_000);
        assertTrue(Files.size(json) > 50_000_000);
        assertEquals("1 runs, 60000 iterations", readIn(48, json));
    }

    private static String result(String secondary) {
        return "[\n  {\n    \"benchmark\": \"dev.x.B.m\",\n    \"mode\": \"thrpt\",\n    \"threads\": 1,\n"
                + "    \"forks\": 1,\n    \"jvmArgs\": [\"-Xmx1g\", {\"nested\": [1, [2, \"x\"]]}],\n"
                + "    \"measurementIterations\": 6,\n    \"params\": {\"target\": \"embedded\"},\n"
                + "    \"primaryMetric\": {\"score\": 100, \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\",\n"
                + "      \"scorePercentiles\": {\"0.0\": 1}, \"rawData\": [[100, 101.5, 99, 100, 102, 98]]},\n"
                + "    \"secondaryMetrics\": {\n" + secondary + "\n    }\n  }\n]\n";
    }

    @Test
    void rawDataKeepsWhatATreeOfTheFileSaid() throws Exception {
        Path file = Fixtures.write(
                dir,
                "values.json",
                result(
                        "      \"heap.retained\": {\"score\": 1, \"scoreUnit\": \"bytes\", \"rawData\": [[1, 2, 3, 4, 5, 6]],\n"
                                + "        \"rawData\": [[64000000, 6.4E7, \"64000001\", 64000002.5, 64000003, 64000004]]},\n"
                                + "      \"ops.cumulative\": {\"score\": 1, \"scoreUnit\": \"ops\", \"rawData\": [[10, 20, 30, 40, 50, 60]]},\n"
                                + "      \"threads.live\": {\"score\": 19, \"scoreUnit\": \"threads\", \"rawData\": [[19, \"NaN\", 20, 19, 19, 19]]},\n"
                                + "      \"gc.count\": {\"score\": 3, \"scoreUnit\": \"counts\", \"rawData\": [[\"not\", {\"a\": \"number\"}]]}"));
        BenchmarkRun run = Inputs.read(List.of(file)).runs().iterator().next();
        Trial t = run.trials().get(0);
        // a repeated field counts with its last value; a number written as text is that number
        assertArrayEquals(
                new double[] {64000000, 64000000, 64000001, 64000002.5, 64000003, 64000004},
                t.metrics().get(Metrics.HEAP));
        assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60}, t.ops());
        assertTrue(Double.isNaN(t.metrics().get("threads.live")[1]));
        assertArrayEquals(
                new double[] {100, 101.5, 99, 100, 102, 98}, run.primary().raw().get(0));
        // another profiler's raw data is never looked at; its score is kept
        assertEquals(3, run.secondary().get("gc.count").value());
        assertTrue(run.secondary().get("gc.count").raw().isEmpty());
    }

    @Test
    void aBadRawValueNamesItsLineAndPathAsBefore() {
        String text = result(
                "      \"heap.retained\": {\"score\": 1, \"scoreUnit\": \"bytes\", \"rawData\": [[1, 2,\n"
                        + "        -4096, 4, 5, 6]]},\n"
                        + "      \"ops.cumulative\": {\"score\": 1, \"scoreUnit\": \"ops\", \"rawData\": [[10, 20, 30, 40, 50, 60]]}");
        Path file = Fixtures.write(dir, "negative.json", text);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals("/0/secondaryMetrics/heap.retained/rawData/0/2", e.field());
        assertEquals(text.substring(0, text.indexOf("-4096")).lines().count(), e.line(), e.describe());
        assertTrue(e.getMessage().contains("must not be negative: '-4096' (heap.retained is bytes)"), e.describe());
        Path ops = Fixtures.write(
                dir,
                "ops.json",
                result(
                        "      \"heap.retained\": {\"score\": 1, \"scoreUnit\": \"bytes\", \"rawData\": [[1, 2, 3, 4, 5, 6]]},\n"
                                + "      \"ops.cumulative\": {\"score\": 1, \"scoreUnit\": \"ops\", \"rawData\": [[10, 20, 30, 25.5, 50, 60]]}"));
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(ops)));
        assertEquals("/0/secondaryMetrics/ops.cumulative/rawData/0/3", e.field());
        assertTrue(e.getMessage().contains("decreases (25.5 after 30)"), e.describe());
    }

    private static final String HEADER = "benchmark,params,iteration,phase,ops.cumulative,heap.retained,threads.live\n";

    @Test
    void aDuplicateRowNamesTheLineOfTheFirstEvenWhenTrialsInterleave() {
        Path file = Fixtures.write(
                dir,
                "interleaved.csv",
                HEADER
                        + "b.C.m,k=1,1,warmup,10,100,2\n"
                        + "b.C.m,k=2,1,warmup,10,100,2\n"
                        + "\n"
                        + "b.C.m,k=1,1,measurement,20,100,2\n"
                        + "b.C.m,k=2,1,measurement,20,100,2\n"
                        + "b.C.m,k=1,2,measurement,30,100,2\n"
                        + "b.C.m,k=2,2,measurement,30,100,\n"
                        + "b.C.m,k=1,1,warmup,40,100,2\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals(9, e.line(), e.describe());
        assertEquals("iteration", e.field());
        assertTrue(
                e.getMessage().endsWith("duplicate row: warmup iteration 1 of this benchmark is already at line 2"),
                e.describe());
        Path measured = Fixtures.write(
                dir,
                "measured.csv",
                HEADER
                        + "b.C.m,k=1,1,measurement,20,100,2\n"
                        + "b.C.m,k=2,1,measurement,20,100,2\n"
                        + "b.C.m,k=1,2,measurement,30,100,2\n"
                        + "b.C.m,k=2,2,measurement,30,100,2\n"
                        + "b.C.m,k=2,1,measurement,40,100,2\n");
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(measured)));
        assertTrue(
                e.getMessage().endsWith("measurement iteration 1 of this benchmark is already at line 3"),
                e.describe());
    }

    @Test
    void aQuoteLaterInTheFileReadsTheSameRowsAndLines() throws Exception {
        StringBuilder plain = new StringBuilder(HEADER);
        for (int i = 1; i <= 20; i++) {
            plain.append("b.C.m,k=v,")
                    .append(i)
                    .append(",measurement,")
                    .append(i * 10)
                    .append(',')
                    .append(100 + i)
                    .append(",2\r\n");
        }
        String quoted = plain.toString().replace("b.C.m,k=v,15,", "\"b.C.m\",\"k=v\",15,");
        Path a = Fixtures.write(dir, "plain.csv", plain.toString());
        Path b = Fixtures.write(dir, "quoted.csv", quoted);
        Trial ta = Inputs.read(List.of(a)).runs().iterator().next().trials().get(0);
        Trial tb = Inputs.read(List.of(b)).runs().iterator().next().trials().get(0);
        assertArrayEquals(ta.ops(), tb.ops());
        assertArrayEquals(ta.metrics().get(Metrics.HEAP), tb.metrics().get(Metrics.HEAP));
        Path bad = Fixtures.write(dir, "bad.csv", quoted.replace(",200,", ",-200,"));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(bad)));
        assertEquals(21, e.line(), e.describe());
        Path cr = Fixtures.write(
                dir, "cr.csv", plain.toString().replace("\r\n", "\r").replace(",200,", ",-200,"));
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(cr)));
        assertEquals(21, e.line(), e.describe());
        Path open = Fixtures.write(dir, "open.csv", plain.toString().replace("b.C.m,k=v,15,", "b.C.m,\"k=v,15,"));
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(open)));
        assertEquals(16, e.line(), e.describe());
        assertTrue(e.getMessage().startsWith("malformed CSV"), e.describe());
    }

    @Test
    void classCountsKeepOnlyClassesThatChangedAndTheFirstSnapshotOfTheRest() throws Exception {
        StringBuilder series = new StringBuilder(HEADER);
        StringBuilder counts = new StringBuilder("iteration,phase,class,instances,bytes\n");
        for (int i = 1; i <= 8; i++) {
            series.append("b.C.m,,")
                    .append(i)
                    .append(",measurement,")
                    .append(i * 100)
                    .append(",1000,2\n");
        }
        counts.append("1,measurement,Steady,5,80\n1,measurement,Grows,1,16\n1,measurement,Gone,3,48\n");
        counts.append("3,measurement,Grows,2,32\n3,measurement,Late,4,64\n3,measurement,Gone,0,0\n");
        counts.append("5,measurement,Grows,3,48\n5,measurement,LateZero,0,0\n");
        Files.writeString(dir.resolve("t.class-counts.csv"), counts.toString());
        Path file = Fixtures.write(dir, "t.csv", series.toString());
        ClassCounts c = Inputs.read(List.of(file))
                .runs()
                .iterator()
                .next()
                .trials()
                .get(0)
                .classes();
        assertEquals(5, c.classesSeen());
        assertEquals(List.of("Gone", "Grows", "Late"), List.copyOf(c.instances().keySet()));
        assertArrayEquals(new long[] {1, 1, 2, 2, 3, 3, 3, 3}, c.instances().get("Grows"));
        assertArrayEquals(new long[] {0, 0, 4, 4, 4, 4, 4, 4}, c.instances().get("Late"));
        assertArrayEquals(new long[] {48, 48, 0, 0, 0, 0, 0, 0}, c.bytes().get("Gone"));
        assertFalse(c.instances().containsKey("Steady"));
        assertFalse(c.instances().containsKey("LateZero"));
        Map<String, long[]> bytes = c.bytes();
        assertArrayEquals(new long[] {16, 16, 32, 32, 48, 48, 48, 48}, bytes.get("Grows"));
    }
}
