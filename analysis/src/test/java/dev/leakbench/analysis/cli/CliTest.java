package dev.leakbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.analysis.testing.JmhJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"--help", "findings --help", "trend --help", "help findings"})
    void everyCommandHasHelp(String args) {
        Cli.Run run = Cli.run((Object[]) args.split(" "));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Usage: leakcheck"), run.out());
        assertTrue(run.out().contains("Exit codes"), run.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Cli.run().code());
        assertEquals(2, Cli.run("findings").code());
        assertEquals(2, Cli.run("findings", "--format", "pdf", "x.json").code());
        assertEquals(2, Cli.run("findings", "--heap", "lots", Fixtures.copy("jmh-1.37.json", dir)).code());
        assertEquals(2, Cli.run("trend", "x.json").code(), "--history is required");
        assertEquals(2, Cli.run("bogus").code());
    }

    @Test
    void leakExitsOneAndWritesAllReports() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run run = Cli.run("findings", Fixtures.copy("jmh-1.37.json", dir), "--heap", "4g", "--out", out);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().startsWith("VERDICT"), run.out());
        assertTrue(run.out().contains("exhaustion: a 4.00 GiB heap is full after"), run.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("findings.json").toFile());
        assertTrue(json.get("failed").asBoolean());
        JsonNode first = json.get("findings").get(0);
        for (String field : new String[]{"benchmark", "params", "verdict", "metric", "slopeBytesPerOp", "ci95", "pValue",
            "attribution", "evidence"}) {
            assertTrue(first.has(field), field + " in " + first);
        }
        assertTrue(Files.readString(out.resolve("findings.md")).contains("| **LEAK** |"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
    }

    @Test
    void cleanRunExitsZeroInEveryFormat() {
        Path f = Fixtures.copy("jmh-old-dot.json", dir);
        for (String fmt : new String[]{"text", "json", "md", "html"}) {
            Cli.Run run = Cli.run("findings", "--format", fmt, f);
            assertEquals(0, run.code(), fmt + ": " + run.err());
        }
    }

    @Test
    void allocationRegressionAgainstBaselineExitsOne() {
        Path f = Fixtures.copy("jmh-old-dot.json", dir);
        Cli.Run run = Cli.run("findings", f, "--baseline", Fixtures.copy("baseline.json", dir));
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("ALLOC_REGRESSION"), run.out());
    }

    private Path tonight(double scoreFactor, double allocFactor) throws Exception {
        JmhJson j = new JmhJson();
        for (int b = 0; b < 3; b++) {
            double[] score = new double[5];
            double[] alloc = new double[5];
            java.util.Arrays.fill(score, 1e6 * scoreFactor);
            java.util.Arrays.fill(alloc, 300 * allocFactor);
            j.add("dev.x.Bench.m" + b, Map.of("target", "embedded"), score).secondary("gc.alloc.rate.norm", "B/op", alloc)
                .secondary("gc.alloc.rate", "MB/sec", alloc);
        }
        return j.write(Files.createTempFile(dir, "tonight", ".json"));
    }

    private static String history(int nights, Random r) {
        StringBuilder sb = new StringBuilder("date,commit,benchmark,params,metric,value,unit\n");
        for (int d = 0; d < nights; d++) {
            String date = LocalDate.parse("2026-01-01").plusDays(d).toString();
            for (int b = 0; b < 3; b++) {
                sb.append(date).append(",c").append(d).append(",dev.x.Bench.m").append(b).append(",target=embedded,score,")
                    .append(1e6 * (1 + 0.01 * r.nextGaussian())).append(",ops/s\n");
                sb.append(date).append(",c").append(d).append(",dev.x.Bench.m").append(b)
                    .append(",target=embedded,gc.alloc.rate.norm,").append(300 * (1 + 0.01 * r.nextGaussian())).append(",B/op\n");
            }
        }
        return sb.toString();
    }

    @Test
    void trendAppendsComparesAndFailsOnlyOnALastingRegression() throws Exception {
        Path h = Fixtures.write(dir, "history.csv", history(30, new Random(1)));
        Path out = dir.resolve("trend");
        // night 31..32: allocation +40%: not yet a regression (fewer than 3 nights after the change)
        for (int d = 30; d < 32; d++) {
            Cli.Run run = Cli.run("trend", "--history", h, "--date", LocalDate.parse("2026-01-01").plusDays(d), "--commit",
                "n" + d, tonight(1, 1.4));
            assertEquals(0, run.code(), run.out() + run.err());
        }
        Cli.Run third = Cli.run("trend", "--history", h, "--date", "2026-02-02", "--commit", "n32", "--out", out,
            tonight(1, 1.4));
        assertEquals(1, third.code(), third.out() + third.err());
        assertTrue(third.out().contains("REGRESSION"), third.out());
        assertTrue(third.out().contains("gc.alloc.rate.norm"));
        assertTrue(Files.readString(out.resolve("trend.md")).contains("**REGRESSION**"));
        assertTrue(Files.readString(out.resolve("trend.html")).contains("<polyline"));
        // gc.alloc.rate has no direction in its unit (MB/sec): not recorded
        assertTrue(Files.readString(h).lines().noneMatch(l -> l.contains(",gc.alloc.rate,")));
        // the same night and commit again is not appended twice
        long lines = Files.readString(h).lines().count();
        Cli.Run again = Cli.run("trend", "--history", h, "--date", "2026-02-02", "--commit", "n32", tonight(1, 1.4));
        assertEquals(lines, Files.readString(h).lines().count());
        assertTrue(again.out().contains("were not appended again"), again.out());
    }

    @Test
    void trendRefusesABadHistoryAndLeavesItUntouched() throws Exception {
        Path h = Fixtures.write(dir, "history.csv", history(5, new Random(2)).replace(",c3,dev.x.Bench.m1,target=embedded,score,",
            ",c3,dev.x.Bench.m1,target=embedded,score,NaN"));
        byte[] before = Files.readAllBytes(h);
        Cli.Run run = Cli.run("trend", "--history", h, "--date", "2026-03-01", tonight(1, 1));
        assertEquals(2, run.code());
        assertTrue(run.err().contains(h + ":") && run.err().contains("field 'value'") && run.err().contains("history not changed"),
            run.err());
        assertArrayEquals(before, Files.readAllBytes(h));
    }

    @Test
    void trendWithABadInputFileLeavesTheHistoryUntouched() throws Exception {
        Path h = Fixtures.write(dir, "history.csv", history(5, new Random(3)));
        byte[] before = Files.readAllBytes(h);
        Cli.Run run = Cli.run("trend", "--history", h, Fixtures.write(dir, "t.json", "[{\"benchmark\": "));
        assertEquals(2, run.code());
        assertArrayEquals(before, Files.readAllBytes(h));
    }

    /** FastPath (which parses the ordinary command lines without picocli) knows the options the annotations declare. */
    @Test
    void fastPathKnowsExactlyTheOptionsPicocliDeclares() {
        picocli.CommandLine cl = new picocli.CommandLine(new LeakCheck());
        assertEquals(FastPath.VALUED.keySet(), new java.util.HashSet<>(cl.getSubcommands().keySet().stream()
            .filter(n -> !n.equals("help")).toList()));
        for (String name : FastPath.VALUED.keySet()) {
            java.util.Set<String> valued = new java.util.HashSet<>();
            java.util.Set<String> flags = new java.util.HashSet<>();
            for (picocli.CommandLine.Model.OptionSpec o : cl.getSubcommands().get(name).getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                assertEquals(1, o.names().length, "one name per option: " + java.util.Arrays.toString(o.names()));
                (o.arity().max() == 0 ? flags : valued).add(o.longestName());
            }
            assertEquals(valued, FastPath.VALUED.get(name), name);
            assertEquals(flags, FastPath.FLAGS.get(name), name);
        }
    }

    /** The same arguments through FastPath and through picocli (an argument file makes LeakCheck use picocli) agree. */
    @Test
    void fastPathAndPicocliGiveTheSameResult() throws Exception {
        Path f = Fixtures.copy("jmh-1.37.json", dir);
        for (String[] args : new String[][]{
            {"findings", "--heap", "4g", f.toString()},
            {"findings", "--format=json", "--all", f.toString()},
            {"findings", f.toString(), "--format", "md", "--", f.toString()},
            {"trend", "--history", dir.resolve("h.csv").toString(), "--no-append", "--date", "2026-01-05", f.toString()}}) {
            Cli.Run fast = Cli.run((Object[]) args);
            Path argFile = Files.write(dir.resolve("args.txt"), java.util.Arrays.asList(args).subList(1, args.length));
            Cli.Run slow = Cli.run(args[0], "@" + argFile);
            assertEquals(slow.code(), fast.code(), String.join(" ", args) + "\n" + fast.err() + slow.err());
            assertEquals(slow.out(), fast.out(), String.join(" ", args));
            assertEquals(slow.err(), fast.err(), String.join(" ", args));
        }
        // usage errors the fast path cannot tell are left to picocli, with its messages
        Cli.Run bad = Cli.run("findings", "--heap", "lots", f);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--heap"), bad.err());
        Cli.Run unknown = Cli.run("findings", "--hepa", "4g", f);
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option: '--hepa'"), unknown.err());
    }

    /**
     * trend reads tonight's files while it reads the history (once its lock file exists): an error
     * in tonight's files is still the one reported, and the history stays untouched.
     */
    @Test
    void aBadInputFileIsReportedBeforeABadHistoryAndLeavesNoTrace() throws Exception {
        Path h = Fixtures.write(dir, "history.csv", history(5, new Random(4)).replace(",c2,dev.x.Bench.m1,target=embedded,score,",
            ",c2,dev.x.Bench.m1,target=embedded,score,NaN"));
        Path bad = Fixtures.write(dir, "t.json", "[{\"benchmark\": ");
        byte[] before = Files.readAllBytes(h);
        // the first run: no lock file yet, none is made
        Cli.Run first = Cli.run("trend", "--history", h, bad);
        assertEquals(2, first.code());
        assertTrue(first.err().contains(bad.toString()), first.err());
        assertTrue(Files.notExists(dir.resolve("history.csv.lock")), "no lock file for a run that read nothing");
        // with the lock file of earlier nights: both files are read at once, tonight's error comes first
        Files.createFile(dir.resolve("history.csv.lock"));
        Cli.Run run = Cli.run("trend", "--history", h, bad);
        assertEquals(2, run.code());
        assertTrue(run.err().contains(bad.toString()) && !run.err().contains("field 'value'"), run.err());
        assertArrayEquals(before, Files.readAllBytes(h));
        // and a bad history with good input files names the history's line
        Cli.Run history = Cli.run("trend", "--history", h, "--date", "2026-03-01", tonight(1, 1));
        assertEquals(2, history.code());
        assertTrue(history.err().contains(h + ":") && history.err().contains("field 'value'"), history.err());
        assertArrayEquals(before, Files.readAllBytes(h));
    }
}
