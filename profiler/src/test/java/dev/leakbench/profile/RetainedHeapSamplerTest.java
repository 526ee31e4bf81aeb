package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retained-heap reading under G1 (the default collector): byte-exact when nothing is kept in
 * between, blind to garbage, exact about what is kept.
 *
 * <p>The readings are taken in a JVM of their own ({@link QuiescentHeapProbe}) that nothing else
 * changes: not this one, whose threads (surefire's) allocate and park at any moment, and with the
 * JIT off ({@code -Xint}), because a compiler resolving a method's string constants really does
 * add a few hundred bytes to the heap, now and then, which an exact reading duly shows.
 */
class RetainedHeapSamplerTest {
    /** An array's header on a 64-bit JVM with compressed class pointers. */
    private static final int ARRAY_HEADER = 16;

    private static long[] readings;

    @BeforeAll
    static void readInAQuiescentJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-Xint",
                        "-Xmx256m",
                        "-XX:+UseG1GC",
                        "-XX:MarkSweepDeadRatio=0",
                        "-cp",
                        System.getProperty("java.class.path"),
                        QuiescentHeapProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "probe failed: " + out);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        readings = Arrays.stream(last.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    @Test
    void consecutiveReadingsWithNothingKeptInBetweenAreByteExact() {
        assertEquals(readings[0], readings[1], "readings: " + Arrays.toString(readings));
        assertEquals(readings[1], readings[2], "readings: " + Arrays.toString(readings));
    }

    @Test
    void garbageAllocatedBetweenReadingsIsNotCounted() {
        assertEquals(
                readings[2], readings[3], "10 MB of garbage must not count; readings: " + Arrays.toString(readings));
    }

    @Test
    void aKeptArrayIsCountedToTheByte() {
        assertEquals(
                QuiescentHeapProbe.KEPT_ARRAY + ARRAY_HEADER,
                readings[4] - readings[3],
                "a kept byte[" + QuiescentHeapProbe.KEPT_ARRAY + "] must add exactly its size; readings: "
                        + Arrays.toString(readings));
    }

    @Test
    void underG1ItForcesFullGcsWithSystemGcAndConfirmsWithASecondOne() {
        RetainedHeapSampler sampler = RetainedHeapSampler.forThisJvm(10);
        RetainedHeapSampler.Sample sample = sampler.sample();
        assertEquals(RetainedHeapSampler.Trigger.SYSTEM_GC, sampler.trigger());
        assertTrue(sample.rounds() >= 2, "a reading needs a second GC to confirm the heap stopped shrinking");
        assertTrue(sample.bytes() > 0);
    }
}
