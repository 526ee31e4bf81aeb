package dev.leakbench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the shaded {@code benchmarks.jar} the way the README does, after {@code package}: it lists
 * every benchmark and the leak profiler, and a one-second run on a jCasbin target (found through the
 * merged {@code META-INF/services}) writes a JSON result with a score.
 */
class BenchmarksJarIT {

    static final List<String> BENCHMARKS = List.of(
            "AuthorizationBenchmark",
            "ExpandBenchmark",
            "StorageBenchmark",
            "CacheEvictionBenchmark",
            "ConcurrentLoadBenchmark",
            "StreamingBenchmark",
            "ConnectionBenchmark",
            "MixedWorkloadBenchmark",
            "MixedGroupBenchmark");

    static Path jar() {
        Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": run after 'mvn package'");
        return jar;
    }

    static String run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djmh.ignoreLock=true",
                "-jar",
                jar().toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "benchmarks.jar did not finish: " + cmd);
        assertEquals(0, p.exitValue(), "exit code of " + cmd + "\n" + out);
        return out;
    }

    @Test
    void listsEveryBenchmark() throws Exception {
        String out = run(List.of("-l"));
        for (String b : BENCHMARKS) {
            assertTrue(out.contains("dev.leakbench.benchmarks." + b + "."), b + " missing from -l:\n" + out);
        }
    }

    /** The profiler module is shaded in, and its ServiceLoader registration merged: JMH lists it. */
    @Test
    void listsTheLeakProfiler() throws Exception {
        String out = run(List.of("-lprof"));
        assertTrue(
                out.lines().anyMatch(l -> l.strip().startsWith("dev.leakbench.profile.LeakProfiler:")),
                "the LeakProfiler missing from -lprof:\n" + out);
    }

    @Test
    void runsABenchmarkOnATargetFoundThroughTheMergedServices() throws Exception {
        Path json = Files.createTempFile("benchmarks-jar-", ".json");
        try {
            String out = run(List.of(
                    "AuthorizationBenchmark",
                    "-f",
                    "1",
                    "-wi",
                    "0",
                    "-i",
                    "1",
                    "-r",
                    "1s",
                    "-p",
                    "target=jcasbin-cached",
                    "-p",
                    "documents=100",
                    "-p",
                    "users=100",
                    "-foe",
                    "true",
                    "-rf",
                    "json",
                    "-rff",
                    json.toString()));
            String result = Files.readString(json);
            assertTrue(
                    result.contains("\"target\" : \"jcasbin-cached\"") && result.contains("\"score\""),
                    "no score for target jcasbin-cached in " + json + ":\n" + result + "\n--- output:\n" + out);
        } finally {
            Files.deleteIfExists(json);
        }
    }
}
