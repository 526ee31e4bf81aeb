package dev.leakbench.benchmarks;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.workloads.fixture.TrialFixture;
import dev.leakbench.workloads.fixture.Workloads;
import dev.leakbench.workloads.mix.StorageWorkload;
import dev.leakbench.workloads.mix.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.util.List;

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
public class StorageBenchmark extends WorkloadBenchmark {

    @Param("embedded")
    public String target;

    /** Churn tuples live at any time. */
    @Param("1000")
    public int window;

    private StorageWorkload workload;

    @Override
    protected Workload workload() {
        return Workload.STORAGE;
    }

    @Override
    protected String target() {
        return target;
    }

    @Override
    protected void prepare(TrialFixture fixture) {
        workload = Workloads.storage(fixture, window);
    }

    @Benchmark
    public List<RelationTuple> writeReadDelete() {
        return workload.writeReadDelete();
    }
}
