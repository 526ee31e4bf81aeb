package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.BenchmarkRun;
import dev.leakbench.analysis.input.ClassCounts;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.Trial;
import dev.leakbench.analysis.stats.MannKendall;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Judges the live instance count of every class that changed during the measurement against
 * operations: the exact integers of the LeakProfiler's class histograms show a leak of a handful
 * of objects per iteration that the retained heap's bytes cannot resolve.
 *
 * <p>A class is a {@code LEAK} when its count, after the warmup, grows with operations in a way
 * that nothing but a per-operation leak explains:
 * <ol>
 * <li><b>significant</b>: Mann-Kendall p below {@code alpha} divided by the number of classes
 *     judged in the run (Bonferroni: a run judges dozens of classes, and the noise of one of them
 *     must not fail it);</li>
 * <li><b>steady</b>: it rose in at least {@code class.min-steps} (3) intervals, and its increments
 *     follow the operations of each interval as a per-operation process would: the dispersion of
 *     the increments around {@code rate x operations} (Pearson's statistic over its degrees of
 *     freedom, 1 for a Poisson process, about 0 for a leak every N operations) is at most
 *     {@code class.dispersion} (4). Strings the JIT resolves, classes loaded once, JMH's result
 *     objects at the last iteration come in bursts and fail this;</li>
 * <li><b>not decaying</b>: per operation it grew during the warmup (from the first warmup reading
 *     to the first measurement reading) at most {@code class.warmup-ratio} (4) times as fast as during
 *     the measurement. A steady leak keeps its rate per operation; one-time work (the JIT
 *     resolving string constants, classes loaded and linked, lazy initialisation) is fastest at
 *     the start and fades, a hundred times slower in the measurement than in the warmup;</li>
 * <li><b>per operation, not per iteration</b>: bookkeeping that adds the same number of objects
 *     every iteration, whatever the iteration's operations, fits "constant per iteration"
 *     {@code class.per-iteration} (4) times better than "proportional to operations" and is not a leak of the
 *     workload;</li>
 * <li><b>still growing</b>: over the last {@code late.fraction} of the points the growth rate is at
 *     least {@code persist.ratio} of the overall rate and significant on its own
 *     (p &lt; {@code late.alpha}); a count that rose to a plateau filled a bound.</li>
 * </ol>
 * Only leaks become findings; the other outcomes are counted in the summary the heap finding
 * carries, with the smallest steady leak this run could have found. Several leaking classes are
 * listed application classes first (not the JDK's), then by the share of their live instances the
 * growth makes up (the leaked object's own class is nearly all leak, the map node holding it a
 * small part of all map nodes), then by bytes per operation.
 */
public final class ClassCountAnalyzer {
    /** What became of one class. */
    enum Outcome {
        LEAK,
        TOO_FEW_POINTS,
        NOT_SIGNIFICANT,
        BURSTY,
        DECAYING,
        PER_ITERATION,
        LEVELLED_OFF
    }

    /**
     * One class's judgement.
     *
     * @param outcome the outcome
     * @param growth instances gained over the measurement (summed over trials)
     * @param rate instances per operation (growth over the operations spanned)
     * @param p Mann-Kendall p-value, uncorrected
     * @param dispersion dispersion index of the increments (NaN when not computed)
     * @param lateRatio late rate over overall rate (NaN when not computed)
     * @param steps intervals in which the count rose
     */
    record Judgement(
            Outcome outcome, double growth, double rate, double p, double dispersion, double lateRatio, int steps) {}

    /**
     * The result for one benchmark run.
     *
     * @param leaks one finding per leaking class, largest bytes/op first
     * @param summary what the class counts showed, for the heap finding's evidence
     * @param detectableObjects the smallest steady growth (instances over the run) these rules find
     * @param opsPerObject the run's operations divided by {@code detectableObjects}
     */
    public record Result(
            List<Finding> leaks, Map<String, Object> summary, double detectableObjects, double opsPerObject) {}

    private ClassCountAnalyzer() {}

    /** Judges the class counts of {@code run}; null when no trial has class counts with operations. */
    public static Result analyze(BenchmarkRun run, Thresholds th) {
        List<Trial> trials = run.trials().stream()
                .filter(t -> t.classes().present() && t.hasOps())
                .toList();
        if (trials.isEmpty()) {
            return null;
        }
        TreeSet<String> names = new TreeSet<>();
        int seen = 0;
        for (Trial t : trials) {
            names.addAll(t.classes().instances().keySet());
            seen = Math.max(seen, t.classes().classesSeen());
        }
        Map<String, List<XY>> counts = new LinkedHashMap<>();
        for (String name : names) {
            List<XY> segs = segments(trials, name, true);
            if (growth(segs) > 0) {
                counts.put(name, segs);
            }
        }
        int tested = Math.max(1, counts.size());
        Map<Outcome, Integer> outcomes = new LinkedHashMap<>();
        List<Finding> leaks = new ArrayList<>();
        for (Map.Entry<String, List<XY>> e : counts.entrySet()) {
            Judgement j = judge(e.getValue(), warmupRate(trials, e.getKey()), th, tested);
            outcomes.merge(j.outcome(), 1, Integer::sum);
            if (j.outcome() == Outcome.LEAK) {
                leaks.add(finding(run, e.getKey(), e.getValue(), segments(trials, e.getKey(), false), j, tested));
            }
        }
        // named first: the application's own classes, then the class the leak makes up most of,
        // then the most bytes; a leaked request object says more than the HashMap$Node holding it
        leaks.sort(Comparator.comparing(
                        (Finding f) -> !isApplicationClass((String) f.evidence().get("className")))
                .thenComparing(f -> -((Number) f.evidence().get("shareOfLiveInstances")).doubleValue())
                .thenComparing(f -> -f.slope()));
        List<XY> axis = axis(trials);
        double span =
                axis.stream().mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0]).sum();
        double detectable = detectableGrowth(axis, th, tested);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("classesSeen", seen);
        summary.put("classesGrowing", counts.size());
        outcomes.forEach((k, v) -> summary.put(k.name().toLowerCase(Locale.ROOT), v));
        summary.put("detectableObjects", detectable);
        summary.put("opsPerObject", span / detectable);
        String found = Double.isFinite(detectable)
                ? String.format(
                        Locale.ROOT,
                        "would have found a steady leak of %d objects over the run, one object per %,d " + "operations",
                        Math.round(detectable),
                        Math.round(span / detectable))
                : "too few points to find a leak by its count";
        summary.put(
                "text",
                String.format(
                        Locale.ROOT,
                        "class counts: %d classes, %d grew during the measurement, %d of them steadily per operation; %s",
                        seen,
                        counts.size(),
                        leaks.size(),
                        found));
        return new Result(leaks, summary, detectable, span / detectable);
    }

    /** Measurement points of one class per trial: x = operations, y = instances or bytes. */
    private static List<XY> segments(List<Trial> trials, String name, boolean instances) {
        List<XY> out = new ArrayList<>();
        for (Trial t : trials) {
            ClassCounts c = t.classes();
            long[] values = (instances ? c.instances() : c.bytes()).get(name);
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < t.iterations(); i++) {
                if (t.warmup()[i]) {
                    continue;
                }
                // a class constant in this trial is absent from its map: its count did not change
                double y = values == null ? 0 : values[i];
                if (y >= 0) {
                    pts.add(new double[] {t.ops()[i], y});
                }
            }
            if (pts.size() >= 2) {
                out.add(new XY(
                        pts.stream().mapToDouble(p -> p[0]).toArray(),
                        pts.stream().mapToDouble(p -> p[1]).toArray()));
            }
        }
        return out;
    }

    /**
     * Instances gained per operation from the first warmup reading to the first measurement
     * reading, over the trials that have both; NaN when none has.
     */
    private static double warmupRate(List<Trial> trials, String name) {
        double gained = 0;
        double ops = 0;
        for (Trial t : trials) {
            long[] values = t.classes().instances().get(name);
            int firstWarmup = -1;
            int firstMeasured = -1;
            for (int i = 0; i < t.iterations(); i++) {
                if (t.warmup()[i] && firstWarmup < 0 && (values == null || values[i] >= 0)) {
                    firstWarmup = i;
                }
                if (!t.warmup()[i] && firstMeasured < 0) {
                    firstMeasured = i;
                }
            }
            if (firstWarmup < 0 || firstMeasured < 0 || (values != null && values[firstMeasured] < 0)) {
                continue;
            }
            gained += values == null ? 0 : values[firstMeasured] - values[firstWarmup];
            ops += t.ops()[firstMeasured] - t.ops()[firstWarmup];
        }
        return ops > 0 ? gained / ops : Double.NaN;
    }

    /** The measurement operations of every trial (the x axis any class is judged on). */
    private static List<XY> axis(List<Trial> trials) {
        List<XY> out = new ArrayList<>();
        for (Trial t : trials) {
            List<Double> xs = new ArrayList<>();
            for (int i = 0; i < t.iterations(); i++) {
                if (!t.warmup()[i]) {
                    xs.add(t.ops()[i]);
                }
            }
            if (xs.size() >= 2) {
                double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
                out.add(new XY(x, new double[x.length]));
            }
        }
        return out;
    }

    private static double growth(List<XY> segs) {
        double g = 0;
        for (XY s : segs) {
            g += s.y()[s.size() - 1] - s.y()[0];
        }
        return g;
    }

    /**
     * Judges one class's count segments; {@code tested} classes share the run's alpha.
     *
     * @param warmupRate instances per operation during the warmup, NaN when unknown
     */
    static Judgement judge(List<XY> segs, double warmupRate, Thresholds th, int tested) {
        int n = segs.stream().mapToInt(XY::size).sum();
        double growth = growth(segs);
        double opsSpan =
                segs.stream().mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0]).sum();
        double rate = opsSpan > 0 ? growth / opsSpan : Double.NaN;
        int steps = 0;
        for (XY s : segs) {
            for (int i = 1; i < s.size(); i++) {
                if (s.y()[i] > s.y()[i - 1]) {
                    steps++;
                }
            }
        }
        if (n < th.minPoints() || opsSpan <= 0) {
            return new Judgement(Outcome.TOO_FEW_POINTS, growth, rate, Double.NaN, Double.NaN, Double.NaN, steps);
        }
        double p = MannKendall.test(segs).pIncreasing();
        if (!(growth > 0) || steps < th.classMinSteps() || !(p < th.alpha() / tested)) {
            return new Judgement(Outcome.NOT_SIGNIFICANT, growth, rate, p, Double.NaN, Double.NaN, steps);
        }
        // increments against what a per-operation process would give each interval
        double chi2 = 0;
        double sseOp = 0;
        double sumD = 0;
        int k = 0;
        for (XY s : segs) {
            for (int i = 1; i < s.size(); i++) {
                sumD += s.y()[i] - s.y()[i - 1];
                k++;
            }
        }
        double meanD = sumD / k;
        double sseIt = 0;
        for (XY s : segs) {
            for (int i = 1; i < s.size(); i++) {
                double d = s.y()[i] - s.y()[i - 1];
                double e = rate * (s.x()[i] - s.x()[i - 1]);
                chi2 += (d - e) * (d - e) / Math.max(e, 1e-9);
                sseOp += (d - e) * (d - e);
                sseIt += (d - meanD) * (d - meanD);
            }
        }
        double dispersion = k > 1 ? chi2 / (k - 1) : Double.NaN;
        if (dispersion > th.classDispersion()) {
            return new Judgement(Outcome.BURSTY, growth, rate, p, dispersion, Double.NaN, steps);
        }
        if (warmupRate > th.classWarmupRatio() * rate) {
            return new Judgement(Outcome.DECAYING, growth, rate, p, dispersion, Double.NaN, steps);
        }
        if (sseIt * th.classPerIteration() < sseOp) {
            return new Judgement(Outcome.PER_ITERATION, growth, rate, p, dispersion, Double.NaN, steps);
        }
        double lateGrowth = 0;
        double lateSpan = 0;
        List<XY> late = new ArrayList<>();
        for (XY s : segs) {
            int m = Math.min(s.size(), Math.max(3, (int) Math.ceil(th.lateFraction() * s.size())));
            XY l = s.slice(s.size() - m, s.size());
            late.add(l);
            lateGrowth += l.y()[l.size() - 1] - l.y()[0];
            lateSpan += l.x()[l.size() - 1] - l.x()[0];
        }
        double lateRatio = lateSpan > 0 ? (lateGrowth / lateSpan) / rate : 0;
        double lateP = MannKendall.test(late).pIncreasing();
        if (lateRatio < th.persistRatio() || !(lateP < th.lateAlpha())) {
            return new Judgement(Outcome.LEVELLED_OFF, growth, rate, p, dispersion, lateRatio, steps);
        }
        return new Judgement(Outcome.LEAK, growth, rate, p, dispersion, lateRatio, steps);
    }

    /**
     * The smallest number of objects, leaked one every N operations over this run's operations,
     * that {@link #judge} calls a leak (searched on the run's own x values).
     */
    static double detectableGrowth(List<XY> axis, Thresholds th, int tested) {
        int limit = 1 << 20;
        int lo = 0;
        int hi = th.classMinSteps();
        while (hi <= limit && !leaks(axis, hi, th, tested)) {
            lo = hi;
            hi *= 2;
        }
        if (hi > limit) {
            return Double.POSITIVE_INFINITY;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (leaks(axis, mid, th, tested)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * Whether a leak of {@code objects} instances, one every {@code ops / objects} operations, is
     * found wherever in the run its first object falls (four phases of the staircase).
     */
    private static boolean leaks(List<XY> axis, int objects, Thresholds th, int tested) {
        double total =
                axis.stream().mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0]).sum();
        for (double phase : new double[] {0, 0.25, 0.5, 0.75}) {
            List<XY> segs = new ArrayList<>();
            double before = 0;
            for (XY s : axis) {
                double[] y = new double[s.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.floor(objects * (before + s.x()[i] - s.x()[0]) / total + phase);
                }
                before += s.x()[s.size() - 1] - s.x()[0];
                segs.add(new XY(s.x(), y));
            }
            if (judge(segs, Double.NaN, th, tested).outcome() != Outcome.LEAK) {
                return false;
            }
        }
        return true;
    }

    private static Finding finding(
            BenchmarkRun run, String jvmName, List<XY> counts, List<XY> bytes, Judgement j, int tested) {
        String name = javaName(jvmName);
        TheilSen.Fit bytesFit = TheilSen.fit(bytes, 0.95);
        double byteGrowth = growth(bytes);
        double opsSpan =
                counts.stream().mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0]).sum();
        double bytesPerOp = opsSpan > 0 ? byteGrowth / opsSpan : Double.NaN;
        double perInstance = j.growth() > 0 ? byteGrowth / j.growth() : Double.NaN;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put(
                "reason",
                String.format(
                        Locale.ROOT,
                        "%s live instances grew by %s over %s ops (%s per million operations, about %s B each, %s B/op) in %d of "
                                + "the intervals, steadily with operations (dispersion %.2f), still growing at the end (last part at "
                                + "%.2f of the overall rate); p=%.1e, %d classes judged",
                        name,
                        Quantities.sig3(j.growth()),
                        Quantities.sig3(opsSpan),
                        Quantities.sig3(j.rate() * 1e6),
                        Quantities.sig3(perInstance),
                        Quantities.sig3(bytesPerOp),
                        j.steps(),
                        j.dispersion(),
                        j.lateRatio(),
                        j.p(),
                        tested));
        double live = counts.stream().mapToDouble(sg -> sg.y()[sg.size() - 1]).sum();
        ev.put("className", name);
        ev.put("shareOfLiveInstances", live > 0 ? j.growth() / live : 1.0);
        ev.put("instancesGrowth", j.growth());
        ev.put("instancesPerMop", j.rate() * 1e6);
        ev.put("bytesPerInstance", perInstance);
        ev.put("bytesGrowth", byteGrowth);
        ev.put("steps", j.steps());
        ev.put("dispersion", j.dispersion());
        ev.put("lateRatio", j.lateRatio());
        ev.put("pValue", j.p());
        ev.put("classesJudged", tested);
        List<Attribution> attribution =
                List.of(new Attribution("class", name, byteGrowth, bytesPerOp, Double.NaN, Math.round(j.growth())));
        Finding.Plot plot = new Finding.Plot(counts, List.of(), TheilSen.fit(counts, 0.95), "operations", "count");
        return new Finding(
                run.key(),
                "class." + name,
                Verdict.LEAK,
                bytesPerOp,
                "B/op",
                new double[] {bytesFit.lower(), bytesFit.upper()},
                j.p(),
                attribution,
                ev,
                true,
                plot);
    }

    /** False for the JDK's own classes (and arrays of them, and primitive arrays). */
    static boolean isApplicationClass(String javaName) {
        String element = javaName.replace("[]", "");
        if (!element.contains(".")) {
            return false; // a primitive array
        }
        for (String jdk : new String[] {"java.", "javax.", "jdk.", "sun.", "com.sun."}) {
            if (element.startsWith(jdk)) {
                return false;
            }
        }
        return true;
    }

    /** A JVM class name as Java writes it: {@code [B} is {@code byte[]}, {@code [Ljava.lang.String;} is {@code java.lang.String[]}. */
    static String javaName(String jvm) {
        int dims = 0;
        while (dims < jvm.length() && jvm.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvm;
        }
        String element = jvm.substring(dims);
        String base = switch (element) {
            case "B" -> "byte";
            case "C" -> "char";
            case "D" -> "double";
            case "F" -> "float";
            case "I" -> "int";
            case "J" -> "long";
            case "S" -> "short";
            case "Z" -> "boolean";
            default ->
                element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }
}
