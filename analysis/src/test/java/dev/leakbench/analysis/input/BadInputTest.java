package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.analysis.testing.JmhJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input names file, line and field, and exits 2. */
class BadInputTest {
    @TempDir
    Path dir;

    private static final String SERIES_HEADER =
            "benchmark,params,iteration,phase,ops.cumulative,heap.retained,threads.live\n";
    private static final String JMH_CSV_HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
            + "\"Score Error (99.9%)\",\"Unit\",\"Param: target\"\r\n";
    private static final String JMH_CSV_ROW = "\"dev.x.B.m\",\"thrpt\",1,5,100.5,1.5,\"ops/s\",embedded\r\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, content, expected line, expected field (null: none), message fragment
                Arguments.of("empty.json", "", 0L, null, "empty file"),
                Arguments.of("blank.csv", "  \n\n", 0L, null, "empty file"),
                Arguments.of("object.json", "{\"benchmark\": \"x\"}", 1L, null, "expected a JSON array"),
                Arguments.of("none.json", "[\n]\n", 2L, null, "no benchmark results"),
                Arguments.of(
                        "jmh-missing-column.csv",
                        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\"\r\n"
                                + "\"dev.x.B.m\",\"thrpt\",1,5,100.5,1.5\r\n",
                        1L,
                        "Unit",
                        "missing column"),
                Arguments.of(
                        "jmh-short-row.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW + "\"dev.x.B.n\",\"thrpt\",1,5\r\n",
                        3L,
                        null,
                        "expected 8 fields"),
                Arguments.of(
                        "jmh-nan.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,NaN,1.5,\"ops/s\",embedded\r\n",
                        2L,
                        "Score",
                        "not a finite number"),
                Arguments.of(
                        "jmh-inf.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,-Infinity,1.5,\"ops/s\",embedded\r\n",
                        2L,
                        "Score",
                        "not a finite number"),
                Arguments.of(
                        "jmh-dup.csv", JMH_CSV_HEADER + JMH_CSV_ROW + JMH_CSV_ROW, 3L, "Benchmark", "duplicate row"),
                Arguments.of(
                        "jmh-unknown.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW
                                + "\"dev.x.B.m:heap.retaind\",\"thrpt\",1,5,100.5,1.5,\"bytes\",embedded\r\n",
                        3L,
                        "Benchmark",
                        "unknown metric 'heap.retaind'"),
                Arguments.of("jmh-header-only.csv", JMH_CSV_HEADER, 1L, null, "no result rows"),
                Arguments.of(
                        "series-unknown.csv",
                        "benchmark,params,iteration,phase,ops.cumulative,heap.retained,heap.bogus\n"
                                + "b.C.m,,1,measurement,10,100,1\n",
                        1L,
                        "heap.bogus",
                        "unknown metric column"),
                Arguments.of(
                        "series-missing.csv",
                        "benchmark,params,iteration,phase,heap.retained\nb.C.m,,1,measurement,100\n",
                        1L,
                        "ops.cumulative",
                        "missing column"),
                Arguments.of(
                        "series-nan.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,measurement,20,NaN,20\n",
                        3L,
                        "heap.retained",
                        "not a finite number"),
                Arguments.of(
                        "series-inf.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,INF\n",
                        2L,
                        "threads.live",
                        "not a finite number"),
                Arguments.of(
                        "series-dup.csv",
                        SERIES_HEADER + "b.C.m,k=v,1,measurement,10,100,20\nb.C.m,k=v,1,measurement,20,100,20\n",
                        3L,
                        "iteration",
                        "duplicate row"),
                Arguments.of(
                        "series-phase.csv",
                        SERIES_HEADER + "b.C.m,,1,steady,10,100,20\n",
                        2L,
                        "phase",
                        "must be 'warmup'"),
                Arguments.of(
                        "series-ops.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,measurement,5,100,20\n",
                        3L,
                        "ops.cumulative",
                        "decreases"),
                Arguments.of(
                        "series-order.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,warmup,20,100,20\n",
                        3L,
                        "phase",
                        "warmup row after measurement"),
                Arguments.of(
                        "series-params.csv",
                        SERIES_HEADER + "b.C.m,a=1;b,1,measurement,10,100,20\n",
                        2L,
                        "params",
                        "expected name=value"),
                Arguments.of(
                        "series-text.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,ten,100,20\n",
                        2L,
                        "ops.cumulative",
                        "not a number"),
                Arguments.of(
                        "series-quote.csv",
                        SERIES_HEADER + "b.C.m,\"unterminated,1,measurement,10,100,20\n",
                        2L,
                        null,
                        "malformed CSV"),
                Arguments.of(
                        "unknown-format.txt",
                        "hello world\n",
                        1L,
                        null,
                        "not a JMH JSON, JMH CSV, LeakProfiler series CSV or dumps index"),
                // physically impossible values: bytes, counts and operations are never negative
                Arguments.of(
                        "series-neg-heap.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,measurement,20,-100,20\n",
                        3L,
                        "heap.retained",
                        "must not be negative: '-100'"),
                Arguments.of(
                        "series-neg-gauge.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,10,100,-3\n",
                        2L,
                        "threads.live",
                        "must not be negative: '-3' (threads.live is a count)"),
                Arguments.of(
                        "series-neg-ops.csv",
                        SERIES_HEADER + "b.C.m,,1,measurement,-10,100,20\n",
                        2L,
                        "ops.cumulative",
                        "must not be negative"),
                Arguments.of(
                        "series-neg-root.csv",
                        "benchmark,params,iteration,phase,ops.cumulative,heap.retained,root.cache\n"
                                + "b.C.m,,1,measurement,10,100,-0.5\n",
                        2L,
                        "root.cache",
                        "must not be negative: '-0.5' (root.cache is bytes)"),
                Arguments.of(
                        "jmh-neg-score.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,-100.5,1.5,\"ops/s\",embedded\r\n",
                        2L,
                        "Score",
                        "must not be negative: '-100.5' (a throughput or a time per operation)"),
                Arguments.of(
                        "jmh-neg-alloc.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW
                                + "\"dev.x.B.m:gc.alloc.rate.norm\",\"thrpt\",1,5,-8.000000,0.5,\"B/op\",embedded\r\n",
                        3L,
                        "Score",
                        "must not be negative: '-8.000000' (gc.alloc.rate.norm is bytes per operation)"),
                Arguments.of(
                        "jmh-neg-heap.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW
                                + "\"dev.x.B.m:heap.retained\",\"thrpt\",1,5,-67108864.000000,1024.0,\"bytes\",embedded\r\n",
                        3L,
                        "Score",
                        "must not be negative"),
                Arguments.of(
                        "jmh-nan-heap.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW
                                + "\"dev.x.B.m:heap.retained\",\"thrpt\",1,5,NaN,NaN,\"bytes\",embedded\r\n",
                        3L,
                        "Score",
                        "not a finite number"),
                Arguments.of(
                        "jmh-neg-gauge.csv",
                        JMH_CSV_HEADER + JMH_CSV_ROW
                                + "\"dev.x.B.m:threads.live\",\"thrpt\",1,5,-1.000000,NaN,\"threads\",embedded\r\n",
                        3L,
                        "Score",
                        "must not be negative"),
                Arguments.of(
                        "jmh-neg-error.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,100.5,-1.5,\"ops/s\",embedded\r\n",
                        2L,
                        SCORE_ERROR,
                        "must not be negative: '-1.5'"),
                Arguments.of(
                        "jmh-inf-error.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,100.5,Infinity,\"ops/s\",embedded\r\n",
                        2L,
                        SCORE_ERROR,
                        "not a finite number"),
                Arguments.of(
                        "jmh-threads.csv",
                        JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",0,5,100.5,1.5,\"ops/s\",embedded\r\n",
                        2L,
                        "Threads",
                        "not a thread count"));
    }

    private static final String SCORE_ERROR = "Score Error (99.9%)";

    /** One benchmark with LeakProfiler and gc metrics, every array longer than one (no "NaN" error bars). */
    private static String leakProfilerJson() throws IOException {
        JmhJson j = new JmhJson();
        double[] ops = {1e6, 2e6, 3e6, 4e6, 5e6, 6e6};
        j.add("dev.x.B.m", Map.of("target", "embedded"), new double[] {1000.5, 1001.5, 999.5, 1000.5, 1002.5, 998.5})
                .secondary("heap.retained", "bytes", new double[] {6.4e7, 6.41e7, 6.42e7, 6.43e7, 6.44e7, 6.45e7})
                .secondary("ops.cumulative", "ops", ops)
                .secondary("threads.live", "threads", new double[] {19, 19, 20, 19, 19, 19})
                .secondary("gauge.connections.active", "count", new double[] {0, 1, 0, 0, 1, 0})
                .secondary("gc.alloc.rate.norm", "B/op", new double[] {312, 313, 312, 312, 313, 312})
                .secondary("gc.alloc.rate", "MB/sec", new double[] {357, 358, 357, 357, 358, 357});
        return j.text();
    }

    static Stream<Arguments> impossibleJsonValues() {
        return Stream.of(
                // JSON pointer of the value replaced, its new JSON text, text that finds its line, message
                Arguments.of(
                        "/0/secondaryMetrics/heap.retained/rawData/0/3",
                        "-4096.25",
                        "-4096.25",
                        "must not be negative: '-4096.25' (heap.retained is bytes)"),
                Arguments.of("/0/secondaryMetrics/heap.retained/score", "-4097.25", "-4097.25", "must not be negative"),
                Arguments.of("/0/secondaryMetrics/heap.retained/score", "\"NaN\"", "\"NaN\"", "not a finite number"),
                Arguments.of(
                        "/0/secondaryMetrics/heap.retained/rawData/0/0", "\"+INF\"", "\"+INF\"", "not a finite number"),
                Arguments.of(
                        "/0/secondaryMetrics/threads.live/rawData/0/2",
                        "-19.25",
                        "-19.25",
                        "must not be negative: '-19.25' (threads.live is a count)"),
                Arguments.of("/0/secondaryMetrics/threads.live/score", "-19.5", "-19.5", "must not be negative"),
                Arguments.of(
                        "/0/secondaryMetrics/gauge.connections.active/rawData/0/1",
                        "\"-INF\"",
                        "\"-INF\"",
                        "not a finite number"),
                Arguments.of(
                        "/0/secondaryMetrics/ops.cumulative/rawData/0/0",
                        "-1000.5",
                        "-1000.5",
                        "must not be negative: '-1000.5' (ops.cumulative counts operations)"),
                Arguments.of("/0/secondaryMetrics/ops.cumulative/rawData/0/4", "12345.5", "12345.5", "decreases"),
                Arguments.of(
                        "/0/secondaryMetrics/gc.alloc.rate.norm/rawData/0/0",
                        "-8.25",
                        "-8.25",
                        "must not be negative: '-8.25' (gc.alloc.rate.norm is bytes per operation)"),
                Arguments.of(
                        "/0/secondaryMetrics/gc.alloc.rate.norm/score", "\"NaN\"", "\"NaN\"", "not a finite number"),
                Arguments.of(
                        "/0/primaryMetric/score",
                        "-1201234.5",
                        "-1201234.5",
                        "must not be negative: '-1201234.5' (a throughput or a time per operation)"),
                Arguments.of("/0/primaryMetric/rawData/0/1", "\"+INF\"", "\"+INF\"", "not a finite number"),
                Arguments.of("/0/primaryMetric/scoreError", "-3.5", "-3.5", "must not be negative: '-3.5'"),
                Arguments.of("/0/primaryMetric/scoreError", "\"+INF\"", "\"+INF\"", "not a finite number"),
                Arguments.of("/0/threads", "0", "\"threads\" : 0", "not a thread count"),
                Arguments.of("/0/threads", "1.5", "\"threads\" : 1.5", "not a thread count"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("impossibleJsonValues")
    void physicallyImpossibleJsonValuesNameTheirLineAndPath(String pointer, String value, String needle, String message)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(leakProfilerJson());
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), mapper.readTree(value));
        } else {
            ((ObjectNode) parent).set(last, mapper.readTree(value));
        }
        String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        int at = text.indexOf(needle);
        assertTrue(at >= 0 && text.indexOf(needle, at + 1) < 0, "the needle finds one place: " + needle);
        long line = text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        Path file = Fixtures.write(dir, "impossible.json", text);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals(pointer, e.field(), e.describe());
        assertEquals(line, e.line(), e.describe());
        assertTrue(e.getMessage().contains(message), e.describe());
        Cli.Run run = Cli.run("findings", file);
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains(file + ":" + line + ": field '" + pointer + "': "), run.err());
        assertEquals("", run.out(), "no report from impossible input");
    }

    /** What JMH writes for legitimate runs is read as it is. */
    @Test
    void legitimateJmhValuesAreAccepted() throws IOException, BadInputException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(leakProfilerJson());
        ObjectNode threads = (ObjectNode) root.at("/0/secondaryMetrics/threads.live");
        ((ArrayNode) threads.get("rawData").get(0)).set(1, mapper.readTree("\"NaN\"")); // not measured that iteration
        ObjectNode gauge = (ObjectNode) root.at("/0/secondaryMetrics/gauge.connections.active");
        gauge.put("score", "NaN"); // never measured
        gauge.put("scoreError", "NaN");
        ArrayNode none = gauge.putArray("rawData").addArray();
        for (int i = 0; i < 6; i++) {
            none.add("NaN");
        }
        ((ObjectNode) root.at("/0/primaryMetric")).put("scoreError", "NaN"); // one sample: no error bar
        ((ObjectNode) root.at("/0/secondaryMetrics/gc.alloc.rate"))
                .put("score", -1.0); // another profiler's: not judged
        ((ArrayNode) root.at("/0/secondaryMetrics/gc.alloc.rate.norm/rawData/0")).set(0, mapper.readTree("0"));
        Path file = Fixtures.write(
                dir, "legit.json", mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        BenchmarkRun run = Inputs.read(List.of(file)).runs().iterator().next();
        assertTrue(Double.isNaN(run.trials().get(0).metrics().get("threads.live")[1]));
        assertTrue(Double.isNaN(run.secondary().get("gauge.connections.active").value()));
        assertTrue(Double.isNaN(run.primary().error()));
        assertEquals(0.0, run.secondary().get(Metrics.ALLOC).raw().get(0)[0]);
        Cli.Run analysed = Cli.run("findings", file);
        assertTrue(analysed.code() != 2 && analysed.out().contains("heap.retained"), analysed.err());
    }

    /** The JMH CSV of the same: a gauge never measured is "NaN" there too. */
    @Test
    void aGaugeNeverMeasuredIsNaNInJmhCsvAsInJson() throws BadInputException {
        Path file = Fixtures.write(
                dir,
                "gauge-nan.csv",
                JMH_CSV_HEADER + JMH_CSV_ROW
                        + "\"dev.x.B.m:gauge.streams.open\",\"thrpt\",1,5,NaN,NaN,\"count\",embedded\r\n");
        BenchmarkRun run = Inputs.read(List.of(file)).runs().iterator().next();
        assertTrue(Double.isNaN(run.secondary().get("gauge.streams.open").value()));
    }

    @Test
    void binaryGarbageInsideAFileOfARecognisedFormat() throws IOException {
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, (byte) 0x80, '\n'};
        Path csv = dir.resolve("series-binary.csv");
        Files.write(csv, concat(SERIES_HEADER.getBytes(StandardCharsets.UTF_8), junk));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(csv)));
        assertEquals(csv.toString(), e.file());
        assertEquals(2, e.line(), e.describe());
        assertTrue(e.getMessage().contains("not UTF-8 text"), e.describe());
        Path json = dir.resolve("binary.json");
        Files.write(json, concat("[\n  {\"benchmark\": \"".getBytes(StandardCharsets.UTF_8), junk));
        BadInputException j = assertThrows(BadInputException.class, () -> Inputs.read(List.of(json)));
        assertEquals(json.toString(), j.file());
        assertEquals(2, j.line(), j.describe());
        assertTrue(j.getMessage().contains("malformed or truncated JSON"), j.describe());
        for (Path p : List.of(csv, json)) {
            Cli.Run run = Cli.run("findings", p);
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith("leakcheck findings: bad input: " + p + ":2: "), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesFileLineAndFieldAndExitsTwo(String name, String content, long line, String field, String message) {
        Path file = Fixtures.write(dir, name, content);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals(file.toString(), e.file());
        assertEquals(line, e.line(), e.describe());
        assertEquals(field, e.field(), e.describe());
        assertTrue(e.getMessage().contains(message), e.describe());
        Cli.Run run = Cli.run("findings", file);
        assertEquals(2, run.code());
        assertTrue(run.err().contains(file.toString()) && run.err().contains(message), run.err());
    }

    private Path brokenJson(java.util.function.UnaryOperator<String> edit) throws IOException {
        String text = Files.readString(Fixtures.copy("jmh-1.37.json", dir));
        return Fixtures.write(dir, "broken.json", edit.apply(text));
    }

    private static long lineOf(String text, String fragment, int occurrence) {
        int at = -1;
        for (int i = 0; i <= occurrence; i++) {
            at = text.indexOf(fragment, at + 1);
        }
        return text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void truncatedJsonNamesTheLineWhereItEnds() throws IOException {
        String text = Files.readString(Fixtures.copy("jmh-1.37.json", dir));
        String cut = text.substring(0, text.length() / 2);
        Path file = Fixtures.write(dir, "truncated.json", cut);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertTrue(e.getMessage().contains("truncated JSON"), e.describe());
        assertEquals(cut.lines().count(), e.line(), 1.0);
        assertTrue(e.field() != null && e.field().startsWith("/"), e.describe());
    }

    @Test
    void nanInRawDataNamesItsExactLineAndPath() throws IOException {
        Path file = brokenJson(t -> {
            int raw = t.indexOf("\"rawData\"", t.indexOf("\"heap.retained\""));
            int start = raw;
            while (!Character.isDigit(t.charAt(start))) {
                start++;
            }
            int end = t.indexOf(',', start);
            return t.substring(0, start) + "\"NaN\"" + t.substring(end);
        });
        String text = Files.readString(file);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals("/0/secondaryMetrics/heap.retained/rawData/0/0", e.field(), e.describe());
        int at = text.indexOf("\"NaN\"", text.indexOf("\"rawData\"", text.indexOf("\"heap.retained\"")));
        assertEquals(text.substring(0, at).chars().filter(c -> c == '\n').count() + 1, e.line(), e.describe());
        assertTrue(e.getMessage().contains("not a finite number"));
    }

    @Test
    void infinityScoreIsRejected() throws IOException {
        Path file = brokenJson(t -> t.replaceFirst("\"score\": [0-9.eE+]+", "\"score\": \"Infinity\""));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals("/0/primaryMetric/score", e.field(), e.describe());
    }

    @Test
    void nanScoreErrorIsWhatJmhWritesForOneSampleAndIsAccepted() throws Exception {
        Path file = brokenJson(t -> t.replaceFirst("\"scoreError\": [0-9.eE+]+", "\"scoreError\": \"NaN\""));
        RunSet set = Inputs.read(List.of(file));
        assertEquals(3, set.runs().size());
    }

    @Test
    void missingPrimaryMetric() throws IOException {
        Path file = brokenJson(t -> t.replaceFirst("\"primaryMetric\"", "\"primaryMetrik\""));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals("/0/primaryMetric", e.field(), e.describe());
    }

    @Test
    void unknownLeakProfilerMetricInJson() throws IOException {
        Path file = brokenJson(t -> t.replaceFirst("\"threads.live\"", "\"threads.alive\""));
        String text = Files.readString(file);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertEquals("/0/secondaryMetrics/threads.alive", e.field(), e.describe());
        assertEquals(lineOf(text, "\"threads.alive\"", 0), e.line());
        assertTrue(e.getMessage().contains("unknown metric"));
    }

    @Test
    void duplicateBenchmarkEntry() throws IOException {
        Path file = brokenJson(t -> {
            int second = t.indexOf("    {", 10);
            int end = t.lastIndexOf(']');
            String first = t.substring(t.indexOf('{'), second).strip();
            return t.substring(0, end).stripTrailing() + ",\n    " + first.substring(0, first.length() - 1) + "\n]\n";
        });
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertTrue(e.getMessage().contains("duplicate result"), e.describe());
        assertEquals("/3", e.field());
    }

    @Test
    void sameMetricWithAndWithoutTheDotPrefix() throws IOException {
        Path file = brokenJson(t -> t.replaceFirst("\"gc.count\"", "\"\u00b7gc.alloc.rate.norm\""));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(file)));
        assertTrue(e.getMessage().contains("appears twice"), e.describe());
    }

    @Test
    void theSameResultInTwoFilesIsADuplicate() {
        Path a = Fixtures.copy("jmh-1.37.json", dir);
        Path b = Fixtures.write(dir, "again.json", readUnchecked(a));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(a, b)));
        assertTrue(e.getMessage().contains("already read from " + a), e.describe());
    }

    @Test
    void classesFileWithAMissingColumn() {
        Path series = Fixtures.copy("series-leak.csv", dir);
        Fixtures.write(dir, "series-leak.classes.csv", "class,instances_first,bytes_first,instances_last\nX,1,2,3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(series)));
        assertEquals("bytes_last", e.field());
        assertTrue(e.file().endsWith("series-leak.classes.csv"));
    }

    @Test
    void aMissingFile() {
        Cli.Run run = Cli.run("findings", dir.resolve("nope.json"));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("no such file"), run.err());
    }

    private static String readUnchecked(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
