package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.soak.SoakDuration;
import dev.leakbench.soak.SoakOptions;
import dev.leakbench.soak.SoakScenario;
import dev.leakbench.workloads.fault.FaultKind;
import dev.leakbench.workloads.target.TargetProvider;
import dev.leakbench.workloads.target.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;

/**
 * The scripts' usage errors (issue 10: exit codes CI can trust): every bad option of scripts/leak-check,
 * nightly, profile, soak and test exits 2 with one line on stderr naming the option and the value, and
 * before any build or JMH run. Here {@code mvn} and {@code java} are stubs that record being called
 * (only {@code mvn -v} and the regex check reach the real ones), so a script that got past its checks
 * fails the test instead of building. The checks in scripts/lib/options.sh that copy a Java parser
 * (JMH's times, leakcheck's sizes, the soak runner's durations) are held to that parser here, and the
 * name lists to the registries. No jar is needed: ScriptsJarIT has the cases that need one.
 */
class ScriptUsageTest {

    @TempDir
    static Path sandbox;

    static Path stubs;
    static Path calls;
    static Path aFile;
    static Path aDir;

    @BeforeAll
    static void stubBuildAndRun() throws IOException {
        stubs = Files.createDirectories(sandbox.resolve("bin"));
        calls = sandbox.resolve("calls.log");
        aFile = Files.writeString(sandbox.resolve("a-file"), "not a directory\n");
        aDir = Files.createDirectories(sandbox.resolve("a-dir"));
        Path realMvn = Scripts.onPath("mvn", stubs);
        Scripts.executable(stubs.resolve("java"), """
                for a in "$@"; do
                  case "$a" in *CheckRegex.java) exec '%s' "$@" ;; esac
                done
                echo "java $*" >> '%s'
                exit 99
                """.formatted(Scripts.java(), calls));
        Scripts.executable(stubs.resolve("mvn"), """
                # mvn's launcher runs java from JAVA_HOME, else from PATH, where the stub is
                if [ "${1:-}" = -v ] && [ -n '%s' ]; then JAVA_HOME='%s' exec '%s' "$@"; fi
                echo "mvn $*" >> '%s'
                exit 99
                """.formatted(
                        realMvn == null ? "" : realMvn, System.getProperty("java.home"), realMvn, calls));
    }

    private static Scripts.Result script(String name, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("scripts/" + name);
        for (String a : args) {
            cmd.add(a.replace("{FILE}", aFile.toString()).replace("{DIR}", aDir.toString()));
        }
        return Scripts.run(Scripts.env("PATH", stubs + ":" + System.getenv("PATH")), Duration.ofSeconds(60), cmd);
    }

