package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Operations through the JDBC store's connection pool: every borrowed connection must go back, so
 * {@code gauge.connections.active} returns to 0 between iterations and {@code connections.open}
 * stays at the pool size.
 *
 * <p><b>Measured:</b> {@link #operation} — from a fixed pattern, 40% checks (16,384 requests, 50%
 * allow, verified; a check borrows a connection for every tuple lookup it does not find in the
 * decision cache), 40% reads of a document's viewers, 20% rolling-window writes. <b>Target:</b>
 * {@code embedded-jdbc} by default — the engine on HikariCP over an in-process H2 server on
 * 127.0.0.1, so connections are real sockets; the pool size is a target option
 * ({@code -p targetOptions=poolSize=4}). A target without a pool is skipped with that message.
 *
 * <p>On {@code embedded-jdbc} the decision cache is off unless {@code targetOptions} sets
 * {@code cacheCapacity}: this workload measures the pool, so every check should reach it; and at
 * JDBC speed (a few thousand operations a second) a 10,000-entry cache keyed by revision would
 * still be filling after a short run, which is growth the analysis rightly cannot call bounded.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConnectionBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar ConnectionBenchmark -p fault=connection-leak -p faultEvery=500 -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 */
public class ConnectionBenchmark extends WorkloadBenchmark<MixedWorkload> {

    /**
     * The JDBC store by default (this re-declares the shared {@code target} parameter with its own
     * default): a connection workload on a store without a pool would measure nothing.
     */
    @Param("embedded-jdbc")
    public String target;

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    public ConnectionBenchmark() {
        super(WorkloadKind.CONNECTIONS);
    }

    @Override
    protected Map<String, String> targetOptions() {
        Map<String, String> options = new HashMap<>(super.targetOptions());
        if ("embedded-jdbc".equals(target)) {
            options.putIfAbsent("cacheCapacity", "0");
        }
        return options;
    }

    @Override
    protected MixedWorkload build(TrialFixture trial) {
        return WorkloadFactory.connections(trial, window);
    }

    /** A check (1 = allowed, 0 = denied), a read (rows) or a write (the revision). */
    @Benchmark
    public long operation(ThreadCursor thread) {
        return workload.next(thread.cursor);
    }
}
