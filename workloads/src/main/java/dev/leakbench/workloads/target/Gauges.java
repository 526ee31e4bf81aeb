package dev.leakbench.workloads.target;

/**
 * Names of the gauges built-in targets report from {@link Target#gauges()} (the profiler prefixes
 * them with {@code gauge.}). A target reports the ones that apply to it; a user's target may add more.
 */
public final class Gauges {
    private Gauges() {}

    /** Connections checked out of the store's pool. */
    public static final String CONNECTIONS_ACTIVE = "connections.active";
    /** Physical connections the pool holds, busy or idle. */
    public static final String CONNECTIONS_OPEN = "connections.open";
    /** Watch subscriptions not yet closed. */
    public static final String STREAMS_OPEN = "streams.open";
    /** Entries in the decision cache. */
    public static final String CACHE_ENTRIES = "cache.entries";
    /** Tuples visible at the current revision (constant in a steady-state workload). */
    public static final String TUPLES_LIVE = "tuples.live";
    /** Tuple versions held, deleted ones not yet compacted included. */
    public static final String VERSIONS_RETAINED = "versions.retained";
    /** Changes held for watch replay. */
    public static final String CHANGELOG_ENTRIES = "changelog.entries";
    /** Open snapshot leases pinning a revision. */
    public static final String REVISIONS_PINNED = "revisions.pinned";
    /** Write listeners registered and not removed. */
    public static final String LISTENERS_REGISTERED = "listeners.registered";
    /** Policy rules a jCasbin enforcer holds (p, g and g2). */
    public static final String POLICIES = "policies";
}
