package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.analysis.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static final String SERIES_HEADER = "benchmark,params,iteration,phase,ops.cumulative,heap.retained,threads.live\n";
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
            Arguments.of("jmh-missing-column.csv", "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\"\r\n"
                + "\"dev.x.B.m\",\"thrpt\",1,5,100.5,1.5\r\n", 1L, "Unit", "missing column"),
            Arguments.of("jmh-short-row.csv", JMH_CSV_HEADER + JMH_CSV_ROW + "\"dev.x.B.n\",\"thrpt\",1,5\r\n", 3L, null,
                "expected 8 fields"),
            Arguments.of("jmh-nan.csv", JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,NaN,1.5,\"ops/s\",embedded\r\n", 2L, "Score",
                "not a finite number"),
            Arguments.of("jmh-inf.csv", JMH_CSV_HEADER + "\"dev.x.B.m\",\"thrpt\",1,5,-Infinity,1.5,\"ops/s\",embedded\r\n", 2L,
                "Score", "not a finite number"),
            Arguments.of("jmh-dup.csv", JMH_CSV_HEADER + JMH_CSV_ROW + JMH_CSV_ROW, 3L, "Benchmark", "duplicate row"),
            Arguments.of("jmh-unknown.csv", JMH_CSV_HEADER + JMH_CSV_ROW
                + "\"dev.x.B.m:heap.retaind\",\"thrpt\",1,5,100.5,1.5,\"bytes\",embedded\r\n", 3L, "Benchmark", "unknown metric 'heap.retaind'"),
            Arguments.of("jmh-header-only.csv", JMH_CSV_HEADER, 1L, null, "no result rows"),
            Arguments.of("series-unknown.csv", "benchmark,params,iteration,phase,ops.cumulative,heap.retained,heap.bogus\n"
                + "b.C.m,,1,measurement,10,100,1\n", 1L, "heap.bogus", "unknown metric column"),
            Arguments.of("series-missing.csv", "benchmark,params,iteration,phase,heap.retained\nb.C.m,,1,measurement,100\n", 1L,
                "ops.cumulative", "missing column"),
            Arguments.of("series-nan.csv", SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,measurement,20,NaN,20\n", 3L,
                "heap.retained", "not a finite number"),
            Arguments.of("series-inf.csv", SERIES_HEADER + "b.C.m,,1,measurement,10,100,INF\n", 2L, "threads.live",
                "not a finite number"),
            Arguments.of("series-dup.csv", SERIES_HEADER + "b.C.m,k=v,1,measurement,10,100,20\nb.C.m,k=v,1,measurement,20,100,20\n",
                3L, "iteration", "duplicate row"),
            Arguments.of("series-phase.csv", SERIES_HEADER + "b.C.m,,1,steady,10,100,20\n", 2L, "phase", "must be 'warmup'"),
            Arguments.of("series-ops.csv", SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,measurement,5,100,20\n", 3L,
                "ops.cumulative", "decreases"),
            Arguments.of("series-order.csv", SERIES_HEADER + "b.C.m,,1,measurement,10,100,20\nb.C.m,,2,warmup,20,100,20\n", 3L,
                "phase", "warmup row after measurement"),
            Arguments.of("series-params.csv", SERIES_HEADER + "b.C.m,a=1;b,1,measurement,10,100,20\n", 2L, "params",
                "expected name=value"),
            Arguments.of("series-text.csv", SERIES_HEADER + "b.C.m,,1,measurement,ten,100,20\n", 2L, "ops.cumulative",
                "not a number"),
            Arguments.of("series-quote.csv", SERIES_HEADER + "b.C.m,\"unterminated,1,measurement,10,100,20\n", 2L, null,
                "malformed CSV"),
            Arguments.of("unknown-format.txt", "hello world\n", 1L, null, "not a JMH JSON, JMH CSV or LeakProfiler series CSV"));
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
