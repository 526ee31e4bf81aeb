package dev.leakbench.analysis.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.vocabulary.DumpsFormat;
import dev.leakbench.vocabulary.SeriesFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakcheck findings} with a dumps index beside a series: the trace reaches findings.json,
 * the text, Markdown and report.html of a heap LEAK; a STABLE series gets none; the dumps are
 * deleted unless kept; a bad index or an unreadable dump is named.
 */
class FindingsTraceTest {
    private static final String BENCH = "com.example.MemoBenchmark.check";
    private static final int PER_DUMP = 2_000;
    private static final double[] DUMP_OPS = {1e6, 5.5e6, 10e6};

    /** What the dumps see grow: a memo nobody bounds, and a smaller log beside it. */
    private static ConcurrentHashMap<Integer, String> memo;

    private static List<int[]> sideLog;

    @TempDir
    static Path shared;

    private static final List<Path> DUMPS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void dumpAGrowingMemo() throws IOException {
        memo = new ConcurrentHashMap<>();
        sideLog = new ArrayList<>();
        for (int d = 0; d < DUMP_OPS.length; d++) {
            for (int i = 0; i < PER_DUMP; i++) {
                memo.put(memo.size(), "decision-" + memo.size());
            }
            for (int i = 0; i < PER_DUMP / 4; i++) {
                sideLog.add(new int[1]);
            }
            Path f = shared.resolve("dump" + (d + 1) + ".hprof");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(f.toString(), true);
            DUMPS.add(f);
        }
        memo = null;
        sideLog = null;
    }

    @Test
    void aHeapLeakGetsItsTraceInEveryOutputAndTheDumpsAreDeleted() throws IOException {
        Path series = series(dir, true);
        Path index = index(dir, false, DUMP_OPS);
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("findings", "--out", out, series, index);
        assertEquals(1, run.code(), run.out() + run.err());
        String expected = "leak trace: static " + FindingsTraceTest.class.getName()
                + ".memo (ConcurrentHashMap) -> table[] -> +444 entries/Mop";
        assertTrue(run.out().contains(expected), run.out());
        assertTrue(run.err().contains("reading 3 heap dumps of MemoBenchmark.check"), run.err());
        String also = "also growing: static " + FindingsTraceTest.class.getName()
                + ".sideLog (ArrayList) -> elementData[] -> +111 entries/Mop";
        assertTrue(run.out().contains(also), run.out());

        JsonNode heap = heapFinding(out);
        JsonNode t = heap.get("leakTrace");
        assertEquals(
                "static " + FindingsTraceTest.class.getName() + ".memo",
                t.get("root").asText());
        assertEquals("memo", t.get("path").get(0).get("field").asText());
        assertEquals(
                FindingsTraceTest.class.getName(),
                t.get("path").get(0).get("holder").asText());
        assertEquals("table", t.get("path").get(1).get("field").asText());
        assertEquals(
                "java.util.concurrent.ConcurrentHashMap",
                t.get("path").get(1).get("holder").asText());
        assertEquals("[]", t.get("path").get(2).get("field").asText());
        assertEquals("elements", t.get("accumulation").get("what").asText());
        assertEquals(
                "java.util.concurrent.ConcurrentHashMap$Node",
                t.get("accumulation").get("type").asText());
        assertEquals(3 * PER_DUMP, t.get("accumulation").get("count").asLong());
        // 4,000 entries over 9e6 operations
        assertEquals(2.0 * PER_DUMP / 9e6 * 1e6, t.get("growthPerMop").asDouble(), 1e-6);
        double perEntry = t.get("retainedBytesPerOp").asDouble() * 9e6 / (2.0 * PER_DUMP);
        assertTrue(perEntry > 80 && perEntry < 160, perEntry + " B an entry");
        assertEquals(3, t.get("dumps").size());
        assertEquals(5.5e6, t.get("dumps").get(1).get("ops").asDouble());

        assertTrue(Files.readString(out.resolve("findings.md")).contains("leak trace: static"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<div class=\"trace\">"), "report.html draws the chain");
        assertTrue(html.contains("<span class=\"fld\">.table</span>"), "with its fields");
        assertTrue(html.contains("also growing: <code>static "), "and the other path that grew");
        assertEquals(
                "static " + FindingsTraceTest.class.getName() + ".sideLog",
                t.get("also").get(0).get("root").asText());
        for (int d = 1; d <= 3; d++) {
            assertFalse(Files.exists(dir.resolve("s.dump" + d + ".hprof")), "dump " + d + " deleted");
        }
        assertTrue(run.out().contains("deleted 3 heap dumps"), run.out());
    }

