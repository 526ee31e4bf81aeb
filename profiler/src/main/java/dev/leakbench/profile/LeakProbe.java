package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a benchmark shows the {@link LeakProfiler} besides the heap: named object graphs whose
 * size it measures with JOL ({@code root.<name>}, bytes) and counters it reads
 * ({@code gauge.<name>}), at every reading, in the series CSV and as JMH secondary metrics.
 *
 * <p>Any object can be a probe; usually it is the JMH {@code @State} that owns what might leak.
 * Implement the methods you need (both default to nothing) and register the probe in trial setup,
 * one line, much as JMH hands a {@code Blackhole} or {@code Control} to the methods that ask:
 * <pre>{@code
 * @State(Scope.Benchmark)
 * public class SessionCacheBenchmark implements LeakProbe {
 *     private final Map<Long, Session> cache = new ConcurrentHashMap<>();
 *     private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
 *     private final AtomicLong ids = new AtomicLong();
 *
 *     @Setup(Level.Trial)
 *     public void setUp() {
 *         LeakProbes.register(this);                        // the hook
 *     }
 *
 *     @TearDown(Level.Trial)
 *     public void tearDown() {
 *         LeakProbes.unregister(this);                      // first in teardown: the last reading is taken here
 *     }
 *
 *     @Benchmark
 *     public Session login() {
 *         long id = ids.incrementAndGet();
 *         return cache.computeIfAbsent(id % 10_000, Session::new);
 *     }
 *
 *     @Override
 *     public Map<String, Object> roots() {
 *         return Map.of("cache", cache);                    // root.cache: bytes reachable from it
 *     }
 *
 *     @Override
 *     public Map<String, LongSupplier> gauges() {
 *         return Map.of("cache.entries", () -> cache.size(), // gauge.cache.entries
 *                 "listeners", () -> listeners.size());      // gauge.listeners
 *     }
 * }
 * }</pre>
 *
 * <p>With a probe, every iteration is read at its end; JMH runs {@code @TearDown(Level.Trial)}
 * inside the last measurement iteration, so {@link LeakProbes#unregister} first in the teardown is
 * where the profiler reads that one, before anything is released (a probe still registered then is
 * read after the teardown, with a warning). The profiler lets go of every probe when the trial
 * ends. A benchmark without a probe needs neither line: its measurement iterations are read at
 * their start (see {@link LeakProfiler}), without roots and gauges.
 *
 * <p>Rules, all checked at run time with a message rather than a failure of the benchmark:
 * <ul>
 *   <li>Register in {@code @Setup(Level.Trial)}: the metrics of a trial are fixed by its first
 *       reading (after the first iteration), so a name that appears later is ignored with a warning,
 *       and one that goes missing later reads as NaN (an empty cell).</li>
 *   <li>Roots must be the live objects, not copies; the size is everything reachable from them, so
 *       name roots that own their data (a root that reaches a thread or a class loader includes
 *       those too). Gauges are read after the reading's full GCs and must not block.</li>
 *   <li>Names become part of a metric name; characters leakcheck does not accept are replaced by
 *       {@code _} ({@link MetricNames#root}, {@link MetricNames#gauge}).</li>
 *   <li>Several probes may be registered (a {@code Scope.Thread} state registers one per thread):
 *       a root or gauge name that more than one reports is their sum.</li>
 * </ul>
 * The methods are called from the profiler's measuring thread, between iterations, while no
 * benchmark thread runs; they need no synchronisation with the benchmark's own threads beyond
 * what makes its writes visible (JMH's iteration boundary already does).
 */
public interface LeakProbe {

    /**
     * Named object graphs to size after every iteration ({@code root.<name>}); sizing walks the
     * whole graph with JOL, so a graph of millions of objects costs about a second per reading.
     * Turn it off with the profiler option {@code roots=false}.
     */
    default Map<String, Object> roots() {
        return Map.of();
    }

    /** Counters to read after every iteration ({@code gauge.<name>}): open connections, cache entries, ... */
    default Map<String, LongSupplier> gauges() {
        return Map.of();
    }
}
