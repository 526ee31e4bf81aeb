package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Inputs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiler on a JMH suite nobody here wrote: {@code org.openjdk.jmh:jmh-samples} from Maven
 * Central, run by {@code org.openjdk.jmh.Main} in a JVM whose class path holds only that jar,
 * {@code jmh-core} (with its two dependencies), the packaged {@code leakbench-profiler} jar and
 * {@code jol-core}: no engine, no workloads, no benchmarks module. Every benchmark gets a series,
 * nothing warns about JMH's teardown, and leakcheck's analysis finds no leak in any of them.
 * After {@code package} (the {@code *JarIT} execution), because it needs the profiler's jar.
 */
class JmhSamplesJarIT {
    /** Three samples: a trivial one, two with {@code @State} objects of both scopes, one with fixtures. */
    private static final String SAMPLES = "JMHSample_0[135]_";

    @TempDir
    Path dir;

    /** The one class path entry whose file name starts with {@code prefix} and ends in .jar. */
    private static String jar(String prefix) {
        List<String> found = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> {
                    String name = Path.of(e).getFileName().toString();
                    return name.startsWith(prefix) && name.endsWith(".jar");
                })
                .toList();
        assertEquals(1, found.size(), "one " + prefix + "*.jar on the test class path: " + found);
        return found.get(0);
    }

    @Test
    void jmhSamplesGetSeriesNoTeardownWarningAndNoLeak() throws Exception {
        Path profiler = Path.of(System.getProperty("profiler.jar", "../profiler/target/leakbench-profiler.jar"));
        assertTrue(Files.isRegularFile(profiler), "no " + profiler + ": run after 'mvn package'");
        String classPath = String.join(
                File.pathSeparator,
                jar("jmh-samples-"),
                jar("jmh-core-"),
                jar("jopt-simple-"),
                jar("commons-math3-"),
                profiler.toString(),
                jar("jol-core-"));
        Path out = Files.createDirectories(dir.resolve("samples"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "-Djmh.ignoreLock=true",
                "org.openjdk.jmh.Main",
                SAMPLES,
                "-f",
                "1",
                "-wi",
                "2",
                "-i",
                "6",
                "-w",
                "200ms",
                "-r",
                "200ms",
                "-prof",
                "dev.leakbench.profile.LeakProfiler:dir=" + out,
                "-rf",
                "json",
                "-rff",
                out.resolve("jmh.json").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jmh-samples did not finish: " + cmd);
        assertEquals(0, p.exitValue(), "exit code of " + cmd + "\n" + console);

        assertFalse(
                console.lines().anyMatch(l -> l.contains("LeakProfiler:") && l.contains("teardown")),
                "no warning about JMH's teardown; console:\n" + console);
        List<Path> series;
        try (Stream<Path> s = Files.list(out)) {
            series = s.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith("-thrpt.csv")
                                && !n.endsWith(".classes.csv")
                                && !n.endsWith(".class-counts.csv");
                    })
                    .sorted()
                    .toList();
        }
        // 01: wellHelloThere; 03: measureShared, measureUnshared; 05: measureRight, measureWrong
        assertEquals(5, series.size(), "one series per benchmark: " + series + "\n" + console);

        List<Path> inputs = new ArrayList<>(series);
        inputs.add(0, out.resolve("jmh.json"));
        List<Finding> findings = new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(Inputs.read(inputs))
                .findings();
        assertTrue(
                findings.stream()
                                .filter(f -> f.metric().equals("heap.retained"))
                                .count()
                        >= 5,
                "a heap.retained finding for every sample: " + findings);
        for (Finding f : findings) {
            assertTrue(
                    f.verdict() != Verdict.LEAK, "no sample leaks: " + f.key() + " " + f.metric() + ": " + f.reason());
        }
    }
}
