package dev.leakbench.profile;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.ExternalProfiler;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that measures what the heap keeps, iteration by iteration, so that a leak shows
 * up as retained heap growing with operations. It needs only {@code jmh-core} and {@code jol-core}
 * on the class path and works on any JMH benchmark:
 * {@code -prof dev.leakbench.profile.LeakProfiler}.
 *
 * <p>At every reading it forces full GCs until the heap stops shrinking and reads the heap after
 * GC from the collector's own accounting; it also reads process resources and, when the benchmark
 * registers a {@link LeakProbe} (one line, {@code LeakProbes.register(this)} in
 * {@code @Setup(Level.Trial)}), its gauges and, with JOL, the sizes of its named roots. Each
 * iteration reports {@code heap.retained}, {@code ops.cumulative}, {@code threads.live},
 * {@code fds.open}, {@code rss}, {@code buffers.direct}, {@code metaspace}, {@code root.<name>} and
 * {@code gauge.<name>} as JMH secondary metrics, and one row of a series CSV beside the JMH
 * result. A class histogram at every reading gives the live instances and bytes of every class
 * ({@code NAME.class-counts.csv}), the exact counts that show a leak of a few objects per
 * iteration; an optional JFR mode names the oldest surviving allocation sites, and
 * {@code trace=true} takes live heap dumps at three readings ({@code NAME.dumps.csv} indexes them)
 * from which {@code leakcheck findings} traces what grows to a GC root.
 *
 * <h2>When it reads</h2>
 * JMH runs {@code @TearDown(Level.Trial)} and drops the benchmark's {@code @State} objects inside
 * the last measurement iteration, before a profiler hears that it ended, so a reading at the end of
 * that iteration would show the benchmark released. Two timings avoid it (see {@link LeakTrial}):
 * with a {@link LeakProbe} registered, every iteration is read at its end and the last one when
 * the probe {@linkplain LeakProbes#unregister unregisters} first thing in its teardown; without a
 * probe, measurement iterations are read at their <em>start</em> (the state the previous iteration
 * left, {@code ops.cumulative} the operations done by then), so every reading comes before any
 * teardown with no cooperation from the benchmark.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuthorizationBenchmark \
 *     -prof dev.leakbench.profile.LeakProfiler -prof gc -rf json -rff results/run/jmh.json
 * java -jar benchmarks/target/benchmarks.jar ... -prof 'dev.leakbench.profile.LeakProfiler:dir=results/run;roots=false'
 * java -cp my-benchmarks.jar:leakbench-profiler.jar:jol-core.jar org.openjdk.jmh.Main ... \
 *     -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 * List the LeakProfiler <em>before</em> {@code -prof gc}: JMH runs the profilers' before-iteration
 * hooks in command-line order and the after-iteration hooks in reverse order, and only then do the
 * LeakProfiler's forced GCs fall outside what GCProfiler counts (see {@link GcProfilerOrder}).
 * Options: see {@link LeakProfilerOptions} (an unknown one is rejected with the list).
 * {@code OptionsBuilder} form:
 * {@code .addProfiler(LeakProfiler.class, "dir=results/run").addProfiler(GCProfiler.class)}.
 * {@code -lprof} lists it (it is registered as a {@code java.util.ServiceLoader} provider of
 * JMH's {@code Profiler}).
 *
 * <p>It is both an {@link InternalProfiler}, which JMH instantiates in the forked benchmark JVM
 * and calls around every iteration, and an {@link ExternalProfiler}, which JMH instantiates in
 * the host JVM to ask for the fork's JVM options: {@code -XX:MarkSweepDeadRatio=0} (full GCs
 * compact everything, so readings hold no dead objects), {@code -Djmh.link.resetEach=-1} and
 * {@code -Dsun.reflect.noInflation=true} (JMH's and reflection's one-time work stays out of the
 * measurement, see {@link JmhForkPriming}), the {@code --add-opens} and self-attach JOL needs for
 * fast walks (with {@code roots=true}), and the fork's number, which names the series file when
 * there are several forks. With {@code -f 0} (no fork) none of these apply: the profiler warns,
 * and they can be given to the JVM that runs JMH.
 *
 * <p>A trial that fails (a bad parameter, a benchmark or teardown that throws) is JMH's to report:
 * the iteration it fails in ends without a result, and the profiler then reports no metric and
 * ends the trial without throwing, so JMH's {@code <failure>} block shows the benchmark's own
 * exception (a profiler that threw there would replace it). The series rows of the iterations
 * before stay in the file.
 */
public final class LeakProfiler implements InternalProfiler, ExternalProfiler {
    private final LeakProfilerOptions options;
    private final GcProfilerOrder gcOrder = new GcProfilerOrder();
    /** Host side: forks launched so far per benchmark and parameters, to number them. */
    private final Map<BenchmarkParams, Integer> forksLaunched = new HashMap<>();
    /** Fork side: the trial being measured, made before its first iteration. */
    private LeakTrial trial;

    /**
     * Made by JMH with the text after {@code LeakProfiler:} (empty when there is none); also
     * made in the host JVM, so it must not touch the benchmark's state or the file system.
     *
     * @throws ProfilerException for an unknown option or a bad value, listing the valid options
     */
    public LeakProfiler(String initLine) throws ProfilerException {
        this.options = LeakProfilerOptions.parse(initLine);
    }

    /** With the default options: what {@code java.util.ServiceLoader} (JMH's {@code -lprof}) makes. */
    public LeakProfiler() {
        this.options = LeakProfilerOptions.defaults();
    }

    @Override
    public String getDescription() {
        return "Leak profiler (leakbench): retained heap after full GC, process resources, live instances per class, "
                + "and the roots (JOL) and gauges of registered LeakProbes, per iteration, as a series CSV";
    }

    // ---- InternalProfiler: in the benchmark JVM ----

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // first: it lets go of the previous iteration's result, which must not be in this iteration's reading
        String warning = gcOrder.check();
        if (warning != null) {
            log(warning);
        }
        if (trial == null) {
            trial = LeakTrial.start(
                    options, benchmarkParams, Integer.getInteger(SeriesFile.FORK_PROPERTY, 0), LeakProfiler::log);
        }
        trial.beforeIteration(iterationParams);
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        if (result.getRawPrimaryResults().isEmpty()) {
            // No thread returned a result: the benchmark failed in this iteration (its trial setup, the
            // benchmark method or its trial teardown threw). JMH throws that error right after the profilers'
            // afterIteration, unless one of them throws first and so replaces it; report nothing, end the
            // trial, and let JMH say why it failed.
            if (trial != null) {
                trial.abandon();
                trial = null;
            }
            return List.of();
        }
        // every thread's operations, including those outside the measured window: they all leak
        long ops = result.getMetadata().getAllOps();
        List<ScalarResult> results = trial.afterIteration(ops);
        gcOrder.afterOurIteration(result);
        return results;
    }

    // ---- ExternalProfiler: in the host JVM ----

    @Override
    public Collection<String> addJVMInvokeOptions(BenchmarkParams params) {
        return List.of();
    }

    @Override
    public Collection<String> addJVMOptions(BenchmarkParams params) {
        // JMH asks once per fork, warmup forks first, with the same profiler instance
        int fork = forksLaunched.merge(params, 1, Integer::sum);
        List<String> args = new ArrayList<>();
        args.add("-D" + SeriesFile.FORK_PROPERTY + "=" + fork);
        args.addAll(RetainedHeapSampler.forkJvmArgs());
        args.addAll(JmhForkPriming.forkJvmArgs());
        if (options.roots()) {
            args.addAll(RootSizer.forkJvmArgs());
        }
        return args;
    }

    @Override
    public void beforeTrial(BenchmarkParams benchmarkParams) {
        // nothing to prepare on the host
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw Result
    public Collection<? extends Result> afterTrial(BenchmarkResult br, long pid, File stdOut, File stdErr) {
        return List.of();
    }

    @Override
    public boolean allowPrintOut() {
        return true;
    }

    @Override
    public boolean allowPrintErr() {
        return true;
    }

    private static void log(String message) {
        System.out.println("LeakProfiler: " + message);
    }
}
