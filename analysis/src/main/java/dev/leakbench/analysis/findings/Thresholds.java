package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Quantities;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decision thresholds of {@code findings} and {@code trend}. Every one has a default meant to
 * need no tuning on this project's workloads; a config file ({@link ThresholdConfig}) can change
 * any of them for a benchmark. Immutable: {@link #with} returns a changed copy.
 */
public final class Thresholds {
    /** Settings, their defaults and what they mean (for --help and the README). */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("alpha", "0.01  one-sided Mann-Kendall p-value below which growth is significant");
        k.put("late.alpha", "0.05  p-value the last part of the run must reach on its own for LEAK");
        k.put("late.fraction", "0.5   share of the measurement points that forms the last part");
        k.put("persist.ratio", "0.5   late slope over overall slope at or above which growth persists");
        k.put("noise.k", "4     projected growth must exceed noise.k robust sigmas of the residuals");
        k.put("min.points", "6     fewer measurement points than this cannot be judged");
        k.put("early.fraction", "0.1   a step within this share of the measurement is warmup settling");
        k.put(
                "floor.<metric>",
                "absolute minimum of the floor of projected growth over the run (the floor is "
                        + "max(this, noise.k x the run's own noise)): heap.retained, root.*, buffers.direct 32KiB; metaspace 1MiB; "
                        + "rss 64MiB; threads.live, fds.open 8; gauge.connections.active, gauge.streams.open 2; gauge.* 4");
        k.put("alloc.relative", "0.10  bytes/op rise over the baseline that counts (10%)");
        k.put("alloc.absolute", "8     bytes/op rise that counts at the least");
        k.put("alloc.budget", "none  bytes/op a benchmark may allocate; above it is ALLOC_REGRESSION");
        k.put("class.min-steps", "3     a class count must rise in at least this many intervals to be a leak");
        k.put(
                "class.dispersion",
                "4     most dispersion of a class count's increments around rate x operations (Poisson: 1)");
        k.put(
                "class.warmup-ratio",
                "4     most a class may grow per operation in the warmup, relative to the measurement");
        k.put(
                "class.per-iteration",
                "4     growth fitting 'constant per iteration' this many times better than 'per operation' is bookkeeping");
        k.put("skip", "false true leaves the benchmark out");
        k.put("trend.window", "20    earlier nights forming the baseline");
        k.put("trend.min-side", "3     nights needed on each side of a change point");
        k.put("trend.max-recent", "10    a change is looked for within this many latest nights");
        k.put("trend.relative", "0.05  change of the median that counts as a regression (5%)");
        k.put("trend.alpha", "0.01  Mann-Whitney p-value (Bonferroni-corrected) for a change point");
        KEYS = java.util.Collections.unmodifiableMap(k);
    }

    /**
     * The absolute minimum of the heap floor, {@code floor.heap.retained}. Calibrated on the clean
     * quick-suite run of all eight workloads in results/baselines/leak-check-embedded.json (10
     * measurement iterations, 1e6..1e7 operations each): the largest projected growth (Theil-Sen
     * slope x ops span) of a clean heap was 11 KiB (ConcurrentLoadBenchmark, a near-monotone rise
     * of JIT and harness bookkeeping; CacheEvictionBenchmark 8 KiB, the other six under 4 KiB).
     * 32 KiB is three times that, and 2.6 times below the ~85 KiB one leaked cache entry per
     * 10,000 operations leaves over the 1e7-op quick suite. Noisier workloads need no larger
     * minimum: their floor follows their own noise (ConnectionBenchmark, JDBC, +/-40 KiB between
     * iterations: point-to-point sigma 27 KiB, floor ~105 KiB). Recalibrate when 20 clean runs
     * per workload are measured: keep it about three times the largest clean growth.
     */
    static final double HEAP_FLOOR = 32.0 * 1024;

    /**
     * Roots are parts of the retained heap, measured by the same walk: the clean runs move them by
     * at most 1.2 KiB over a run (ConnectionBenchmark's root.engine wobbles like its heap, which
     * its noise floor covers), so they get the heap's minimum. Roots are attributed, not judged,
     * unless a caller classifies one.
     */
    static final double ROOT_FLOOR = HEAP_FLOOR;

    /**
     * Direct buffers did not move by one byte in any of the eight clean runs; they change in
     * whole buffers (typically 8..64 KiB, one when a thread first does NIO I/O, which the step
     * rule takes as a one-time step). The heap's 32 KiB lets two leaked small buffers with a trend
     * through and keeps single rounding-size allocations out.
     */
    static final double DIRECT_BUFFER_FLOOR = HEAP_FLOOR;

    private static final Map<String, Double> DEFAULT_FLOORS = Map.of(
            Metrics.HEAP,
            HEAP_FLOOR,
            "root.*",
            ROOT_FLOOR,
            "buffers.direct",
            DIRECT_BUFFER_FLOOR,
            "metaspace",
            1024.0 * 1024,
            "rss",
            64.0 * 1024 * 1024,
            "threads.live",
            8.0,
            "fds.open",
            8.0,
            // Borrowed connections and open streams are 0 whenever the benchmark is quiescent, so two
            // that stay out with a significant trend are already a leak; other gauges may wobble.
            "gauge.connections.active",
            2.0,
            "gauge.streams.open",
            2.0,
            "gauge.*",
            4.0);

    private final Map<String, Double> values;
    private final Map<String, Double> floors;
    private final boolean skip;
    // the settings the classifier asks for many times per series, read once
    private final double alpha;
    private final double lateAlpha;
    private final double lateFraction;
    private final double persistRatio;
    private final double noiseK;
    private final int minPoints;
    private final double earlyFraction;

    private Thresholds(Map<String, Double> values, Map<String, Double> floors, boolean skip) {
        this.values = values;
        this.floors = floors;
        this.skip = skip;
        this.alpha = get("alpha");
        this.lateAlpha = get("late.alpha");
        this.lateFraction = get("late.fraction");
        this.persistRatio = get("persist.ratio");
        this.noiseK = get("noise.k");
        this.minPoints = (int) Math.max(3, get("min.points"));
        this.earlyFraction = get("early.fraction");
    }

    /** The defaults. */
    public static Thresholds defaults() {
        Map<String, Double> v = new TreeMap<>();
        v.put("alpha", 0.01);
        v.put("late.alpha", 0.05);
        v.put("late.fraction", 0.5);
        v.put("persist.ratio", 0.5);
        v.put("noise.k", 4.0);
        v.put("min.points", 6.0);
        v.put("early.fraction", 0.1);
        v.put("class.min-steps", 3.0);
        v.put("class.dispersion", 4.0);
        v.put("class.warmup-ratio", 4.0);
        v.put("class.per-iteration", 4.0);
        v.put("alloc.relative", 0.10);
        v.put("alloc.absolute", 8.0);
        v.put("alloc.budget", Double.NaN);
        v.put("trend.window", 20.0);
        v.put("trend.min-side", 3.0);
        v.put("trend.max-recent", 10.0);
        v.put("trend.relative", 0.05);
        v.put("trend.alpha", 0.01);
        return new Thresholds(v, new TreeMap<>(DEFAULT_FLOORS), false);
    }

    /**
     * A copy with one setting changed.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public Thresholds with(String key, String value) {
        String k = key.strip();
        String v = value.strip();
        if (k.equals("skip")) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("skip must be true or false");
            }
            return new Thresholds(values, floors, Boolean.parseBoolean(v));
        }
        if (k.startsWith("floor.")) {
            String metric = k.substring("floor.".length());
            if (!(Metrics.isKnown(metric) || metric.equals("root.*") || metric.equals("gauge.*"))) {
                throw new IllegalArgumentException("unknown metric '" + metric + "' in " + k);
            }
            double f = Quantities.parseBytes(v);
            Map<String, Double> nf = new TreeMap<>(floors);
            nf.put(metric, f);
            return new Thresholds(values, nf, skip);
        }
        if (!values.containsKey(k)) {
            throw new IllegalArgumentException(
                    "unknown setting '" + k + "' (known: " + String.join(", ", KEYS.keySet()) + ")");
        }
        double d;
        if (k.equals("alloc.budget") || k.equals("alloc.absolute")) {
            d = Quantities.parseBytes(v);
        } else {
            boolean percent = v.endsWith("%");
            try {
                d = Double.parseDouble(percent ? v.substring(0, v.length() - 1).strip() : v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a number");
            }
            d = percent ? d / 100 : d;
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new IllegalArgumentException("'" + v + "' must be a finite number >= 0");
        }
        checkRange(k, d, v);
        Map<String, Double> nv = new TreeMap<>(values);
        nv.put(k, d);
        return new Thresholds(nv, floors, skip);
    }

    /**
     * What makes sense for each setting, beyond being a number >= 0: the accessors would otherwise
     * clamp a value silently (min.points 1 is used as 3), or a value would switch a rule off
     * (class.dispersion 0 lets no class through).
     */
    private static void checkRange(String k, double d, String v) {
        if ((k.endsWith("alpha") || k.endsWith("fraction")) && !(d > 0 && d < 1)) {
            throw new IllegalArgumentException(k + " must be between 0 and 1 (exclusive), was '" + v + "'");
        }
        int least = switch (k) {
            case "min.points" -> 3;
            case "trend.window" -> 2;
            case "class.min-steps", "trend.min-side", "trend.max-recent" -> 1;
            default -> -1;
        };
        if (least > 0 && (d != Math.rint(d) || d < least || d > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(k + " must be a whole number >= " + least + ", was '" + v + "'");
        }
        if (k.equals("persist.ratio") && !(d > 0 && d <= 1)) {
            throw new IllegalArgumentException(k + " must be > 0 and <= 1, was '" + v + "'");
        }
        if (k.startsWith("class.") && least < 0 && !(d > 0)) {
            throw new IllegalArgumentException(k + " must be > 0, was '" + v + "'");
        }
    }

    private double get(String key) {
        return values.get(key);
    }

    /** See {@link #KEYS}. */
    public double alpha() {
        return alpha;
    }

    /** See {@link #KEYS}. */
    public int classMinSteps() {
        return (int) Math.max(1, get("class.min-steps"));
    }

    /** See {@link #KEYS}. */
    public double classDispersion() {
        return get("class.dispersion");
    }

    /** See {@link #KEYS}. */
    public double classWarmupRatio() {
        return get("class.warmup-ratio");
    }

    /** See {@link #KEYS}. */
    public double classPerIteration() {
        return get("class.per-iteration");
    }

    /** See {@link #KEYS}. */
    public double lateAlpha() {
        return lateAlpha;
    }

    /** See {@link #KEYS}. */
    public double lateFraction() {
        return lateFraction;
    }

    /** See {@link #KEYS}. */
    public double persistRatio() {
        return persistRatio;
    }

    /** See {@link #KEYS}. */
    public double noiseK() {
        return noiseK;
    }

    /** See {@link #KEYS}. */
    public int minPoints() {
        return minPoints;
    }

    /** See {@link #KEYS}. */
    public double earlyFraction() {
        return earlyFraction;
    }

    /** See {@link #KEYS}. */
    public double allocRelative() {
        return get("alloc.relative");
    }

    /** See {@link #KEYS}. */
    public double allocAbsolute() {
        return get("alloc.absolute");
    }

    /** Allocation budget in bytes/op, NaN when none. */
    public double allocBudget() {
        return get("alloc.budget");
    }

    /** See {@link #KEYS}. */
    public int trendWindow() {
        return (int) Math.max(2, get("trend.window"));
    }

    /** See {@link #KEYS}. */
    public int trendMinSide() {
        return (int) Math.max(1, get("trend.min-side"));
    }

    /** See {@link #KEYS}. */
    public int trendMaxRecent() {
        return (int) Math.max(trendMinSide(), get("trend.max-recent"));
    }

    /** See {@link #KEYS}. */
    public double trendRelative() {
        return get("trend.relative");
    }

    /** See {@link #KEYS}. */
    public double trendAlpha() {
        return get("trend.alpha");
    }

    /** True when the benchmark is to be left out. */
    public boolean skip() {
        return skip;
    }

    /** The absolute growth floor of a metric, in its unit: exact name, then its family (root.*, gauge.*). */
    public double floor(String metric) {
        Double f = floors.get(metric);
        if (f != null) {
            return f;
        }
        int dot = metric.indexOf('.');
        if (dot > 0) {
            f = floors.get(metric.substring(0, dot) + ".*");
            if (f != null) {
                return f;
            }
        }
        return Metrics.kind(metric) == Metrics.Kind.COUNT_GAUGE ? floors.get("gauge.*") : floors.get(Metrics.HEAP);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Thresholds%s floors=%s skip=%s", values, floors, skip);
    }
}
