package dev.leakbench.workloads.target;

import dev.leakbench.engine.store.RevisionLease;

/**
 * Capability of a target with MVCC snapshots: a lease pins the current revision so the store keeps
 * its history readable (and uncompacted) until the lease is closed.
 */
public interface Snapshots {

    /** Pins the current revision; the caller must close the lease. */
    RevisionLease snapshot();
}
