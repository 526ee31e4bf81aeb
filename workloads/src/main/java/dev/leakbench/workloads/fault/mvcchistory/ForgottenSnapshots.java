package dev.leakbench.workloads.fault.mvcchistory;

import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.fault.HeldLeaks;
import dev.leakbench.workloads.fault.UnsupportedFaultException;
import dev.leakbench.workloads.target.Snapshots;
import dev.leakbench.workloads.target.Target;

/**
 * {@code mvcc-history}: a request opens a snapshot so two reads see the same revision, and on the
 * path that skips the second read never closes it. The store must keep every version newer than the
 * oldest open snapshot, so compaction stops: with writes flowing, {@code versions.retained} and the
 * change log grow for the rest of the run. (In a workload without writes there is no history to
 * keep, and only {@code revisions.pinned} grows.)
 *
 * <p>Needs a target with {@link Snapshots} ({@code embedded}, {@code embedded-jdbc}).
 */
public final class ForgottenSnapshots extends HeldLeaks<RevisionLease> {

    private final Snapshots snapshots;

    public ForgottenSnapshots(Target target) {
        this.snapshots = target.capability(Snapshots.class)
                .orElseThrow(() -> new UnsupportedFaultException("mvcc-history", target.name(), "MVCC snapshots"));
    }

    @Override
    public String name() {
        return "mvcc-history";
    }

    @Override
    public void inject(FaultSite site) {
        hold(snapshots.snapshot()); // first read done; the second is skipped, and so is close()
    }

    @Override
    protected void release(RevisionLease lease) {
        lease.close();
    }
}
