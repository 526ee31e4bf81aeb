package dev.leakbench.benchmarks;

import dev.leakbench.profile.LeakProbe;
import dev.leakbench.profile.LeakProbes;
import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.mix.Workload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.TrialSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The trial lifecycle, the run settings and the parameters every leakbench benchmark shares. A
 * benchmark names its {@link WorkloadKind} in its constructor, declares the parameters of its
 * workload's shape, builds the workload from them in {@link #build} and drives {@link #workload} in
 * its {@code @Benchmark} method; everything else is here.
 *
 * <ul>
 *   <li>{@code target} ({@code embedded}): the system under test, a provider name from
 *       {@code Targets} ({@code embedded}, {@code embedded-jdbc}, {@code jcasbin}, {@code jcasbin-cached},
 *       or one on the class path). A benchmark whose default target is another one re-declares the
 *       parameter with its own default ({@code @Param("embedded-jdbc") public String target;}): JMH
 *       takes the values of the declaration closest to the benchmark class and sets every field of
 *       that name, so this field holds the effective target either way, and JMH's output and JSON
 *       name it ({@code target=embedded-jdbc}, not an empty "default" that the analysis, which keys
 *       results by their parameters, could not match to a baseline or a history);</li>
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
 * the profiler. Trial teardown fails the trial if any check got a wrong answer
 * ({@link Workload#verify()}), unregisters the probe (the profiler takes the last reading there,
 * before anything is released) and closes the target. A target that cannot run the workload, or a fault that cannot apply to it, fails setup
 * with a message that says so, and JMH moves on to the next benchmark. Setup also warns when the
 * benchmark runs on more threads than there are cores.
 *
 * @param <W> the workload the benchmark methods drive
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = WorkloadBenchmark.WARMUP_ITERATIONS, time = 1)
@Measurement(iterations = WorkloadBenchmark.MEASUREMENT_ITERATIONS, time = 1)
public abstract class WorkloadBenchmark<W extends Workload> implements LeakProbe {
    /** Warmup iterations of 1 s: the JIT and the caches settle before anything is judged. */
    public static final int WARMUP_ITERATIONS = 5;

    /**
     * Measurement iterations of 1 s: leakcheck needs at least {@code min.points} (6) points to judge
     * a trend and half of them again to see that it persists, so 10 points make the default run
     * decide (a test holds every benchmark to this).
     */
    public static final int MEASUREMENT_ITERATIONS = 10;

    /** The default target of every benchmark that does not re-declare this parameter. */
    public static final String DEFAULT_TARGET = "embedded";

    @Param(DEFAULT_TARGET)
    public String target;

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

    /** The workload, built in trial setup: what the {@code @Benchmark} methods drive. */
    protected W workload;

    private final WorkloadKind kind;
    private TrialFixture fixture;

    /** @param kind the workload this benchmark runs: what the target must support, and its seed */
    protected WorkloadBenchmark(WorkloadKind kind) {
        this.kind = kind;
    }

    /** Builds the workload from this benchmark's parameters over the open trial (setup, not measured). */
    protected abstract W build(TrialFixture trial);

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
            fixture = TrialFixture.open(new TrialSpec(kind, target, fault, faultEvery, dataset(), targetOptions()));
        } catch (UnsupportedOperationException e) {
            // a target or fault that cannot run this workload: one plain line before JMH's stack trace
            System.out.println("# leakbench: SKIPPED " + kind.id() + ": " + e.getMessage());
            throw e;
        }
        try {
            workload = build(fixture);
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
        LeakProbes.register(this);
    }

    /** Warns when this run has more threads ({@code @Threads}, {@code @GroupThreads}, {@code -t}) than cores. */
    @Setup(Level.Trial)
    public final void warnIfOversubscribed(BenchmarkParams params) {
        String name = params.getBenchmark(); // package.Class.method: keep Class.method
        TrialFixture.warnIfOversubscribed(
                name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), params.getThreads());
    }

    @TearDown(Level.Trial)
    public final void closeTrial() {
        if (fixture == null) {
            return; // setup failed: nothing to verify or close
        }
        try {
            if (workload != null) {
                workload.verify();
            }
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
        return getClass().getSimpleName()
                + (f == null ? "" : " on target '" + f.target().name() + "'");
    }
}
