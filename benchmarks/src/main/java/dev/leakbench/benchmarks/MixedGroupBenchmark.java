package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Param;

/**
 * The mixed workload of {@link MixedWorkloadBenchmark} (checks, rolling-window writes, expands over
 * the same data) run as one JMH group, so that each kind of operation gets its own score: what a
 * check, a write and an expand each cost while the other two run beside it.
 *
 * <p><b>Measured:</b> the group {@code mixed}, 10 threads sharing one target: 7 run {@link #check}
 * (16,384 requests, 50% allow, every answer verified), 2 run {@link #write} (a write and a delete
 * per revision, {@code window} live churn tuples) and 1 runs {@link #expand} (at most
 * {@code expandLimit} subjects). JMH reports {@code mixed} (all operations of the group per second)
 * and one score per kind: {@code mixed:check}, {@code mixed:write}, {@code mixed:expand}. The 70/20/10
 * shape is a split of threads, not of operations: each thread runs its kind as fast as it can, so
 * the scores are not in a 70:20:10 ratio (a check is far cheaper than an expand). For a fixed share of
 * operations in one score, run {@link MixedWorkloadBenchmark}.
 *
 * <p>The trial state (dataset, target, workload) is this class's {@code Scope.Benchmark} state, not a
 * {@code Scope.Group} one: with more threads than one group ({@code -t 20} makes two groups) every
 * group drives the same target, as the threads of the other benchmarks do, and the leak profiler
 * reads the one registered target. Its {@code ops.cumulative} counts the operations of every thread
 * of every group. Trial setup warns when there are fewer cores than threads.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MixedGroupBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar MixedGroupBenchmark -tg 3,1,1 -p fault=listener-leak -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 * {@code -tg} sets the threads per kind, in the methods' alphabetical order: check, expand, write.
 * jCasbin has no expand: {@code -p target=jcasbin} is skipped with that message.
 */
public class MixedGroupBenchmark extends WorkloadBenchmark<MixedWorkload> {

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    /** Most subjects an expand returns. */
    @Param("1000")
    public int expandLimit;

    public MixedGroupBenchmark() {
        super(WorkloadKind.MIXED);
    }

    @Override
    protected MixedWorkload build(TrialFixture trial) {
        return WorkloadFactory.mixed(trial, window, expandLimit);
    }

    /** A check; returns the decision. */
    @Benchmark
    @Group("mixed")
    @GroupThreads(7)
    public boolean check(ThreadCursor thread) {
        return workload.check(thread.cursor);
    }

    /** A rolling-window step; returns the revision. */
    @Benchmark
    @Group("mixed")
    @GroupThreads(2)
    public long write() {
        return workload.write();
    }

    /** An expand; returns the number of subjects. */
    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public long expand(ThreadCursor thread) {
        return workload.expand(thread.cursor);
    }
}