    private static String calls() throws IOException {
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                // a missing option value (was "$2: unbound variable", exit 1)
                bad("leak-check", "--out needs a value", "--out"),
                bad("leak-check", "--time needs a value", "--time"),
                bad("leak-check", "--out needs a value, got the option '--no-build'", "--out", "--no-build"),
                bad("nightly", "--history needs a value", "--history"),
                bad("nightly", "--out needs a value", "--out"),
                bad("profile", "--out needs a value", "--out"),
                bad("profile", "--heap needs a value", "--heap"),
                bad("soak", "--out needs a value", "--out"),
                bad("soak", "--duration needs a value", "--duration"),
                bad("soak", "--fault needs a value", "--fault="),
                // a bad number
                bad("leak-check", "--iterations: must be at least 1, was '0'", "--iterations", "0"),
                bad("leak-check", "--iterations: 'abc' is not a whole number", "--iterations", "abc"),
                bad("leak-check", "--iterations: '99999999999' is too large", "--iterations", "99999999999"),
                bad("leak-check", "--fault-every: must be at least 1, was '0'", "--fault-every", "0"),
                bad("leak-check", "--fault-every: 'x' is not a whole number", "--fault-every", "x"),
                bad("nightly", "--iterations: 'abc' is not a whole number", "--iterations", "abc"),
                bad("profile", "--iterations: must be at least 1, was '0'", "--iterations", "0"),
                bad("profile", "--fault-every: '-3' is not a whole number", "--fault-every", "-3"),
                bad("soak", "--threads: must be at least 1, was '0'", "--threads", "0"),
                bad("soak", "--rate: '0/s': the rate must be above 0 and at most 1e9/s", "--rate", "0/s"),
                bad(
                        "soak",
                        "--rate: '5000/m' is not a rate (e.g. 5000/s, 5000 or 2.5/s; leave --rate out for a closed loop)",
                        "--rate",
                        "5000/m"),
                bad("soak", "--threads: 'x' is not a whole number", "--threads=x"),
                bad("soak", "--fault-every: 'x' is not a whole number", "--fault-every", "x"),
                bad("soak", "--seed: 'x' is not a whole number", "--seed", "x"),
                // a bad JMH time / soak duration
                bad("leak-check", "--time: 'xyz' is not a JMH time", "--time", "xyz"),
                bad(
                        "leak-check",
                        "--time: '1h' is not a JMH time (JMH writes hours as 'hr', e.g. 1hr)",
                        "--time",
                        "1h"),
                bad("leak-check", "--time: '-5s' is negative", "--time", "-5s"),
                bad("nightly", "--time: '1.5s' is not a JMH time", "--time", "1.5s"),
                bad("profile", "--time: '2x' is not a JMH time", "--time", "2x"),
                bad("soak", "--duration: 'xyz' is not a duration", "--duration", "xyz"),
                bad("soak", "--duration: '1m30h': units must go from largest to smallest", "--duration", "1m30h"),
                bad("soak", "--duration: '0s': a duration must be longer than zero", "--duration", "0s"),
                bad("soak", "--interval: must be at least 50ms, was '10ms'", "--interval", "10ms"),
                bad("soak", "--interval 2m is longer than --duration 1m", "--interval", "2m", "--duration", "1m"),
                bad(
                        "soak",
                        "--warmup 1m leaves no measurement within --duration 1m",
                        "--warmup",
                        "1m",
                        "--duration",
                        "1m"),
                // a --benchmarks pattern that is not a Java regex
                bad("leak-check", "--benchmarks: '(' is not a valid Java regex: Unclosed group", "--benchmarks", "("),
                bad("leak-check", "--benchmarks: '-x' starts with '-'", "--benchmarks", "-x"),
                bad(
                        "nightly",
                        "--benchmarks: '[' is not a valid Java regex: Unclosed character class",
                        "--benchmarks",
                        "["),
                bad(
                        "profile",
                        "--benchmarks: '*x' is not a valid Java regex: Dangling meta character '*'",
                        "--benchmarks",
                        "*x"),
                // an output path that cannot be a directory (or the history a file)
                bad("leak-check", "--out: '{FILE}' exists and is not a directory", "--out", "{FILE}"),
                bad(
                        "leak-check",
                        "--out: cannot create the directory '{FILE}/sub': '{FILE}' is not a directory",
                        "--out",
                        "{FILE}/sub"),
                bad("leak-check", "--out: cannot ", "--out", "/proc/leakbench-test"),
                bad("nightly", "--out: '{FILE}' exists and is not a directory", "--out", "{FILE}"),
                bad("nightly", "--history: '{DIR}' is a directory, not a file", "--history", "{DIR}"),
                bad(
                        "nightly",
                        "--history: cannot create '{FILE}/history.csv': '{FILE}' is not a directory",
                        "--history",
                        "{FILE}/history.csv"),
                bad(
                        "profile",
                        "--out: cannot create the directory '{FILE}/x/y': '{FILE}' is not a directory",
                        "--out",
                        "{FILE}/x/y"),
                bad("soak", "--out: '{FILE}' exists and is not a directory", "--out", "{FILE}"),
                // a --heap that is not a size (profile's is the forked JVM's -Xmx too)
                bad("leak-check", "--heap: '4x' has an unknown size suffix 'x'", "--heap", "4x"),
                bad("leak-check", "--heap: 'abc' is not a size", "--heap", "abc"),
                bad("profile", "--heap: '1.5g' is not a JVM heap size", "--heap", "1.5g"),
                bad("profile", "--heap: '4gb' is not a JVM heap size", "--heap", "4gb"),
                // an unknown target, fault or scenario
                bad(
                        "leak-check",
                        "--target: unknown value 'nosuch'; one of: embedded embedded-jdbc jcasbin jcasbin-cached",
                        "--target",
                        "nosuch"),
                bad("leak-check", "--fault: unknown value 'nosuch'; one of: none unbounded-cache", "--fault", "nosuch"),
                bad("profile", "--target: unknown value 'x'", "--target", "x"),
                bad("soak", "--fault: unknown value 'nosuch'", "--fault", "nosuch"),
                bad("soak", "--target: unknown value 'nosuch'", "--target=nosuch"),
                bad(
                        "soak",
                        "--scenario: unknown value 'bogus'; one of: authorization-stress mixed",
                        "--scenario",
                        "bogus"),
                bad("soak", "--target-option: 'foo' is not KEY=VALUE", "--target-option", "foo"),
                // an unknown option or argument
                bad("leak-check", "unknown option '--bogus'", "--bogus"),
                bad("nightly", "unknown option '--bogus'", "--bogus"),
                bad("profile", "unknown option '--bogus'", "--bogus"),
                bad("soak", "unknown option '--bogus'", "--bogus"),
                bad("soak", "unexpected argument 'positional'", "positional"),
                bad("test", "Unrecognized option: --bogus", "--bogus"));
    }

    private static Arguments bad(String script, String message, String... args) {
        return Arguments.of(script, List.of(args), message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("usageErrors")
    void usageErrorExits2WithOneLineNamingTheOptionBeforeAnyBuildOrRun(String name, List<String> args, String message)
            throws IOException {
        Files.deleteIfExists(calls);
        Scripts.Result r = script(name, args);
        String expected = message.replace("{FILE}", aFile.toString()).replace("{DIR}", aDir.toString());

        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.stderrLines().size(), "one line on stderr: " + r);
        assertEquals(
                name + ": ",
                r.stderr().substring(0, Math.min(r.stderr().length(), name.length() + 2)),
                "the line starts with the script's name: " + r);
        assertTrue(r.stderr().contains(expected), "stderr says '" + expected + "': " + r);
        assertEquals("", r.stdout(), "nothing on stdout: no build or run started: " + r);
        assertEquals("", calls(), "no build and no java run before the usage error: " + r);
    }

    @Test
    void nothingIsCreatedForAUsageError() throws IOException {
        Path out = sandbox.resolve("not-created");
        Scripts.Result r = script("leak-check", List.of("--out", out.toString(), "--time", "xyz"));
        assertEquals(2, r.exit(), r.toString());
        assertFalse(Files.exists(out), "--out made although --time was refused: " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"leak-check", "nightly", "profile", "test"})
    void helpExits0AndDocumentsTheExitCodes(String name) {
        Scripts.Result r = script(name, List.of("--help"));
        assertEquals(0, r.exit(), r.toString());
        String help = r.stdout().replaceAll("\\s+", " ");
        assertTrue(help.contains("Exit code"), name + " --help documents its exit codes: " + r);
        assertTrue(
                help.matches(".*\\b0 [a-z].*") && help.contains("1 a ") && help.contains("2 bad"),
                name + " --help says what 0, 1 and 2 mean: " + help);
    }

    @Test
    void soakHeaderDocumentsTheExitCodes() throws IOException {
        String header = Files.readAllLines(Scripts.root().resolve("scripts/soak")).stream()
                .limit(12)
                .collect(Collectors.joining(" "));
        assertTrue(
                header.contains("Exit code: leakcheck's: 0 no leak, 1 leak, 2 bad input")
                        && header.contains("cut short"),
                header);
    }

    // --- options.sh against the parsers it copies ---------------------------------------------------

    /** For each value, whether {@code check} in options.sh accepts it: one bash run for all of them. */
    private static Map<String, Boolean> bashAccepts(String check, List<String> values) {
        String loop = ". scripts/lib/options.sh\n"
                + "for v in \"$@\"; do\n"
                + "  if ( " + check + " --opt \"$v\" ) 2>/dev/null; then echo yes; else echo no; fi\n"
                + "done\n";
        List<String> cmd = new ArrayList<>(List.of("-c", loop, "options-sh"));
        cmd.addAll(values);
        Scripts.Result r = Scripts.run(Map.of(), Duration.ofSeconds(60), cmd);
        assertEquals(0, r.exit(), r.toString());
        List<String> answers = r.stdout().lines().toList();
        assertEquals(values.size(), answers.size(), r.toString());
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            out.put(values.get(i), answers.get(i).equals("yes"));
        }
        return out;
    }

    private static void sameAnswers(String check, List<String> values, Predicate<String> java, String parser) {
        Map<String, Boolean> bash = bashAccepts(check, values);
        List<String> differ = new ArrayList<>();
        for (String v : values) {
            if (bash.get(v) != java.test(v)) {
                differ.add("'" + v + "' (" + check + ": " + bash.get(v) + ", " + parser + ": " + java.test(v) + ")");
            }
        }
        assertEquals(List.of(), differ, check + " and " + parser + " disagree");
        assertTrue(bash.containsValue(true) && bash.containsValue(false), "samples of both kinds: " + bash);
    }

    private static boolean accepts(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void checkDurationAcceptsExactlyWhatJmhTimeValueAccepts() {
        List<String> samples = List.of(
                "1s",
                "500ms",
                "2m",
                "1hr",
                "1day",
                "250us",
                "10ns",
                "3",
                "0",
                "0s",
                "-0",
                "+5",
                "1 s",
                " 2 m",
                "1S",
                "5MS",
                "1sxyz",
                "1min",
                "1h",
                "1.5s",
                "xyz",
                "",
                "-5s",
                "-1",
                "2147483647",
                "2147483648",
                "2147483648ms",
                "2days",
                "m",
                "s",
                "1e3",
                "0x10",
                "5 0s");
        sameAnswers("check_duration", samples, v -> accepts(() -> TimeValue.fromString(v)), "TimeValue.fromString");
    }

    @Test
    void checkSizeAcceptsExactlyWhatLeakcheckHeapAccepts() {
        List<String> samples = List.of(
                "4g", "512m", "1024k", "1048576", "1.5GiB", "256MiB", "4 g", "4G", "2t", "1e3", "1e3k", "2.5E-1m",
                " 4g ", "4kB", "0", "1b", "1B", "4TB", "4x", "abc", "", "4gb", "4.", ".5g", "-4g", "4e", "1eb", "0x10",
                "4 gib", "4g b", "4gg");
        sameAnswers("check_size", samples, v -> accepts(() -> Quantities.parseBytes(v)), "Quantities.parseBytes");
    }

    @Test
    void checkSoakDurationAcceptsExactlyWhatTheSoakRunnerAccepts() {
        List<String> samples = List.of(
                "30s",
                "2h",
                "24h",
                "1h30m",
                "500ms",
                "1d",
                "1D",
                "2m5s100ms",
                " 30s ",
                "1h0m",
                "10ms",
                "1m30h",
                "0s",
                "0ms",
                "0h0m",
                "1h1h",
                "1s1m",
                "xyz",
                "1.5s",
                "",
                "1",
                "30 s",
                "1hr",
                "-5s");
        sameAnswers("check_soak_duration", samples, v -> accepts(() -> SoakDuration.parse(v)), "SoakDuration.parse");
    }

    @Test
    void checkJvmSizeAcceptsOnlyWhatTheJvmTakesAsAHeap() {
        List<String> samples = List.of("64m", "512M", "1048576k", "1g", "1.5g", "4gb", "64 m", "x");
        sameAnswers(
                "check_jvm_size",
                samples,
                v -> {
                    try {
                        Process p = new ProcessBuilder(
                                        Scripts.java().toString(), "-Xms" + v, "-Xmx" + v, "-Xshare:auto", "-version")
                                .redirectErrorStream(true)
                                .start();
                        p.getInputStream().readAllBytes();
                        return p.waitFor() == 0;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                },
                "java -Xmx");
    }

    @Test
    void checkBenchmarkRegexAcceptsExactlyWhatJavaRegexCompiles() {
        List<String> samples =
                List.of("AuthorizationBenchmark", "dev\\.leakbench\\..*(check|expand)$", "(", "a{2", "\\");
        sameAnswers(
                "check_benchmark_regex",
                samples,
                v -> {
                    try {
                        Pattern.compile(v);
                        return true;
                    } catch (PatternSyntaxException e) {
                        return false;
                    }
                },
                "Pattern.compile");
    }

    @Test
    void positiveIntTakesJavaIntsFromOne() {
        List<String> samples =
                List.of("1", "10", "010", "2147483647", "2147483648", "0", "00", "-1", "+1", "1.0", "x", "");
        Map<String, Boolean> bash = bashAccepts("check_positive_int", samples);
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String v : samples) {
            boolean ok;
            try {
                ok = v.matches("[0-9]+") && Integer.parseInt(v) >= 1;
            } catch (NumberFormatException e) {
                ok = false;
            }
            expected.put(v, ok);
        }
        assertEquals(expected, bash);
    }

    // --- the name lists against the registries ------------------------------------------------------

    private static List<String> bashArray(String name) {
        Scripts.Result r = Scripts.run(
                Map.of(),
                Duration.ofSeconds(30),
                List.of("-c", ". scripts/lib/options.sh; printf '%s\\n' \"${" + name + "[@]}\""));
        assertEquals(0, r.exit(), r.toString());
        return r.stdout().lines().toList();
    }

    @Test
    void targetListIsTheTargetsOnTheClassPath() {
        Set<String> providers =
                Targets.providers().stream().map(TargetProvider::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                providers,
                new TreeSet<>(bashArray("LEAKBENCH_TARGETS")),
                "LEAKBENCH_TARGETS in scripts/lib/options.sh is the list of TargetProviders");
    }

    @Test
    void faultListIsFaultKind() {
        assertEquals(
                Arrays.stream(FaultKind.values()).map(FaultKind::id).toList(),
                bashArray("LEAKBENCH_FAULTS"),
                "LEAKBENCH_FAULTS in scripts/lib/options.sh is FaultKind's ids, in order");
    }

    private static List<String> soakArray(String name) throws IOException {
        String text = Files.readString(Scripts.root().resolve("scripts/soak"));
        Matcher m = Pattern.compile("(?m)^" + name + "=\\(([^)]*)\\)").matcher(text);
        assertTrue(m.find(), name + "=(...) in scripts/soak");
        return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
    }

    @Test
    void soakKnowsTheRunnersOptionsAndScenarios() throws IOException {
        CommandLine.Model.CommandSpec spec = new CommandLine(new SoakOptions()).getCommandSpec();
        Set<String> valueOptions = new TreeSet<>();
        Set<String> flags = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            (o.arity().max() == 0 ? flags : valueOptions).addAll(List.of(o.names()));
        }
        assertEquals(valueOptions, new TreeSet<>(soakArray("VALUE_OPTIONS")), "VALUE_OPTIONS in scripts/soak");
        assertEquals(flags, new TreeSet<>(soakArray("FLAG_OPTIONS")), "FLAG_OPTIONS in scripts/soak");
        assertEquals(
                Arrays.stream(SoakScenario.values())
                        .map(SoakScenario::id)
                        .collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(soakArray("SCENARIOS")),
                "SCENARIOS in scripts/soak");
    }
}
