package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;

/**
 * Ten threads of mixed checks and writes: what a shared engine holds on to when many requests
 * overlap (per-thread state, contended caches, revisions kept alive by in-flight reads).
 *
 * <p><b>Measured:</b> {@link #operation} on 10 threads ({@code @Threads(10)}; change with {@code -t});
 * each thread walks its own place in a fixed pattern of 90% checks (16,384 requests, 50% allow, every
 * answer verified) and 10% rolling-window writes (a write and a delete per revision, {@code window}
 * live churn tuples). Throughput is the sum over threads. Trial setup warns when there are fewer
 * cores than threads: then the number measures scheduling as much as the engine.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConcurrentLoadBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar ConcurrentLoadBenchmark -t 4 -p fault=listener-leak -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 */
@Threads(10)
public class ConcurrentLoadBenchmark extends WorkloadBenchmark<MixedWorkload> {

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    public ConcurrentLoadBenchmark() {
        super(WorkloadKind.CONCURRENT);
    }

    @Override
    protected MixedWorkload build(TrialFixture trial) {
        return WorkloadFactory.concurrent(trial, window);
    }

    /** A check (1 = allowed, 0 = denied) or a write (the revision). */
    @Benchmark
    public long operation(ThreadCursor thread) {
        return workload.next(thread.cursor);
    }
}
