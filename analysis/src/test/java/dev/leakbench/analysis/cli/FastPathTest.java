package dev.leakbench.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.analysis.testing.JmhJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * FastPath runs the ordinary command lines without picocli; these hold it to picocli: the same
 * options, and the same exit code, standard output and standard error for the same arguments
 * (an argument file, {@code @FILE}, sends the same arguments through picocli), on good input and
 * on every kind of bad input and usage error.
 */
class FastPathTest {
    @TempDir
    Path dir;

    @Test
    void fastPathKnowsExactlyTheOptionsPicocliDeclares() {
        CommandLine cl = new CommandLine(new LeakCheck());
        assertEquals(
                FastPath.VALUED.keySet(),
                new HashSet<>(cl.getSubcommands().keySet().stream()
                        // trace reads heap dumps for seconds: picocli's start-up cost does not matter there
                        .filter(n -> !n.equals("help") && !n.equals("trace"))
                        .toList()));
        for (String name : FastPath.VALUED.keySet()) {
            Set<String> valued = new HashSet<>();
            Set<String> flags = new HashSet<>();
            CommandLine.Model.CommandSpec spec = cl.getSubcommands().get(name).getCommandSpec();
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                assertEquals(1, o.names().length, "one name per option: " + Arrays.toString(o.names()));
                assertFalse(o.isMultiValue(), o.longestName() + " takes one value");
                (o.arity().max() == 0 ? flags : valued).add(o.longestName());
            }
            assertEquals(valued, FastPath.VALUED.get(name), name);
            assertEquals(flags, FastPath.FLAGS.get(name), name);
            // the positionals FastPath assumes: findings 1..*, trend 0..*, detection exactly one
            List<CommandLine.Model.PositionalParamSpec> pos = spec.positionalParameters();
            assertEquals(1, pos.size(), name);
            String arity = switch (name) {
                case "findings" -> "1..*";
                case "trend" -> "0..*";
                default -> "1";
            };
            assertEquals(CommandLine.Range.valueOf(arity), pos.get(0).arity(), name);
        }
        assertTrue(cl.getSubcommands()
                .get("trend")
                .getCommandSpec()
                .findOption("--history")
                .required());
    }

    /** One run in a fresh directory: the setup's files, the arguments, and the result with that directory as DIR. */
    private Cli.Run inFreshDir(String tag, Function<Path, Object[]> setup, boolean picocli) throws IOException {
        Path d = Files.createDirectories(dir.resolve(tag + (picocli ? "-picocli" : "-fast")));
        Object[] args = setup.apply(d);
        Cli.Run run;
        if (picocli && args.length > 0) {
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                rest.add(quote(String.valueOf(args[i])));
            }
            Path argFile =
                    Files.write(Files.createDirectories(dir.resolve("argfiles")).resolve(tag + ".txt"), rest);
            run = Cli.run(args[0], "@" + argFile);
        } else {
            run = Cli.run(args);
        }
        String d0 = d.toString();
        return new Cli.Run(run.code(), run.out().replace(d0, "DIR"), run.err().replace(d0, "DIR"));
    }

    /** An argument as picocli's argument files take it: quoted when it has spaces, quotes or is empty. */
    private static String quote(String a) {
        if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\'' || c == '\\' || c == '#')) {
            return a;
        }
        return "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void assertSameBothWays(String tag, Function<Path, Object[]> setup) throws IOException {
        Cli.Run fast = inFreshDir(tag, setup, false);
        Cli.Run slow = inFreshDir(tag, setup, true);
        assertEquals(slow.code(), fast.code(), tag + "\nfast: " + fast.err() + "\npicocli: " + slow.err());
        assertEquals(slow.out(), fast.out(), tag);
        assertEquals(slow.err(), fast.err(), tag);
    }

    private static Path copy(String fixture, Path d) {
        return Fixtures.copy(fixture, d);
    }

    private static Path history(Path d, int nights) {
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder("date,commit,benchmark,params,metric,value,unit\n");
        for (int n = 0; n < nights; n++) {
            String date = LocalDate.parse("2026-01-01").plusDays(n).toString();
            for (int b = 0; b < 3; b++) {
                sb.append(date)
                        .append(",c")
                        .append(n)
                        .append(",dev.x.Bench.m")
                        .append(b)
                        .append(",target=embedded,score,")
                        .append(1e6 * (1 + 0.01 * r.nextGaussian()))
                        .append(",ops/s\n");
            }
        }
        return Fixtures.write(d, "history.csv", sb.toString());
    }

    private static Path tonight(Path d, double factor) {
        JmhJson j = new JmhJson();
        for (int b = 0; b < 3; b++) {
            double[] score = new double[5];
            Arrays.fill(score, 1e6 * factor);
            j.add("dev.x.Bench.m" + b, Map.of("target", "embedded"), score)
                    .secondary("gc.alloc.rate.norm", "B/op", new double[] {300, 301, 300, 302, 300});
        }
        try {
            return j.write(d.resolve("tonight.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path runs(Path d) {
        try {
            Path run = Files.createDirectories(d.resolve("runs/r1"));
            Files.writeString(
                    run.resolve("run.properties"), "benchmark=B\nfault=none\nfaultEvery=0\nseed=1\nlength=quick\n");
            return d.resolve("runs");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void goodCommandLinesGiveTheSameResultBothWays() throws Exception {
        assertSameBothWays("findings-leak", d -> new Object[] {"findings", "--heap", "4g", copy("jmh-1.37.json", d)});
        assertSameBothWays("findings-out", d ->
                new Object[] {"findings", copy("jmh-1.37.json", d), "--out", d.resolve("out"), "--all"});
        assertSameBothWays(
                "findings-eq", d -> new Object[] {"findings", "--format=json", "--all", copy("jmh-1.37.json", d)});
        for (String fmt : new String[] {"text", "json", "md", "html"}) {
            assertSameBothWays(
                    "findings-" + fmt, d -> new Object[] {"findings", "--format", fmt, copy("jmh-old-dot.json", d)});
        }
        assertSameBothWays(
                "findings-dashdash", d -> new Object[] {
                    "findings", copy("jmh-old-dot.json", d), "--format", "md", "--", copy("jmh-1.37.json", d)
                });
        assertSameBothWays("findings-baseline", d ->
                new Object[] {"findings", copy("jmh-old-dot.json", d), "--baseline", copy("baseline.json", d)});
        assertSameBothWays("findings-config", d -> new Object[] {
            "findings", copy("jmh-1.37.json", d), "--config", Fixtures.write(d, "t.cfg", "noise.k = 5\n")
        });
        assertSameBothWays("findings-series", d -> new Object[] {"findings", copy("series-leak.csv", d)});
        assertSameBothWays("trend-append", d -> new Object[] {
            "trend",
            "--history",
            history(d, 30),
            "--date",
            "2026-01-31",
            "--commit",
            "n30",
            "--out",
            d.resolve("out"),
            tonight(d, 1)
        });
        assertSameBothWays("trend-regression", d -> new Object[] {
            "trend", "--history=" + history(d, 30), "--date= 2026-01-31", "--commit", "n30", tonight(d, 0.5)
        });
        assertSameBothWays("trend-no-append", d -> new Object[] {
            "trend",
            "--no-append",
            "--history",
            history(d, 30),
            "--date",
            "2026-01-31",
            "--format",
            "json",
            tonight(d, 1)
        });
        assertSameBothWays("trend-new", d ->
                new Object[] {"trend", "--history", d.resolve("new/h.csv"), "--date", "2026-01-31", tonight(d, 1)});
        assertSameBothWays(
                "trend-nothing", d -> new Object[] {"trend", "--history", history(d, 3), "--date", "2026-01-31"});
        assertSameBothWays("detection", d -> new Object[] {"detection", runs(d), "--out", d.resolve("out")});
    }

    /** A command line of {@link #unusualCommandLinesAreLeftToPicocli} with its placeholders made files of {@code d}. */
    private static Object[] unusual(Object[] line, Path d) {
        Path f = copy("jmh-old-dot.json", d);
        Path afile = Fixtures.write(d, "afile", "x");
        Path runs = runs(d);
        Object[] a = line.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = switch (String.valueOf(a[i])) {
                case "F" -> f.toString();
                case "F\0" -> f + "\0";
                case "H" -> d.resolve("h.csv").toString();
                case "R" -> runs.toString();
                case "O" -> d.resolve("o").toString();
                case "AFILE" -> afile.toString();
                case "AFILE/sub" -> afile.resolve("sub").toString();
                default -> a[i];
            };
        }
        return a;
    }

    /**
     * Help, version, no or an unknown command, unknown, repeated or misspelt options, missing, empty or
     * odd values, values that do not convert, usage errors the commands find before their work: the
     * fast path leaves all of them to picocli, having printed and touched nothing, and the result is
     * picocli's.
     */
    @Test
    void unusualCommandLinesAreLeftToPicocli() throws Exception {
        Object[][] lines = {
            {},
            {"findings"},
            {"findings", "--help"},
            {"findings", "-h"},
            {"--version"},
            {"findings", "--version"},
            {"help", "trend"},
            {"bogus", "F"},
            {"findings", "--hepa", "4g", "F"},
            {"findings", "--heap", "lots", "F"},
            {"findings", "--heap", "0", "F"},
            {"findings", "--heap", "-1g", "F"},
            {"findings", "--heap", "", "F"},
            {"findings", "--heap=", "F"},
            {"findings", "--format", "pdf", "F"},
            {"findings", "--format", "TEXT", "F"},
            {"findings", "--all", "--all", "F"},
            {"findings", "--all=true", "F"},
            {"findings", "--out", "O", "--out", "O", "F"},
            {"findings", "F", "--out"},
            {"findings", "--out", "--all", "F"},
            {"findings", "-", "F"},
            {"findings", "F", "-x"},
            {"findings", "--out", "AFILE", "F"},
            {"findings", "--out", "AFILE/sub", "F"},
            {"findings", "F\0"},
            {"findings", "--config", "@F", "F"},
            {"trend", "F"},
            {"trend", "--history", "H", "--date", "2026-02-30", "F"},
            {"trend", "--history", "H", "--date", "yesterday", "F"},
            {"trend", "--history", "H", "--commit", "a b", "F"},
            {"trend", "--history", "H", "--commit", "", "F"},
            {"trend", "--history", "H", "--out", "AFILE", "F"},
            {"trend", "--history", "H", "--no-append", "--no-append", "F"},
            {"trend", "--history", "H", "--all", "F"},
            {"trend", "--history", "H", "--history", "H", "F"},
            {"detection"},
            {"detection", "R", "R"},
            {"detection", "R", "--out", "AFILE"},
            {"detection", "R", "--heap", "4g"},
        };
        for (Object[] line : lines) {
            String tag = "u" + Integer.toHexString(Arrays.toString(line).hashCode());
            if (!Arrays.asList(line).contains("F\0")) { // an argument file cannot hold a NUL character
                assertSameBothWays(tag, d -> unusual(line, d));
            }
            if (line.length > 0) {
                Path d = Files.createDirectories(dir.resolve(tag + "-direct"));
                String[] a =
                        Arrays.stream(unusual(line, d)).map(String::valueOf).toArray(String[]::new);
                List<String> before = listing(d);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                assertNull(FastPath.run(a, new PrintWriter(out), new PrintWriter(err)), Arrays.toString(a));
                assertEquals("", out.toString() + err.toString(), Arrays.toString(a));
                assertEquals(before, listing(d), "nothing made: " + Arrays.toString(a));
            }
        }
    }

    private static List<String> listing(Path d) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(d)) {
            return s.map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    /** Every probe of CliTest's bad inputs gives the same exit code and messages on both paths. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.leakbench.analysis.cli.CliTest#badInputs")
    void everyBadInputGetsTheSameMessageBothWays(String probe, CliTest.Setup setup, String named, String says)
            throws Exception {
        assertSameBothWays("p" + Integer.toHexString(probe.hashCode()), d -> {
            try {
                return setup.args(d);
            } catch (Exception e) {
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * trend reads tonight's files while it reads the history once the history's lock file exists
     * (before that, a failing input must not leave one): an error in tonight's files is still the
     * one reported, and the history stays untouched.
     */
    @Test
    void aBadInputFileIsReportedBeforeABadHistoryAndLeavesNoTrace() throws Exception {
        Path h = Fixtures.write(
                dir,
                "history.csv",
                Files.readString(history(Files.createDirectories(dir.resolve("g")), 5))
                        .replace(
                                ",c2,dev.x.Bench.m1,target=embedded,score,",
                                ",c2,dev.x.Bench.m1,target=embedded,score,NaN"));
        Path bad = Fixtures.write(dir, "t.json", "[{\"benchmark\": ");
        byte[] before = Files.readAllBytes(h);
        // stale temporaries of a killed append: removed by the next append that gets as far as the history
        Path stale = Files.write(dir.resolve(".history.csv.123.tmp"), before);
        Cli.Run first = Cli.run("trend", "--history", h, bad);
        assertEquals(2, first.code());
        assertTrue(first.err().startsWith("leakcheck trend: bad input: " + bad), first.err());
        assertTrue(Files.notExists(dir.resolve("history.csv.lock")), "no lock file for a run that read nothing");
        // with the lock file of earlier nights: both files are read at once, tonight's error comes first
        Files.createFile(dir.resolve("history.csv.lock"));
        for (String[] extra : new String[][] {{}, {"--no-append"}}) {
            List<Object> args = new ArrayList<>(List.of("trend", "--history", h));
            args.addAll(List.of(extra));
            args.add(bad);
            Cli.Run run = Cli.run(args.toArray());
            assertEquals(first.code(), run.code());
            assertEquals(
                    extra.length == 0 ? first.err() : first.err().replace(" (history not changed)", ""), run.err());
            assertArrayEquals(before, Files.readAllBytes(h));
            assertTrue(Files.exists(stale), "a failing input file changes nothing");
        }
        // and a bad history with good input files names the history's line (the stale temporary is gone)
        Cli.Run history = Cli.run("trend", "--history", h, "--date", "2026-03-01", tonight(dir, 1));
        assertEquals(2, history.code());
        assertTrue(history.err().startsWith("leakcheck trend: bad input: " + h + ":9: field 'value'"), history.err());
        assertArrayEquals(before, Files.readAllBytes(h));
        assertTrue(Files.notExists(stale), "removed under the lock, as before the overlap");
    }
}
