package dev.leakbench.benchmarks;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.workloads.mix.StorageWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Write, read back, delete in a rolling window: the storage path and its MVCC history, which must
 * be compacted as fast as it is made.
 *
 * <p><b>Measured:</b> {@link #writeReadDelete} — one batch that writes a new
 * {@code document#viewer@user:w<n>} tuple and deletes the one written {@code window} steps earlier
 * (one revision), then a read of the new tuple by resource, relation and subject, returning the rows.
 * A read that comes back empty fails the trial (InferaDB's storage test read back zero rows and
 * passed). <b>Data:</b> the seeded graph plus {@code window} (default 1,000) live churn tuples: the
 * live set never grows.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StorageBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar StorageBenchmark -p target=embedded,embedded-jdbc,jcasbin -prof gc
 * java -jar benchmarks/target/benchmarks.jar StorageBenchmark -p fault=mvcc-history -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 */
public class StorageBenchmark extends WorkloadBenchmark<StorageWorkload> {

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    public StorageBenchmark() {
        super(WorkloadKind.STORAGE);
    }

    @Override
    protected StorageWorkload build(TrialFixture trial) {
        return WorkloadFactory.storage(trial, window);
    }

    @Benchmark
    public List<RelationTuple> writeReadDelete() {
        return workload.writeReadDelete();
    }
}