    @Test
    void keepDumpsKeepsThem() throws IOException {
        Cli.Run run = Cli.run("findings", series(dir, true), index(dir, true, DUMP_OPS));
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("leak trace: "), run.out());
        for (int d = 1; d <= 3; d++) {
            assertTrue(Files.exists(dir.resolve("s.dump" + d + ".hprof")), "dump " + d + " kept");
        }
    }

    @Test
    void aStableSeriesGetsNoTraceAndLeavesNoDump() throws IOException {
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("findings", "--out", out, series(dir, false), index(dir, false, DUMP_OPS));
        assertEquals(0, run.code(), run.out() + run.err());
        assertFalse(run.out().contains("leak trace"), run.out());
        assertFalse(run.err().contains("reading"), "a stable series' dumps are not read: " + run.err());
        assertNull(heapFinding(out).get("leakTrace"));
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.toString().endsWith(".hprof")).toList());
        }
    }

    @Test
    void anUnreadableDumpIsNamedAndTheLeakStillFails() throws IOException {
        Path series = series(dir, true);
        Path index = index(dir, false, DUMP_OPS);
        Path second = dir.resolve("s.dump2.hprof");
        byte[] whole = Files.readAllBytes(second);
        Files.write(second, java.util.Arrays.copyOf(whole, whole.length / 3)); // cut short, as a full disk leaves it
        Cli.Run run = Cli.run("findings", series, index);
        assertEquals(1, run.code(), "a leak is a leak: " + run.err());
        assertTrue(run.err().contains(second + ": not a readable heap dump"), run.err());
        assertFalse(run.out().contains("leak trace: "), run.out());
    }

    @Test
    void aBadIndexIsRefusedWithItsLineAndField() throws IOException {
        Path series = series(dir, true);
        Path index = index(dir, false, new double[] {1e6, 9e6, 5e6});
        Cli.Run run = Cli.run("findings", series, index);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(index + ":5: field 'ops.cumulative': must increase"), run.err());

        Files.writeString(index, Files.readString(index).replace("keepDumps=false", "keepDumps=maybe"));
        run = Cli.run("findings", series, index);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(index + ":1"), run.err());

        Path elsewhere = index(dir, false, DUMP_OPS);
        Files.writeString(elsewhere, Files.readString(elsewhere).replace("s.dump1.hprof", "../s.dump1.hprof"));
        run = Cli.run("findings", series, elsewhere);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("field 'file': must be a file name beside the index"), run.err());
    }

    @Test
    void traceCommandExplainsDumpsTakenByHand() throws IOException {
        Cli.Run run = Cli.run("trace", "--ops", "1000000,5500000,10000000", DUMPS.get(0), DUMPS.get(1), DUMPS.get(2));
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().startsWith("leak trace: static " + FindingsTraceTest.class.getName() + ".memo"), run.out());
        run = Cli.run("trace", "--json", "--ops", "1,2", DUMPS.get(0), DUMPS.get(2));
        assertEquals(0, run.code(), run.err());
        JsonNode t = new ObjectMapper().readTree(run.out());
        assertEquals(2.0 * PER_DUMP * 1e6, t.get("growthPerMop").asDouble(), 1e-3);

        assertEquals(
                2,
                Cli.run("trace", "--ops", "1,2", DUMPS.get(0), DUMPS.get(1), DUMPS.get(2))
                        .code());
        assertEquals(
                2, Cli.run("trace", "--ops", "2,1", DUMPS.get(0), DUMPS.get(1)).code());
        Path notADump = Files.writeString(dir.resolve("x.hprof"), "JAVA PROFILE 1.0.2 but nothing else");
        run = Cli.run("trace", "--ops", "1,2", DUMPS.get(0), notADump);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(notADump + ": not a readable heap dump"), run.err());
    }

    @Test
    void aLeakWithoutDumpsIsListedForATraceRunAndOneWithDumpsIsNot() throws IOException {
        Path series = series(dir, true);
        Files.writeString(
                series, Files.readString(series).replace(BENCH + ",,", BENCH + ",fault=unbounded-cache;n=2,"));
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("findings", "--out", out, series);
        assertEquals(1, run.code(), run.err());
        assertEquals(BENCH + "\tfault=unbounded-cache\tn=2\n", Files.readString(out.resolve("trace-targets.tsv")));

        run = Cli.run("findings", "--out", out, series(dir, true), index(dir, false, DUMP_OPS));
        assertEquals(1, run.code(), run.err());
        assertFalse(Files.exists(out.resolve("trace-targets.tsv")), "traced: nothing left to list");
    }

    /** A series of 10 measurement iterations, 1e6 operations apart: 100 B/op of growth, or flat. */
    private static Path series(Path dir, boolean leaking) throws IOException {
        StringBuilder sb = new StringBuilder(SeriesFormat.versionLine()).append('\n');
        sb.append("benchmark,params,iteration,phase,ops.cumulative,heap.retained\n");
        for (int i = 1; i <= 10; i++) {
            long ops = i * 1_000_000L;
            long heap = 50_000_000L + (leaking ? 100 * ops : (i % 3) * 1000L);
            sb.append(BENCH)
                    .append(",,")
                    .append(i)
                    .append(",measurement,")
                    .append(ops)
                    .append(',')
                    .append(heap)
                    .append('\n');
        }
        Path f = dir.resolve("s.csv");
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    /** The index of copies of the shared dumps, at {@code ops}. */
    private static Path index(Path dir, boolean keep, double[] ops) throws IOException {
        StringBuilder sb = new StringBuilder(DumpsFormat.firstLine(keep)).append('\n');
        sb.append(String.join(",", DumpsFormat.COLUMNS)).append('\n');
        for (int d = 0; d < DUMPS.size(); d++) {
            String name = "s.dump" + (d + 1) + ".hprof";
            Files.copy(DUMPS.get(d), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            sb.append(BENCH)
                    .append(",,")
                    .append(d + 1)
                    .append(',')
                    .append(d * 5 + 1)
                    .append(',')
                    .append((long) ops[d])
                    .append(",50000000,")
                    .append(name)
                    .append(',')
                    .append(Files.size(dir.resolve(name)))
                    .append(",0.100\n");
        }
        Path f = dir.resolve("s" + DumpsFormat.SUFFIX);
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        return f;
    }

    private static JsonNode heapFinding(Path out) throws IOException {
        for (JsonNode f : new ObjectMapper()
                .readTree(out.resolve("findings.json").toFile())
                .get("findings")) {
            if (f.get("metric").asText().equals("heap.retained")) {
                return f;
            }
        }
        throw new AssertionError("no heap.retained finding");
    }
}
