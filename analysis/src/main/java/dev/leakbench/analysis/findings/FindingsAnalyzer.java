package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.BenchmarkRun;
import dev.leakbench.analysis.input.ClassGrowth;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.input.Score;
import dev.leakbench.analysis.input.Trial;
import dev.leakbench.analysis.stats.MannWhitney;
import dev.leakbench.analysis.stats.Robust;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link RunSet} into findings: retained heap and every resource gauge of every
 * benchmark and parameter set through {@link SeriesClassifier}, with attribution and time to
 * exhaustion for the heap, and bytes/op against a baseline, a budget and within the run.
 */
public final class FindingsAnalyzer {
    /** Attribution lists at most this many roots and this many classes. */
    static final int TOP = 5;

    private final ThresholdConfig config;
    private final RunSet baseline;
    private final double heapBytes;

    /**
     * @param config thresholds per benchmark
     * @param baseline an earlier run to compare bytes/op with, or null
     * @param heapBytes the heap size for time to exhaustion, or NaN for none
     */
    public FindingsAnalyzer(ThresholdConfig config, RunSet baseline, double heapBytes) {
        this.config = config;
        this.baseline = baseline;
        this.heapBytes = heapBytes;
    }

    /**
     * The result of an analysis.
     *
     * @param findings in benchmark order, heap first within a benchmark
     * @param notes what could not be analysed and why
     */
    public record Result(List<Finding> findings, List<String> notes) {
        /** True when some finding makes the run fail (exit 1). */
        public boolean fails() {
            return findings.stream().anyMatch(Finding::fails);
        }
    }

    /**
     * Analyses every run. Runs are independent, so they are analysed in parallel (on the common
     * fork-join pool); the findings and notes come in run order all the same.
     */
    public Result analyze(RunSet runs) {
        List<Finding> out = new ArrayList<>();
        List<String> notes = new ArrayList<>(runs.warnings());
        List<BenchmarkRun> all = new ArrayList<>(runs.runs());
        List<RunResult> results = all.size() > 1
                ? all.parallelStream().map(this::analyze).toList()
                : all.stream().map(this::analyze).toList();
        for (RunResult r : results) {
            out.addAll(r.findings());
            notes.addAll(r.notes());
        }
        return new Result(out, notes);
    }

    private record RunResult(List<Finding> findings, List<String> notes) {}

    private RunResult analyze(BenchmarkRun run) {
        List<Finding> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Thresholds th = config.forKey(run.key());
        if (th.skip()) {
            notes.add(run.key() + ": skipped by the config file");
            return new RunResult(out, notes);
        }
        analyzeSeries(run, th, out, notes);
        Finding alloc = allocation(run, th);
        if (alloc != null) {
            out.add(alloc);
        }
        return new RunResult(out, notes);
    }

