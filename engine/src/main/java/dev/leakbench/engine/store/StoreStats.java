package dev.leakbench.engine.store;

/**
 * What a store holds right now.
 *
 * @param liveTuples        tuples visible at the current revision
 * @param retainedVersions  tuple versions held, including deleted ones not yet compacted
 * @param changeLogEntries  changes held for watch replay
 * @param openWatches       subscriptions not yet closed
 * @param pinnedRevisions   leases not yet closed
 * @param activeConnections connections checked out of the pool (0 for in-memory stores)
 * @param openConnections   physical connections the pool holds (0 for in-memory stores)
 */
public record StoreStats(
        long liveTuples,
        long retainedVersions,
        long changeLogEntries,
        int openWatches,
        int pinnedRevisions,
        int activeConnections,
        int openConnections) {}
