package dev.leakbench.analysis.detection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's ground truth: for every injected fault, the names that count as "the fault's
 * own" when a finding names them first. It is not part of the detector — the analysis never sees
 * it — and it is the one place this truth is written down (read from the faults' code in
 * {@code workloads/src/main/java/dev/leakbench/workloads/fault/**}).
 *
 * <p>A name is the fault's own when it is
 * <ul>
 *   <li>the fault's root, {@code fault.<id>} (the structure {@code Fault.root()} returns, sized by
 *       the profiler as {@code root.fault.<id>});</li>
 *   <li>a class of the fault's own package {@code dev.leakbench.workloads.fault.<pkg>} (nested
 *       classes included);</li>
 *   <li>one of the few engine, JDK or library classes the fault's code provably allocates and keeps
 *       per leak <em>and</em> that identify the leaked thing (a direct buffer, a watch
 *       subscription, a pool's connection proxy, an MVCC version). Generic containers, arrays and
 *       strings ({@code [B}, {@code [Ljava.lang.Object;}, {@code java.lang.String},
 *       {@code ConcurrentHashMap$Node}, {@code ConcurrentLinkedQueue$Node}) are never counted even
 *       when the fault holds them: naming them first does not lead a person to the cause;</li>
 *   <li>for a resource finding that carries no attribution list, the resource metric that counts
 *       exactly what the fault keeps (e.g. {@code gauge.connections.active} for a connection that
 *       is never returned). The faults' own counters {@code gauge.fault.*} are never judged and so
 *       never named.</li>
 * </ul>
 *
 * <table>
 *   <caption>own names per fault (besides the root {@code fault.<id>})</caption>
 *   <tr><th>fault (kind)</th><th>own classes</th><th>own resource metrics</th><th>why</th></tr>
 *   <tr><td>unbounded-cache (heap)</td><td>{@code ...fault.unboundedcache.*}</td><td>-</td>
 *       <td>each leak is one {@code LeakyRequestMemo$MemoKey} in a map node; the key's fields are the
 *       request's existing objects</td></tr>
 *   <tr><td>listener-leak (heap)</td><td>{@code ...fault.listenerleak.*}, {@code ListenerRegistry$Handle},
 *       {@code FaultSite}</td><td>{@code gauge.listeners.registered}</td>
 *       <td>each leak registers a {@code RequestContext} (with its request {@code FaultSite} and a
 *       256-byte scratch array) behind a registry {@code Handle}</td></tr>
 *   <tr><td>watch-leak (heap)</td><td>{@code ...fault.watchleak.*}, {@code InMemoryWatch},
 *       {@code EngineChangeStream}, {@code JdbcWatchSubscription}</td><td>{@code gauge.streams.open}</td>
 *       <td>each leak is one subscription and its adapter, never closed</td></tr>
 *   <tr><td>mvcc-history (heap)</td><td>{@code ...fault.mvcchistory.*}, {@code ReleasedOnce},
 *       {@code InMemoryTupleStore$Version} (and its array), {@code InMemoryTupleStore$PendingRemoval},
 *       {@code Change}, {@code RelationTuple}</td>
 *       <td>{@code gauge.revisions.pinned}, {@code gauge.versions.retained},
 *       {@code gauge.changelog.entries}</td>
 *       <td>a lease never closed stops compaction: every later write's versions, pending removals
 *       and change-log entries stay</td></tr>
 *   <tr><td>offheap-leak (off-heap)</td><td>{@code ...fault.offheapleak.*}, {@code java.nio.DirectByteBuffer},
 *       {@code DirectByteBuffer$Deallocator}, {@code jdk.internal.ref.Cleaner}</td>
 *       <td>{@code buffers.direct}</td><td>each leak is one 4 KiB direct buffer and its cleaner</td></tr>
 *   <tr><td>connection-leak (pool)</td><td>{@code ...fault.connectionleak.*},
 *       {@code com.zaxxer.hikari.pool.HikariProxyConnection}</td><td>{@code gauge.connections.active}</td>
 *       <td>each leak is one borrowed pool connection (a proxy per borrow), never closed</td></tr>
 *   <tr><td>alloc-bloat (allocation)</td><td>{@code ...fault.allocbloat.*}</td><td>-</td>
 *       <td>retains nothing by design (bytes/op only)</td></tr>
 * </table>
 */
public final class GroundTruth {
    /** The package every fault lives under. */
    public static final String FAULT_PACKAGE = "dev.leakbench.workloads.fault.";

    /**
     * What one fault owns.
     *
     * @param fault the JMH {@code fault} value
     * @param ownPackage the fault's package, with a trailing dot
     * @param ownClasses further classes it provably keeps per leak (binary names, as
     *     {@code Class.getName()} gives them)
     * @param ownMetrics resource metrics that count exactly what it keeps
     * @param kind what one leak keeps: {@code heap} (objects on the heap), {@code off-heap} (a direct
     *     buffer: native memory behind a small heap object), {@code pool} (a pooled resource, capped by
     *     the pool) or {@code allocation} (nothing: garbage per operation)
     */
    public record Truth(
            String fault, String ownPackage, List<String> ownClasses, List<String> ownMetrics, String kind) {
        /**
         * True for the faults the issue's rate targets apply to: each leak keeps at least one object
         * for the rest of the run, with no cap ({@code heap} and {@code off-heap}).
         */
        public boolean holdsPerLeak() {
            return kind.equals("heap") || kind.equals("off-heap");
        }

        /** The fault's root as the profiler names it, without the {@code root.} prefix. */
        public String root() {
            return "fault." + fault;
        }

        /** True when {@code className} is one of the fault's own classes. */
        public boolean ownsClass(String className) {
            return className.startsWith(ownPackage) || ownClasses.contains(className);
        }
    }

    private static final Map<String, Truth> TRUTH = new LinkedHashMap<>();

    static {
        add("unbounded-cache", "heap", "unboundedcache", List.of(), List.of());
        add(
                "listener-leak",
                "heap",
                "listenerleak",
                List.of(
                        "dev.leakbench.workloads.target.ListenerRegistry$Handle",
                        "dev.leakbench.workloads.fault.FaultSite"),
                List.of("gauge.listeners.registered"));
        add(
                "watch-leak",
                "heap",
                "watchleak",
                List.of(
                        "dev.leakbench.engine.store.InMemoryWatch",
                        "dev.leakbench.workloads.target.embedded.EngineChangeStream",
                        "dev.leakbench.engine.store.jdbc.JdbcWatchSubscription"),
                List.of("gauge.streams.open"));
        add(
                "mvcc-history",
                "heap",
                "mvcchistory",
                List.of(
                        "dev.leakbench.engine.store.ReleasedOnce",
                        "dev.leakbench.engine.store.InMemoryTupleStore$Version",
                        "[Ldev.leakbench.engine.store.InMemoryTupleStore$Version;",
                        "dev.leakbench.engine.store.InMemoryTupleStore$PendingRemoval",
                        "dev.leakbench.engine.model.Change",
                        "dev.leakbench.engine.model.RelationTuple"),
                List.of("gauge.revisions.pinned", "gauge.versions.retained", "gauge.changelog.entries"));
        add(
                "offheap-leak",
                "off-heap",
                "offheapleak",
                List.of(
                        "java.nio.DirectByteBuffer",
                        "java.nio.DirectByteBuffer$Deallocator",
                        "jdk.internal.ref.Cleaner"),
                List.of("buffers.direct"));
        add(
                "connection-leak",
                "pool",
                "connectionleak",
                List.of("com.zaxxer.hikari.pool.HikariProxyConnection"),
                List.of("gauge.connections.active"));
        add("alloc-bloat", "allocation", "allocbloat", List.of(), List.of());
    }

    private GroundTruth() {}

    private static void add(String fault, String kind, String pkg, List<String> classes, List<String> metrics) {
        TRUTH.put(fault, new Truth(fault, FAULT_PACKAGE + pkg + ".", classes, metrics, kind));
    }

    /** The truth for {@code fault}, or null for {@code none} and unknown faults. */
    public static Truth of(String fault) {
        return TRUTH.get(fault);
    }

    /** Every fault with a truth, in table order. */
    public static List<Truth> all() {
        return List.copyOf(TRUTH.values());
    }

    /**
     * True when {@code named} — as {@link RunEvaluator} writes it: {@code root:NAME},
     * {@code class:NAME} or {@code metric:NAME} — is the fault's own.
     */
    public static boolean isOwn(String fault, String named) {
        Truth t = of(fault);
        if (t == null || named == null || named.isEmpty()) {
            return false;
        }
        int colon = named.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String kind = named.substring(0, colon);
        String name = named.substring(colon + 1);
        return switch (kind) {
            case "root" -> name.equals(t.root());
            case "class" -> t.ownsClass(name);
            case "metric" -> t.ownMetrics().contains(name);
            default -> false;
        };
    }
}
