package com.example.suite;

import dev.leakbench.profile.LeakProbe;
import dev.leakbench.profile.LeakProbes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A benchmark as another project writes it, knowing nothing of leakbench but the hook: its own
 * {@code @State} with its own data, which implements {@link LeakProbe}, registers itself in
 * setup and unregisters first in teardown. The "session cache" keeps one session every {@value #KEEP_EVERY} lookups and never
 * evicts (the leak); its teardown clears the cache, as a tidy benchmark does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class SessionCacheBenchmark implements LeakProbe {
    /** One session kept every this many lookups. */
    public static final int KEEP_EVERY = 1000;
    /** The fixed data a session cache starts with: a root of constant size. */
    public static final int CONFIG_BYTES = 64 * 1024;

    private Map<Long, byte[]> sessions;
    private byte[] config;
    private long lookups;

    @Setup(Level.Trial)
    public void setUp() {
        sessions = new HashMap<>();
        config = new byte[CONFIG_BYTES];
        LeakProbes.register(this);
    }

    /** Whether the teardown unregisters first, as the hook asks (false: a suite that forgot the second line). */
    @Param("true")
    public boolean unregister;

    @TearDown(Level.Trial)
    public void tearDown() {
        if (unregister) {
            LeakProbes.unregister(this); // first in teardown: the profiler reads the last iteration here
        }
        sessions.clear();
    }

    @Benchmark
    public int lookup() {
        long n = ++lookups;
        if (n % KEEP_EVERY == 0) {
            sessions.put(n, new byte[48]);
        }
        return config.length + (int) n;
    }

    @Override
    public Map<String, Object> roots() {
        return Map.of("sessions", sessions, "config", config);
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("sessions", () -> sessions.size(), "lookups", () -> lookups);
    }
}
