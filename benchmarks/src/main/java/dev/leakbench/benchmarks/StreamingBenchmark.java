package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.StreamingWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Watch subscriptions created, consumed and closed while writes flow: the life cycle whose missing
 * {@code close()} is the classic stream leak.
 *
 * <p><b>Measured:</b> {@link #subscribeConsumeClose} — subscribe at the current revision (buffer of
 * {@code buffer} changes), take one rolling-window step (a write and a delete in one revision),
 * consume the step's changes, close; returns the changes consumed. A subscription that receives none
 * of its own step's changes fails the trial. <b>Data:</b> the seeded graph plus {@code window} live
 * churn tuples; the profiler's {@code gauge.streams.open} must stay at 0.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamingBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar StreamingBenchmark -p fault=watch-leak -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 * jCasbin has no change stream: {@code -p target=jcasbin} is skipped with that message.
 */
public class StreamingBenchmark extends WorkloadBenchmark<StreamingWorkload> {

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    /** Changes a subscription buffers before it overflows. */
    @Param("64")
    public int buffer;

    public StreamingBenchmark() {
        super(WorkloadKind.STREAMING);
    }

    @Override
    protected StreamingWorkload build(TrialFixture trial) {
        return WorkloadFactory.streaming(trial, window, buffer);
    }

    @Benchmark
    public int subscribeConsumeClose() {
        return workload.subscribeConsumeClose();
    }
}
