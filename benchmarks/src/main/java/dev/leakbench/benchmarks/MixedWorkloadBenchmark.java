package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The mixed workload of InferaDB's 24-hour soak — 70% check, 20% write, 10% expand — in steady
 * state: the closest of these benchmarks to production traffic, and the one to run for long soaks.
 *
 * <p><b>Measured:</b> {@link #operation} — from a fixed, shuffled pattern of 4,096 slots (70.0% / 20.0%
 * / 10.0%): a check (16,384 requests, 50% allow, every answer verified), a rolling-window write (a
 * write and a delete per revision, {@code window} live churn tuples) or an expand (at most
 * {@code expandLimit} subjects). Writes move the revision, so cached decisions of older revisions
 * must age out of the decision cache.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MixedWorkloadBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar MixedWorkloadBenchmark -wi 1 -i 60 -r 60s -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 * jCasbin has no expand: {@code -p target=jcasbin} is skipped with that message.
 */
public class MixedWorkloadBenchmark extends WorkloadBenchmark<MixedWorkload> {

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    /** Most subjects an expand returns. */
    @Param("1000")
    public int expandLimit;

    public MixedWorkloadBenchmark() {
        super(WorkloadKind.MIXED);
    }

    @Override
    protected MixedWorkload build(TrialFixture trial) {
        return WorkloadFactory.mixed(trial, window, expandLimit);
    }

    /** A check (1 = allowed, 0 = denied), a write (the revision) or an expand (the number of subjects). */
    @Benchmark
    public long operation(ThreadCursor thread) {
        return workload.next(thread.cursor);
    }
}
