package dev.leakbench.profile;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The LeakProfiler's test workload: a steady-state operation on a {@link StubProbe} (registered
 * with {@link LeakProbes}) with, optionally, a leak of a byte-exact size every {@code faultEvery}
 * operations. It exists for what the real benchmarks cannot give: a leak whose bytes are known
 * exactly, and an operation cheap and quiet enough to test the profiler's own mechanics
 * (JMH result completeness, GC-profiler order, JFR mode, forks). The real faults on the real
 * benchmarks are proven in {@code RealFaultDetectionTest}.
 *
 * <ul>
 *   <li>{@code none}: steady state; nothing is retained beyond the bounded ring.</li>
 *   <li>{@code heap-leak}: a {@value #HEAP_LEAK_PAYLOAD}-byte array into a static queue:
 *       {@value #HEAP_LEAK_BYTES} bytes per leak (1016 for the array, 24 for the queue node).</li>
 *   <li>{@code fail-in-teardown}: steady state, and the trial teardown throws (as a real benchmark's
 *       does on a wrong answer), so the last measurement iteration fails.</li>
 * </ul>
 * Any other {@code fault} fails the trial setup ({@code unknown fault '...'}).
 * How to run (from the repository root, after {@code mvn -o -pl profiler test-compile}):
 * <pre>
 * java -cp "profiler/target/test-classes:profiler/target/classes:$CP" org.openjdk.jmh.Main \
 *     FaultInjectionBenchmark -p fault=heap-leak -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class FaultInjectionBenchmark {
    static final int HEAP_LEAK_PAYLOAD = 1000;
    static final int HEAP_LEAK_BYTES = 1040;

    static final String TEARDOWN_FAILURE = "fail-in-teardown: the trial's teardown failed on purpose";

    private static final Queue<Object> LEAKED = new ConcurrentLinkedQueue<>();

    @Param({"none", "heap-leak"})
    public String fault;

    @Param({"1000"})
    public int faultEvery;

    private StubProbe target;
    private Runnable inject;
    private long operations;

    @Setup(Level.Trial)
    public void setUp() {
        target = new StubProbe();
        LeakProbes.register(target);
        inject = switch (fault) {
            case "none" -> () -> {};
            case "heap-leak" -> () -> LEAKED.add(new byte[HEAP_LEAK_PAYLOAD]);
            case "fail-in-teardown" -> () -> {};
            default -> throw new IllegalArgumentException("unknown fault '" + fault + "'");
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LeakProbes.unregister(target); // first: the profiler reads the last iteration here
        try {
            if (fault.equals("fail-in-teardown")) {
                // as a real benchmark's verify() fails the trial on a wrong answer
                throw new IllegalStateException(TEARDOWN_FAILURE);
            }
        } finally {
            LEAKED.clear(); // what a teardown releases: no reading may see it released
        }
    }

    /** One operation: some work, a ring slot replaced, and every faultEvery-th time the fault. */
    @Benchmark
    public Object operation() {
        Blackhole.consumeCPU(64);
        if (++operations % faultEvery == 0) {
            inject.run();
        }
        return target.step();
    }
}
