package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/leakcheck}, the launcher the other scripts call: the same exit code, output and
 * errors as {@code java -jar leakcheck.jar} for every kind of outcome, on the run that makes its
 * class-data archive and on the runs that use it; the archive is kept only from a run that did its
 * work; a JVM that cannot make one changes nothing. Each case runs on a copy of the packaged jar
 * ({@code LEAKCHECK_JAR}), so archives land in the test's own directory.
 */
class LeakcheckLauncherJarIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A series that leaks (exit 1), committed as an example. */
    private static final String LEAK = "docs/examples/leak.csv";

    @TempDir
    Path dir;

    @BeforeAll
    static void afterPackage() {
        assumeTrue(System.getProperty("benchmarks.jar") != null, "runs after package (benchmarks-jar-test execution)");
        assertTrue(
                Files.isRegularFile(Scripts.root().resolve("analysis/target/leakcheck.jar")), "leakcheck.jar packaged");
    }

    private Path jarCopy() throws IOException {
        Path jar = dir.resolve("leakcheck.jar");
        if (!Files.exists(jar)) {
            Files.copy(Scripts.root().resolve("analysis/target/leakcheck.jar"), jar);
        }
        return jar;
    }

    private Scripts.Result plain(List<String> args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(
                List.of("-c", "exec java -jar \"$0\" \"$@\"", jarCopy().toString()));
        cmd.addAll(args);
        return Scripts.run(Map.of(), TIMEOUT, cmd);
    }

    private Scripts.Result launcher(Map<String, String> env, List<String> args) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LEAKCHECK_JAR", jarCopy().toString());
        List<String> cmd = new java.util.ArrayList<>(List.of("scripts/leakcheck"));
        cmd.addAll(args);
        return Scripts.run(all, TIMEOUT, cmd);
    }

    private List<String> files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            java.nio.file.PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + glob);
            return s.map(Path::getFileName)
                    .filter(m::matches)
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static void assertSame(Scripts.Result expected, Scripts.Result actual, String what) {
        assertEquals(expected.exit(), actual.exit(), what + ": exit\n" + actual);
        assertEquals(expected.stdout(), actual.stdout(), what + ": stdout");
        assertEquals(expected.stderr(), actual.stderr(), what + ": stderr");
    }

    @Test
    void everyOutcomeIsJavaJarsOnTheFirstRunAndWithTheArchive() throws Exception {
        List<List<String>> cases = List.of(
                List.of("findings", LEAK), // a leak: 1
                List.of("findings", "no/such/file.json"), // bad input: 2
                List.of("bogus"), // usage: 2
                List.of("findings", "--heap", "lots", LEAK), // a bad option value: 2
                List.of("--version")); // 0
        for (List<String> args : cases) {
            Scripts.Result expected = plain(args);
            assertSame(expected, launcher(Map.of(), args), "first run of " + args);
            assertSame(expected, launcher(Map.of(), args), "second run of " + args);
        }
        assertEquals(1, plain(List.of("findings", LEAK)).exit(), "the example leaks");
        assertEquals(
                1,
                files("leakcheck-findings-*.jsa").size(),
                "one archive, from the run that did its work: " + files("*"));
        assertEquals(List.of(), files("*.tmp"), "no half-written archive left");
    }

    @Test
    void noArchiveFromBadInputNorWhenTurnedOffNorWhenTheJvmCannotMakeOne() throws Exception {
        launcher(Map.of(), List.of("findings", "no/such/file.json"));
        assertEquals(List.of(), files("*.jsa"), "no archive from a run that stopped at bad input");
        Scripts.Result off = launcher(Map.of("LEAKCHECK_CDS", "0"), List.of("findings", LEAK));
        assertEquals(1, off.exit(), off.toString());
        assertEquals(List.of(), files("*.jsa"), "LEAKCHECK_CDS=0 makes none");
        // sharing off: the JVM cannot dump an archive; the launcher notices once and runs plainly
        Scripts.Result expected = plain(List.of("findings", LEAK));
        Scripts.Result noShare = launcher(Map.of("LEAKCHECK_JAVA_OPTS", "-Xshare:off"), List.of("findings", LEAK));
        assertSame(expected, noShare, "with -Xshare:off");
        assertEquals(1, files("*.jsa.failed").size(), "the failed trial dump is remembered: " + files("*"));
        assertSame(
                expected,
                launcher(Map.of("LEAKCHECK_JAVA_OPTS", "-Xshare:off"), List.of("findings", LEAK)),
                "with -Xshare:off, again");
    }

    @Test
    void aMissingJarIsExit2WithOneLine() {
        Scripts.Result r = Scripts.run(
                Map.of("LEAKCHECK_JAR", dir.resolve("nope.jar").toString()),
                TIMEOUT,
                List.of("scripts/leakcheck", "findings", LEAK));
        assertEquals(2, r.exit(), r.toString());
        assertEquals(1, r.stderr().lines().count(), r.toString());
        assertTrue(r.stderr().contains("nope.jar is missing"), r.toString());
    }
}
