package com.example.suite;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A benchmark of another suite with no hook at all: its state holds {@value #PAYLOAD_BYTES}
 * bytes from trial setup to trial teardown, which releases them (and JMH then drops the state).
 * A reading after that teardown would be that much lower than the others.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class PlainBenchmark {
    public static final int PAYLOAD_BYTES = 8 << 20;

    private byte[] payload;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        payload = new byte[PAYLOAD_BYTES];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        payload = null;
    }

    @Benchmark
    public byte read() {
        next = (next + 4099) & (PAYLOAD_BYTES - 1);
        return payload[next];
    }
}
