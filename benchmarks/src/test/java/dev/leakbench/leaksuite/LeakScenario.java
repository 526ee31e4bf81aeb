package dev.leakbench.leaksuite;

import dev.leakbench.workloads.mix.AuthorizationWorkload;
import dev.leakbench.workloads.mix.CacheEvictionWorkload;
import dev.leakbench.workloads.mix.Cursor;
import dev.leakbench.workloads.mix.ExpandWorkload;
import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.StorageWorkload;
import dev.leakbench.workloads.mix.StreamingWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.target.Gauges;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The seven short leak tests of the CI suite: which workload runs on which target, for how many
 * operations (the seed's counts), after how much warmup, in how many measured segments and on how
 * many workers; and the fault that must make the same scenario fail, with the metric it must show
 * up in. {@link SegmentedRun} runs a scenario clean or with its fault; everything else is shared.
 *
 * <p>Warmup is not part of the seed's count. It brings the engine to its steady state before the
 * first measured point: JIT and class loading, and for the checking workloads the decision cache
 * filled to its capacity (a check workload of 10,000 distinct keys against a 10,000-entry cache
 * would otherwise fill the cache for the whole measured run, which is growth, if bounded). Warmup
 * points are written to the series (phase {@code warmup}) and never fitted.
 *
 * <p>What a scenario can detect follows from the analysis's floors: projected growth over the
 * measured operations must reach 32 KiB of heap (the minimum heap floor) or 4 units of a gauge (or
 * 4 robust sigmas of the run's own noise, if larger). So the smallest leak rate a scenario sees is
 * {@code 32 KiB / measuredOps} bytes per operation, or {@code 4 / measuredOps} units per operation;
 * see each constant.
 */
public enum LeakScenario {

    /**
     * 10,000 checks ({@code document#viewer@user}, half allowed, every answer verified) on the
     * embedded engine, after 20,000 warmup checks (more than the 16,384-request cycle: the decision
     * cache is at its 10,000-entry capacity before measuring). Detects heap growth from about
     * 3.3 B/check (32 KiB / 10,000). Fault: {@code unbounded-cache} on every check (a memo keyed by
     * request id that is never evicted, ~100 B per entry).
     */
    AUTHORIZATION(
            "authorization checks",
            WorkloadKind.AUTHORIZATION,
            "embedded",
            "",
            20_000,
            10_000,
            1,
            "unbounded-cache",
            1,
            Metric.HEAP,
            f -> {
                AuthorizationWorkload w = WorkloadFactory.authorization(f);
                return new Driver(c -> w.check(c) ? 1 : 0, () -> w.answers().verify());
            }),

    /**
     * 1,000 expands (half {@code group#member}, half {@code document#viewer}, limit 1,000 subjects)
     * on the embedded engine, after 1,000 warmup expands. With only 1,000 operations the heap floor
     * means about 33 B/expand (32 KiB / 1,000) is the smallest leak seen: a per-expand leak of a
     * few objects would need the long runs (JMH + LeakProfiler). Fault: {@code unbounded-cache} on
     * every expand (the memo keeps each expand's result set, ~1-3 KB).
     */
    EXPAND(
            "expand operations",
            WorkloadKind.EXPAND,
            "embedded",
            "",
            1_000,
            1_000,
            1,
            "unbounded-cache",
            1,
            Metric.HEAP,
            f -> {
                ExpandWorkload w = WorkloadFactory.expand(f, 1_000);
                return new Driver(c -> w.expand(c).size(), () -> {});
            }),

    /**
     * 5,000 write/read-back cycles (each writes a tuple and deletes the one leaving a 1,000-tuple
     * rolling window, in one revision, then reads the new tuple back) on the embedded engine's MVCC
     * store, after 2,000 warmup cycles. Detects heap growth from about 6.6 B/cycle; the store's
     * {@code versions.retained} and {@code changelog.entries} gauges from 4 over the run. Fault:
     * {@code mvcc-history} every 100 store calls (a snapshot never closed: compaction stops).
     */
    STORAGE(
            "storage write/read cycles",
            WorkloadKind.STORAGE,
            "embedded",
            "",
            2_000,
            5_000,
            1,
            "mvcc-history",
            100,
            Metric.HEAP,
            f -> {
                StorageWorkload w = WorkloadFactory.storage(f, 1_000);
                return new Driver(c -> w.writeReadDelete().size(), () -> {});
            }),

    /**
     * 20,000 checks whose keys never repeat (a new visitor each time) against a decision cache of
     * 1,000 entries: 20x its capacity, so it evicts for the whole run, after 4,000 warmup checks that
     * fill it. Detects heap growth from about 1.6 B/check (32 KiB / 20,000). Fault:
     * {@code unbounded-cache} on every check (a memo beside the cache that never evicts).
     */
    CACHE_EVICTION(
            "cache eviction",
            WorkloadKind.CACHE_EVICTION,
            "embedded",
            "cacheCapacity=1000",
            4_000,
            20_000,
            1,
            "unbounded-cache",
            1,
            Metric.HEAP,
            f -> {
                CacheEvictionWorkload w = WorkloadFactory.cacheEviction(f);
                return new Driver(c -> w.check(c) ? 1 : 0, () -> w.answers().verify());
            }),

    /**
     * 10 concurrent workers, 1,000 operations each (10,000 in all: 90% verified checks, 10%
     * rolling-window writes) on one embedded engine, after 20,000 warmup operations. Detects heap
     * growth from about 3.3 B/op. Fault: {@code listener-leak} every 5 operations (a write listener
     * registered per request and never removed, holding the request's context).
     */
    CONCURRENT(
            "concurrent load",
            WorkloadKind.CONCURRENT,
            "embedded",
            "",
            20_000,
            10_000,
            10,
            "listener-leak",
            5,
            Metric.HEAP,
            f -> {
                MixedWorkload w = WorkloadFactory.concurrent(f, 1_000);
                return new Driver(w::next, () -> w.answers().verify());
            }),

    /**
     * 500 watch cycles (subscribe at the current revision, write, consume the change, close) on the
     * embedded engine, after 100 warmup cycles. Detects {@code streams.open} growing by 4 over the
     * run (one forgotten subscription per 125 cycles) and heap growth from about 66 B/cycle.
     * Fault: {@code watch-leak} every 10 store calls (a subscription opened and never closed).
     */
    STREAMING(
            "streaming",
            WorkloadKind.STREAMING,
            "embedded",
            "",
            100,
            500,
            1,
            "watch-leak",
            10,
            Metric.gauge(Gauges.STREAMS_OPEN),
            f -> {
                StreamingWorkload w = WorkloadFactory.streaming(f, 1_000, StreamingWorkload.DEFAULT_BUFFER);
                return new Driver(c -> w.subscribeConsumeClose(), () -> {});
            }),

    /**
     * 5,000 operations through the JDBC store's pool (40% checks, 40% reads, 20% writes) on
     * {@code embedded-jdbc}: HikariCP (10 connections) over an in-process H2 server on 127.0.0.1,
     * after 1,000 warmup operations. The decision cache is off ({@code cacheCapacity=0}): every
     * check then goes through the pool, and nothing fills during the run (with the default
     * 10,000-entry cache, 5,000 operations fill it the whole time and {@code cache.entries} reads as
     * a LEAK; a warmup long enough to fill it would cost ~25 s of JDBC). Then no connection may be
     * checked out, and neither
     * {@code connections.active} nor the process's open sockets may grow (detects 4 over the run:
     * one connection per 1,250 operations). Fault: {@code connection-leak} every 700 store calls (an
     * audit hook that borrows a connection and never returns it; it stops 2 short of the pool size,
     * so 8 leak in all). It takes pooled connections, so the open sockets do not grow with it; they
     * catch a connection opened outside the pool and never closed.
     */
    CONNECTIONS(
            "connection leaks",
            WorkloadKind.CONNECTIONS,
            "embedded-jdbc",
            "cacheCapacity=0",
            1_000,
            5_000,
            1,
            "connection-leak",
            700,
            Metric.gauge(Gauges.CONNECTIONS_ACTIVE),
            f -> {
                MixedWorkload w = WorkloadFactory.connections(f, 1_000);
                return new Driver(w::next, () -> w.answers().verify());
            });

    /** Measured segments per run: one reading after each. */
    public static final int SEGMENTS = 16;
    /** Warmup segments per run (readings kept as phase {@code warmup}, never fitted). */
    public static final int WARMUP_SEGMENTS = 4;

    /** Metric names as the analysis knows them. */
    public static final class Metric {
        public static final String HEAP = "heap.retained";
        /** Open sockets of this process (see {@link OpenSockets}); a suite gauge, not a target's. */
        public static final String SOCKETS = "gauge.sockets.open";

        private Metric() {}

        public static String gauge(String name) {
            return "gauge." + name;
        }
    }

    /** One operation of the workload on a worker's cursor, and the check of its answers at the end. */
    public record Driver(ToLongFunction<Cursor> operation, Runnable verify) {}

    private final String title;
    private final WorkloadKind kind;
    private final String target;
    private final String targetOptions;
    private final int warmupOps;
    private final int measuredOps;
    private final int workers;
    private final String fault;
    private final int faultEvery;
    private final String faultMetric;
    private final Function<TrialFixture, Driver> driver;

    LeakScenario(
            String title,
            WorkloadKind kind,
            String target,
            String targetOptions,
            int warmupOps,
            int measuredOps,
            int workers,
            String fault,
            int faultEvery,
            String faultMetric,
            Function<TrialFixture, Driver> driver) {
        this.title = title;
        this.kind = kind;
        this.target = target;
        this.targetOptions = targetOptions;
        this.warmupOps = warmupOps;
        this.measuredOps = measuredOps;
        this.workers = workers;
        this.fault = fault;
        this.faultEvery = faultEvery;
        this.faultMetric = faultMetric;
        this.driver = driver;
    }

    /** What the test checks, e.g. "authorization checks". */
    public String title() {
        return title;
    }

    public WorkloadKind kind() {
        return kind;
    }

    public String target() {
        return target;
    }

    public String targetOptions() {
        return targetOptions;
    }

    public int warmupOps() {
        return warmupOps;
    }

    /** The seed's operation count. */
    public int measuredOps() {
        return measuredOps;
    }

    public int workers() {
        return workers;
    }

    /** The fault that must make this scenario fail. */
    public String fault() {
        return fault;
    }

    /** Its rate: one leak every N target calls. */
    public int faultEvery() {
        return faultEvery;
    }

    /** The metric the fault must show up in as a LEAK. */
    public String faultMetric() {
        return faultMetric;
    }

    /** Builds the workload over an open fixture. */
    public Driver driver(TrialFixture fixture) {
        return driver.apply(fixture);
    }

    @Override
    public String toString() {
        return kind.id() + " with " + fault + " every " + faultEvery;
    }
}