    private void analyzeSeries(BenchmarkRun run, Thresholds th, List<Finding> out, List<String> notes) {
        if (run.trials().isEmpty()) {
            if (run.primary() != null && !run.secondary().containsKey(Metrics.HEAP)) {
                return; // a plain JMH result without the leak profiler: only bytes/op applies
            }
            notes.add(run.key() + ": no per-iteration series (JMH CSV holds aggregates only); "
                    + "heap growth needs JMH JSON or the LeakProfiler series CSV");
            return;
        }
        boolean perOp = run.trials().stream().allMatch(Trial::hasOps);
        TreeSet<String> metrics = new TreeSet<>(
                Comparator.comparing((String m) -> !m.equals(Metrics.HEAP)).thenComparing(Comparator.naturalOrder()));
        run.trials().forEach(t -> metrics.addAll(t.metrics().keySet()));
        ClassCountAnalyzer.Result classes = perOp ? ClassCountAnalyzer.analyze(run, th) : null;
        Map<Trial, double[][]> xs = new java.util.IdentityHashMap<>();
        Finding heap = null;
        for (String metric : metrics) {
            if (!Metrics.isAnalysed(metric)) {
                continue;
            }
            List<XY> segments = segments(run, metric, perOp, false, xs);
            if (segments.isEmpty()) {
                continue;
            }
            Assessment a = SeriesClassifier.classify(segments, metric, perOp, th);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("reason", a.reason());
            if (!perOp) {
                evidence.put("note", "no ops.cumulative: slope is per measurement iteration, not per operation");
            }
            evidence.putAll(a.numbers());
            List<Attribution> attribution = List.of();
            if (metric.equals(Metrics.HEAP)) {
                attribution = attribution(run, a, perOp, segments, classes, xs);
                exhaustion(run, a, perOp, segments, evidence);
                if (classes != null) {
                    evidence.put("classCounts", classes.summary());
                }
            }
            String unit = Metrics.unit(metric).equals("B") ? "B" : "count";
            String slopeUnit = unit + (perOp ? "/op" : "/iteration");
            double[] ci = a.fit() == null
                    ? null
                    : new double[] {a.fit().lower(), a.fit().upper()};
            Finding.Plot plot = new Finding.Plot(
                    segments,
                    segments(run, metric, perOp, true, xs),
                    a.fit(),
                    perOp ? "operations" : "iteration",
                    unit);
            Finding f = new Finding(
                    run.key(),
                    metric,
                    a.verdict(),
                    a.slope(),
                    slopeUnit,
                    ci,
                    a.pValue(),
                    attribution,
                    evidence,
                    a.verdict() == Verdict.LEAK,
                    plot);
            if (metric.equals(Metrics.HEAP)) {
                heap = f;
            }
            out.add(f);
        }
        if (classes != null) {
            out.addAll(classes.leaks());
        }
        if (heap == null) {
            notes.add(run.key() + ": no heap.retained series");
        }
    }

    /**
     * Measurement (or, with {@code warmup}, warmup) points of a metric, one segment per trial.
     * Every metric of a trial has the same x where it has no gaps, so that array is made once per
     * trial and phase ({@code xs}) and shared; a metric without gaps and without warmup rows is its
     * trial's own array. Nothing changes them, and a long run's plots are the larger part of memory.
     */
    private static List<XY> segments(
            BenchmarkRun run, String metric, boolean perOp, boolean warmup, Map<Trial, double[][]> xs) {
        List<XY> out = new ArrayList<>();
        for (Trial t : run.trials()) {
            double[] values = t.metrics().get(metric);
            if (values == null) {
                continue;
            }
            int phase = warmup ? 1 : 0;
            double[][] byPhase = xs.computeIfAbsent(t, k -> new double[2][]);
            if (byPhase[phase] == null) {
                byPhase[phase] = phaseX(t, perOp, warmup);
            }
            double[] x = byPhase[phase];
            boolean gaps = false;
            for (int i = 0; i < t.iterations() && !gaps; i++) {
                gaps = t.warmup()[i] == warmup && Double.isNaN(values[i]);
            }
            if (!gaps) {
                if (x.length >= (warmup ? 1 : 2)) {
                    double[] y = x.length == values.length ? values : new double[x.length];
                    if (y != values) {
                        for (int i = 0, k = 0; i < t.iterations(); i++) {
                            if (t.warmup()[i] == warmup) {
                                y[k++] = values[i];
                            }
                        }
                    }
                    out.add(new XY(x, y));
                }
                continue;
            }
            double[] fx = new double[x.length];
            double[] fy = new double[x.length];
            int n = 0;
            for (int i = 0, k = 0; i < t.iterations(); i++) {
                if (t.warmup()[i] != warmup) {
                    continue;
                }
                if (!Double.isNaN(values[i])) {
                    fx[n] = x[k];
                    fy[n] = values[i];
                    n++;
                }
                k++;
            }
            if (n >= (warmup ? 1 : 2)) {
                out.add(new XY(java.util.Arrays.copyOf(fx, n), java.util.Arrays.copyOf(fy, n)));
            }
        }
        return out;
    }

