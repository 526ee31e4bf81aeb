package dev.leakbench.workloads.mix;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.workloads.target.Target;
import java.util.List;

/**
 * Write, read back, delete: each operation writes the next tuple of a {@link RollingWindow} (deleting
 * the one that falls out of the window in the same batch) and reads the new tuple back by resource,
 * relation and subject. A read that returns no row fails the trial: a storage workload that reads
 * back nothing measures nothing.
 */
public final class StorageWorkload implements Workload {

    private final Target target;
    private final RollingWindow window;

    public StorageWorkload(Target target, RollingWindow window) {
        this.target = target;
        this.window = window;
    }

    /** One write + read-back (+ the delete riding in the write's batch); returns the rows read. */
    public List<RelationTuple> writeReadDelete() {
        long n = window.advance();
        List<RelationTuple> rows = target.read(window.readBack(n), 8);
        if (rows.isEmpty()) {
            throw new IllegalStateException(
                    "storage: wrote " + window.written(n) + " (step " + n + ") and reading it back returned no rows");
        }
        return rows;
    }

    public RollingWindow window() {
        return window;
    }
}
