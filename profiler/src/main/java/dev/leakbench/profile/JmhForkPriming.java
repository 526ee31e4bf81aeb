package dev.leakbench.profile;

import java.io.ObjectStreamClass;
import java.util.List;

/**
 * Does ahead of time the one-time work a JMH fork would otherwise first do between measurement
 * iterations, where its few retained kilobytes would read as the benchmark's growth.
 *
 * <p>The fork sends its first {@code ResultsFrame} to the host after measurement iteration 1
 * (warmup results are not sent). Serialising a class the first time caches its
 * {@link ObjectStreamClass}, with reflection data and a generated constructor accessor class,
 * for good: about 2 KB that would appear in measurement iteration 2's reading. Looking the class
 * up now caches the same descriptor before any reading. Reflection inflation (an accessor class
 * generated at a method's 16th reflective call, e.g. JMH's call of the benchmark method) is the
 * other such event; {@link #forkJvmArgs()} moves it to the first call.
 */
final class JmhForkPriming {
    /** JMH's frames that are first sent after measurement has begun. */
    private static final List<String> LATE_FRAMES = List.of("org.openjdk.jmh.runner.link.ResultsFrame");

    private JmhForkPriming() {}

    /**
     * The fork JVM options that keep JMH's own one-time work out of the measurement:
     * {@code jmh.link.resetEach=-1} (JMH's fork keeps every frame it sent reachable from its
     * ObjectOutputStream until it resets the stream, by default every 100 frames: a few KB per
     * iteration; -1 resets before every frame) and {@code sun.reflect.noInflation=true} (JDK 17
     * generates reflection accessors at the 16th call, which lands in some measurement iteration;
     * this generates them at the first; JDK 18+ ignores it).
     */
    static List<String> forkJvmArgs() {
        return List.of("-Djmh.link.resetEach=-1", "-Dsun.reflect.noInflation=true");
    }

    /** Caches the serialisation descriptors of JMH's late frames; a class JMH no longer has is skipped. */
    static void prime() {
        for (String frame : LATE_FRAMES) {
            try {
                ObjectStreamClass.lookup(Class.forName(frame));
            } catch (ClassNotFoundException e) {
                // another JMH version: nothing to prime, at worst a one-time step in the readings
            }
        }
    }
}
