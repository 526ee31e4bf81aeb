package dev.leakbench.benchmarks;

import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.fixture.TrialFixture;
import dev.leakbench.workloads.fixture.TrialSpec;
import dev.leakbench.profile.LeakProbe;
import dev.leakbench.profile.LeakProbes;
import dev.leakbench.workloads.mix.Workload;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The trial lifecycle and the parameters every leakbench benchmark shares. Each benchmark adds its
 * own {@code target} parameter (its default target) and the parameters of its workload's shape.
 *
 * <ul>
 *   <li>{@code fault} ({@code none}) and {@code faultEvery} ({@code 100}): inject one known leak, once
 *       every N operations ({@code unbounded-cache}, {@code connection-leak}, {@code watch-leak},
 *       {@code listener-leak}, {@code alloc-bloat}, {@code offheap-leak}, {@code mvcc-history});</li>
 *   <li>{@code seed} ({@code 42}), {@code documents} ({@code 1000}), {@code users} ({@code 1000}): the
 *       seeded dataset (folders, groups and grants scale with them);</li>
 *   <li>{@code targetOptions} (empty): provider options, {@code key=value} separated by {@code ;},
 *       e.g. {@code -p targetOptions='cacheCapacity=1000;poolSize=4'}.</li>
 * </ul>
 *
 * <p>Run settings are stated here once and inherited (JMH takes the closest annotation up the class
 * hierarchy): throughput in ops/s, one fork, {@value #WARMUP_ITERATIONS} warmup and
 * {@value #MEASUREMENT_ITERATIONS} measurement iterations of 1 s.
 *
 * <p>Trial setup builds the dataset, the target and the workload through the shared
 * {@link TrialFixture} (nothing of it is measured) and registers the benchmark with the leak
 * profiler: it is a {@link LeakProbe} whose roots and gauges are its target's
 * ({@code Target.roots()}, {@code Target.gauges()}), so the workloads module needs neither JMH nor
 * the profiler. Trial teardown fails the trial if any check got a wrong answer, then closes the
 * target. A target that cannot run the workload, or a fault that cannot apply to it, fails setup
 * with a message that says so, and JMH moves on to the next benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = WorkloadBenchmark.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = WorkloadBenchmark.MEASUREMENT_ITERATIONS, time = 1)
public abstract class WorkloadBenchmark implements LeakProbe {
    /** Warmup iterations of 1 s: the JIT and the caches settle before anything is judged. */
    public static final int WARMUP_ITERATIONS = 5;

    /**
     * Measurement iterations of 1 s: leakcheck needs at least {@code min.points} (6) points to judge
     * a trend and half of them again to see that it persists, so 10 points make the default run
     * decide (a test holds every benchmark to this).
     */
    public static final int MEASUREMENT_ITERATIONS = 10;

    @Param("none")
    public String fault;

    @Param("100")
    public int faultEvery;

    @Param("42")
    public long seed;

    @Param("1000")
    public int documents;

    @Param("1000")
    public int users;

    @Param("")
    public String targetOptions;

    private TrialFixture fixture;

    /** The workload this benchmark drives. */
    protected abstract Workload workload();

    /** The value of this benchmark's {@code target} parameter. */
    protected abstract String target();

    /** Builds the workload over the open fixture (trial setup, not measured). */
    protected abstract void prepare(TrialFixture fixture);

    /** Fails the trial if the workload saw wrong answers; called in trial teardown. */
    protected void verify() {
    }

    /**
     * The provider options the trial uses: the {@code targetOptions} parameter, parsed. Benchmarks
     * that need a different default for their target override this and let the parameter win.
     */
    protected Map<String, String> targetOptions() {
        return TrialSpec.parseOptions(targetOptions);
    }

    /** The dataset shape; benchmarks with their own shape parameters override this. */
    protected DatasetSpec dataset() {
        return DatasetSpec.sized(seed, documents, users);
    }

    @Setup(Level.Trial)
    public final void openTrial() {
        try {
            fixture = TrialFixture.open(new TrialSpec(workload(), target(), fault, faultEvery, dataset(), targetOptions()));
        } catch (UnsupportedOperationException e) {
            // a target or fault that cannot run this workload: one plain line before JMH's stack trace
            System.out.println("# leakbench: SKIPPED " + workload().id() + ": " + e.getMessage());
            throw e;
        }
        try {
            prepare(fixture);
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
        LeakProbes.register(this);
    }

    @TearDown(Level.Trial)
    public final void closeTrial() {
        if (fixture == null) {
            return; // setup failed: nothing to verify or close
        }
        try {
            verify();
        } finally {
            LeakProbes.unregister(this);
            fixture.close();
        }
    }

    /** The open target's named roots, for the leak profiler (none outside a trial). */
    @Override
    public Map<String, Object> roots() {
        TrialFixture f = fixture;
        return f == null ? Map.of() : f.target().roots();
    }

    /** The open target's gauges, for the leak profiler (none outside a trial). */
    @Override
    public Map<String, LongSupplier> gauges() {
        TrialFixture f = fixture;
        return f == null ? Map.of() : f.target().gauges();
    }

    @Override
    public String toString() {
        TrialFixture f = fixture;
        return getClass().getSimpleName() + (f == null ? "" : " on target '" + f.target().name() + "'");
    }
}