    /** The x of every iteration of one phase of a trial: its cumulative operations, or its index in the phase. */
    private static double[] phaseX(Trial t, boolean perOp, boolean warmup) {
        int m = 0;
        for (boolean w : t.warmup()) {
            m += w == warmup ? 1 : 0;
        }
        double[] x = new double[m];
        for (int i = 0, k = 0; i < t.iterations(); i++) {
            if (t.warmup()[i] == warmup) {
                x[k] = perOp ? t.ops()[i] : k;
                k++;
            }
        }
        return x;
    }

    /**
     * For a LEAK or SUSPECT heap: roots by their own Theil-Sen slope, and classes by histogram
     * growth, relative to the heap growth.
     */
    private List<Attribution> attribution(
            BenchmarkRun run,
            Assessment heap,
            boolean perOp,
            List<XY> heapSegments,
            ClassCountAnalyzer.Result classes,
            Map<Trial, double[][]> xs) {
        if (!(heap.verdict() == Verdict.LEAK || heap.verdict() == Verdict.SUSPECT)
                || heap.fit() == null
                || heap.slope() <= 0) {
            return List.of();
        }
        // classes whose live count grows per operation come first: they are the leak's own objects
        List<Attribution> leaking = new ArrayList<>();
        Set<String> named = new HashSet<>();
        if (classes != null) {
            for (Finding f : classes.leaks()) {
                Attribution c = f.attribution().get(0);
                leaking.add(new Attribution(
                        "class",
                        c.name(),
                        c.growthBytes(),
                        c.bytesPerOp(),
                        heap.slope() > 0 ? c.bytesPerOp() / heap.slope() : Double.NaN,
                        c.instances()));
                named.add(c.name());
            }
        }
        double slope = heap.slope();
        double span = heap.number("span");
        List<Attribution> roots = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        run.trials()
                .forEach(t -> t.metrics().keySet().stream()
                        .filter(m -> m.startsWith("root."))
                        .forEach(names::add));
        for (String root : names) {
            List<XY> seg = segments(run, root, perOp, false, xs);
            if (seg.isEmpty() || seg.stream().mapToInt(XY::size).sum() < 3) {
                continue;
            }
            TheilSen.Fit f = TheilSen.fit(seg, 0.95);
            double growth = f.slope() * span;
            if (growth > 0) {
                roots.add(new Attribution(
                        "root",
                        root.substring("root.".length()),
                        growth,
                        f.slope(),
                        slope > 0 ? f.slope() / slope : Double.NaN,
                        0));
            }
        }
        roots.sort(Comparator.comparingDouble(Attribution::growthBytes).reversed());
        if (!roots.isEmpty()) {
            // roots nest (the engine holds the store holds the pool) and then grow by the same bytes: of
            // those tied with the largest growth, the smallest graph is the most specific holder, so first
            double top = roots.get(0).growthBytes();
            List<Attribution> nearlyAll = new ArrayList<>(
                    roots.stream().filter(r -> r.growthBytes() >= 0.99 * top).toList());
            nearlyAll.sort(Comparator.comparingDouble(r -> meanSize(run, "root." + r.name())));
            List<Attribution> rest =
                    roots.stream().filter(r -> r.growthBytes() < 0.99 * top).toList();
            roots = new ArrayList<>(nearlyAll);
            roots.addAll(rest);
        }
        List<Attribution> out = new ArrayList<>(roots.subList(0, Math.min(TOP, roots.size())));
        out.addAll(leaking.subList(0, Math.min(TOP, leaking.size())));
        double totalSpan = heapSegments.stream()
                .mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0])
                .sum();
        double heapGrowthAll = slope * totalSpan;
        run.classes().values().stream()
                .filter(c -> c.bytesDelta() > 0 && !named.contains(ClassCountAnalyzer.javaName(c.className())))
                .sorted(Comparator.comparingLong(ClassGrowth::bytesDelta).reversed())
                .limit(TOP)
                .forEach(c -> out.add(new Attribution(
                        "class",
                        c.className(),
                        c.bytesDelta(),
                        totalSpan > 0 ? c.bytesDelta() / totalSpan : Double.NaN,
                        heapGrowthAll > 0 ? c.bytesDelta() / heapGrowthAll : Double.NaN,
                        c.instancesDelta())));
        return out;
    }

    /** The mean of a metric over every measured point of the run, NaN when it has none. */
    private static double meanSize(BenchmarkRun run, String metric) {
        double sum = 0;
        int n = 0;
        for (Trial t : run.trials()) {
            double[] v = t.metrics().get(metric);
            if (v == null) {
                continue;
            }
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    sum += d;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Operations (and time, when the throughput is known) until the heap is full at this slope. */
    private void exhaustion(
            BenchmarkRun run, Assessment a, boolean perOp, List<XY> segments, Map<String, Object> evidence) {
        if (Double.isNaN(heapBytes)
                || a.fit() == null
                || a.slope() <= 0
                || !(a.verdict() == Verdict.LEAK || a.verdict() == Verdict.SUSPECT)) {
            return;
        }
        double current = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < segments.size(); s++) {
            XY seg = segments.get(s);
            current = Math.max(current, a.fit().at(s, seg.x()[seg.size() - 1]));
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("heapBytes", heapBytes);
        e.put("retainedNow", current);
        double headroom = heapBytes - current;
        String text;
        if (headroom <= 0) {
            text = "already at or above the " + Quantities.bytes(heapBytes) + " heap";
            e.put("units", 0.0);
        } else {
            double units = headroom / a.slope();
            e.put(perOp ? "opsToExhaustion" : "iterationsToExhaustion", units);
            text = String.format(
                    Locale.ROOT,
                    "a %s heap is full after %s more %s",
                    Quantities.bytes(heapBytes),
                    Quantities.sig3(units),
                    perOp ? "operations" : "iterations");
            double rate = perOp ? opsPerSecond(run) : Double.NaN;
            if (Double.isFinite(rate) && rate > 0) {
                e.put("opsPerSecond", rate);
                e.put("secondsToExhaustion", units / rate);
                text += " (about " + Quantities.duration(units / rate) + " at " + Quantities.sig3(rate) + " ops/s)";
            }
        }
        e.put("text", text);
        evidence.put("exhaustion", e);
    }

    /** Throughput from the primary score: thrpt units directly, time-per-op units inverted per thread. */
    static double opsPerSecond(BenchmarkRun run) {
        Score p = run.primary();
        if (p == null || p.value() <= 0) {
            return Double.NaN;
        }
        String u = p.unit().strip();
        int slash = u.indexOf('/');
        if (slash < 0) {
            return Double.NaN;
        }
        String num = u.substring(0, slash);
        String den = u.substring(slash + 1);
        if (num.equals("ops")) {
            double perUnit = seconds(den);
            return Double.isNaN(perUnit) ? Double.NaN : p.value() / perUnit;
        }
        if (den.equals("op")) {
            double s = seconds(num);
            return Double.isNaN(s) ? Double.NaN : Math.max(1, run.threads()) / (p.value() * s);
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us", "\u00b5s" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr", "h" -> 3600;
            default -> Double.NaN;
        };
    }

    /** bytes/op against the baseline and the budget (both fail the run), then its rise within the run. */
    private Finding allocation(BenchmarkRun run, Thresholds th) {
        Score cur = run.secondary().get(Metrics.ALLOC);
        if (cur == null) {
            return null;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        double curErr = Double.isNaN(cur.error()) ? 0 : cur.error();
        ev.put("current", cur.value());
        ev.put("currentError", curErr);
        BenchmarkRun base = baseline == null ? null : baseline.get(run.key());
        Score bs = base == null ? null : base.secondary().get(Metrics.ALLOC);
        if (bs != null) {
            double baseErr = Double.isNaN(bs.error()) ? 0 : bs.error();
            double delta = cur.value() - bs.value();
            ev.put("baseline", bs.value());
            ev.put("baselineError", baseErr);
            ev.put("relativeChange", bs.value() > 0 ? delta / bs.value() : Double.NaN);
            double p = Double.NaN;
            if (!cur.raw().isEmpty() && !bs.raw().isEmpty()) {
                p = MannWhitney.test(bs.flatRaw(), cur.flatRaw()).pGreater();
            }
            // JMH's error is a 99.9% half-width; scale the combined one to 95% for the interval
            double half = Math.hypot(curErr, baseErr) * 1.959964 / 3.290527;
            boolean regressed = delta > th.allocRelative() * bs.value()
                    && delta > th.allocAbsolute()
                    && delta > curErr + baseErr
                    && (Double.isNaN(p) || p < th.alpha() * 5);
            ev.put(
                    "reason",
                    String.format(
                            Locale.ROOT,
                            "%s B/op vs baseline %s B/op (%+.1f%%)%s",
                            Quantities.sig3(cur.value()),
                            Quantities.sig3(bs.value()),
                            bs.value() > 0 ? 100 * delta / bs.value() : 0,
                            regressed
                                    ? ": above +" + Math.round(100 * th.allocRelative()) + "% and beyond the error bars"
                                    : ": within " + Math.round(100 * th.allocRelative()) + "%, "
                                            + Quantities.sig3(th.allocAbsolute()) + " B/op or the error bars"));
            if (regressed || Double.isNaN(th.allocBudget())) {
                return new Finding(
                        run.key(),
                        Metrics.ALLOC,
                        regressed ? Verdict.ALLOC_REGRESSION : Verdict.STABLE,
                        delta,
                        "B/op",
                        new double[] {delta - half, delta + half},
                        p,
                        List.of(),
                        ev,
                        regressed,
                        null);
            }
        }
        if (!Double.isNaN(th.allocBudget())) {
            double budget = th.allocBudget();
            boolean over = cur.value() - curErr > budget;
            ev.put("budget", budget);
            ev.put(
                    "reason",
                    String.format(
                            Locale.ROOT,
                            "%s B/op %s the budget of %s B/op",
                            Quantities.sig3(cur.value()),
                            over ? "exceeds" : "is within",
                            Quantities.sig3(budget)));
            return new Finding(
                    run.key(),
                    Metrics.ALLOC,
                    over ? Verdict.ALLOC_REGRESSION : Verdict.STABLE,
                    cur.value() - budget,
                    "B/op",
                    null,
                    Double.NaN,
                    List.of(),
                    ev,
                    over,
                    null);
        }
        return risingAllocation(run, th, cur, ev);
    }

    /** bytes/op rising through the run: reported, but does not fail the run without a reference. */
    private Finding risingAllocation(BenchmarkRun run, Thresholds th, Score cur, Map<String, Object> ev) {
        if (cur.raw().isEmpty()) {
            return null;
        }
        List<XY> segs = new ArrayList<>();
        for (double[] fork : cur.raw()) {
            if (fork.length >= 2) {
                segs.add(XY.indexed(fork));
            }
        }
        double level = Robust.median(cur.flatRaw());
        double floor = Math.max(th.allocAbsolute(), th.allocRelative() * level);
        Assessment a = SeriesClassifier.classifyWithoutSensitivity(segs, floor, false, false, th);
        if (a.verdict() != Verdict.LEAK) {
            return null;
        }
        XY last = segs.get(segs.size() - 1);
        ev.put(
                "reason",
                String.format(
                        Locale.ROOT,
                        "bytes/op rises during the run: %s B/op per iteration (p=%.1e), from about %s to %s B/op; "
                                + "compare with a baseline (--baseline) to make it fail the run",
                        Quantities.sig3(a.slope()),
                        a.pValue(),
                        Quantities.sig3(a.fit().at(segs.size() - 1, 0)),
                        Quantities.sig3(a.fit().at(segs.size() - 1, last.x()[last.size() - 1]))));
        ev.putAll(a.numbers());
        return new Finding(
                run.key(),
                Metrics.ALLOC,
                Verdict.ALLOC_REGRESSION,
                a.slope(),
                "B/op per iteration",
                new double[] {a.fit().lower(), a.fit().upper()},
                a.pValue(),
                List.of(),
                ev,
                false,
                new Finding.Plot(segs, List.of(), a.fit(), "iteration", "B/op"));
    }
}
