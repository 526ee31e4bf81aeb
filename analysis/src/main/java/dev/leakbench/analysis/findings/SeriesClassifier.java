package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.stats.Robust;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classifies a measurement series (x = cumulative operations or iteration, y = retained heap or
 * a resource gauge) into a {@link Verdict}. The decision, in order:
 *
 * <ol>
 * <li>fewer than {@code min.points} points: SUSPECT if it rose monotonically by more than the
 *     floor, else STABLE;</li>
 * <li>a one-time step between two flat levels, larger than the floor: BOUNDED_GROWTH when it is
 *     within the first {@code early.fraction} of the measurement (warmup settling), else
 *     SUSPECT (a lasting jump in a steady-state workload is unexplained);</li>
 * <li>growth must be significant (Mann-Kendall p &lt; alpha and the lower end of Sen's 95%
 *     interval above zero) and large (Theil-Sen slope x operations span &ge;
 *     max(floor, noise.k x robust sigma of the residuals)); otherwise a sawtooth (two or more
 *     large drops) is BOUNDED_GROWTH and anything else STABLE;</li>
 * <li>a sawtooth whose troughs do not rise is BOUNDED_GROWTH;</li>
 * <li>persistence: the last {@code late.fraction} of the points fitted alone. A late slope of at
 *     least persist.ratio of the overall slope that is itself significant (p &lt; late.alpha) is
 *     a LEAK; a late slope below that ratio whose interval excludes the overall slope means
 *     the growth stopped (BOUNDED_GROWTH: a cache reaching capacity); anything between is
 *     SUSPECT.</li>
 * </ol>
 */
public final class SeriesClassifier {
    private SeriesClassifier() {
    }

    /**
     * Classifies the measurement-phase segments of one metric.
     *
     * @param segments one per trial, warmup removed
     * @param metric the metric name (chooses the floor and the unit)
     * @param perOp true when x is cumulative operations, false when it is the iteration index
     * @param th the thresholds for this benchmark
     */
    public static Assessment classify(List<XY> segments, String metric, boolean perOp, Thresholds th) {
        Assessment a = classify(segments, th.floor(metric), Metrics.kind(metric) == Metrics.Kind.COUNT_GAUGE, perOp, th);
        return Metrics.HELD_RESOURCES.contains(metric) ? heldResource(a, segments, metric, th) : a;
    }

    /**
     * A borrowed resource that is not given back grows until its pool is exhausted and then stays
     * there; the plateau is the failure, not a cache at capacity. So for these gauges a significant
     * rise above the floor that has not come back down by the end of the run is a LEAK.
     */
    private static Assessment heldResource(Assessment a, List<XY> segments, String metric, Thresholds th) {
        if (a.verdict() != Verdict.BOUNDED_GROWTH && a.verdict() != Verdict.SUSPECT) {
            return a;
        }
        double stuck = Double.POSITIVE_INFINITY;
        for (XY s : segments) {
            double[] y = s.y();
            stuck = Math.min(stuck, y[y.length - 1] - y[0]);
        }
        if (stuck < th.floor(metric)) {
            return a;
        }
        return new Assessment(Verdict.LEAK, String.format(Locale.ROOT,
            "%s is a borrowed resource that should return to its resting level between iterations, but "
                + "%.0f more are held at the end of the run than at its start (%s)",
            metric, stuck, a.reason()), a.fit(), a.numbers());
    }

    /**
     * Classifies with an explicit absolute floor.
     *
     * @param segments one per trial, warmup removed
     * @param absFloor the absolute floor of projected growth over the run
     * @param counted true when values are counts rather than bytes (for the wording only)
     * @param perOp true when x is cumulative operations, false when it is the iteration index
     * @param th the thresholds for this benchmark
     */
    public static Assessment classify(List<XY> segments, double absFloor, boolean counted, boolean perOp,
                                      Thresholds th) {
        Map<String, Object> num = new LinkedHashMap<>();
        Fmt f = new Fmt(counted, perOp);
        int n = segments.stream().mapToInt(XY::size).sum();
        num.put("points", n);
        num.put("trials", segments.size());
        num.put("xAxis", perOp ? "ops" : "iteration");
        num.put("absoluteFloor", absFloor);
        if (n < th.minPoints()) {
            return fewPoints(segments, n, absFloor, th, num, f);
        }
        TheilSen.Fit fit = TheilSen.fit(segments, 0.95);
        double slope = fit.slope();
        double p = fit.trend().pIncreasing();
        double sigma = Robust.sigma(residuals(segments, fit));
        double span = segments.stream().mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0]).average().orElse(0);
        double growth = slope * span;
        double floor = Math.max(absFloor, th.noiseK() * sigma);
        num.put("slope", slope);
        num.put("ci95", new double[]{fit.lower(), fit.upper()});
        num.put("pValue", p);
        num.put("span", span);
        num.put("growthOverRun", growth);
        num.put("noiseSigma", sigma);
        num.put("floor", floor);
        String fitText = String.format(Locale.ROOT, "%s over %s (%s, 95%% CI %s..%s), p=%s",
            f.amount(growth), f.span(span), f.slope(slope), f.slope(fit.lower()), f.slope(fit.upper()), f.p(p));

        Shapes.Step step = Shapes.step(segments, fit, absFloor, th);
        if (step != null) {
            num.put("stepAt", step.x());
            num.put("stepIndex", step.index());
            num.put("stepJump", step.jump());
            if (step.early()) {
                return new Assessment(Verdict.BOUNDED_GROWTH, "one early step of " + f.amount(step.jump())
                    + " at " + f.at(step.x()) + ", flat before and after: warmup settling (JIT, class loading, "
                    + "lazy initialisation)", fit, num);
            }
            return new Assessment(Verdict.SUSPECT, "a one-time step of " + f.amount(step.jump()) + " at "
                + f.at(step.x()) + " that stays: flat before and after, so not a steady leak, but an unexplained "
                + "lasting increase in a steady-state workload; re-run longer to see whether it repeats", fit, num);
        }

        Shapes.Sawtooth saw = Shapes.sawtooth(segments, absFloor, th.noiseK());
        num.put("drops", saw.drops());
        boolean sawtooth = saw.drops() >= 2;
        if (sawtooth) {
            num.put("sawtoothAmplitude", saw.amplitude());
            num.put("troughGrowth", saw.troughGrowth());
        }
        boolean significant = p < th.alpha() && fit.lower() > 0;
        boolean large = growth >= floor;
        if (!significant || !large) {
            if (sawtooth) {
                return new Assessment(Verdict.BOUNDED_GROWTH, "sawtooth: " + saw.drops() + " drops of about "
                    + f.amount(saw.amplitude()) + " with no lasting trend (" + fitText + ")", fit, num);
            }
            double[] levels = levelRise(segments, th);
            num.put("levelRise", levels[0]);
            if (p < th.alpha() && levels[0] >= Math.max(absFloor, th.noiseK() * levels[1])
                    && levels[2] < 0.5 * levels[0]) {
                return new Assessment(Verdict.BOUNDED_GROWTH, "rose " + f.amount(levels[0]) + " early, then levelled off "
                    + "(a cache or pool filling to its capacity): " + fitText, fit, num);
            }
            String why = !significant
                ? "no significant growth: " + fitText
                : "growth below the floor " + f.amount(floor) + ": " + fitText;
            return new Assessment(Verdict.STABLE, why, fit, num);
        }
        if (sawtooth && saw.troughGrowth() < Math.max(absFloor, 0.5 * growth)) {
            return new Assessment(Verdict.BOUNDED_GROWTH, "sawtooth: " + saw.drops() + " drops of about "
                + f.amount(saw.amplitude()) + " and the troughs rise only " + f.amount(saw.troughGrowth())
                + " (" + fitText + ")", fit, num);
        }

        List<XY> late = new ArrayList<>();
        for (XY s : segments) {
            late.add(lateSlice(s, th));
        }
        TheilSen.Fit lateFit = TheilSen.fit(late, 0.95);
        double ratio = lateFit.slope() / slope;
        double lateP = lateFit.trend().pIncreasing();
        num.put("lateSlope", lateFit.slope());
        num.put("lateCi95", new double[]{lateFit.lower(), lateFit.upper()});
        num.put("lateRatio", ratio);
        num.put("latePValue", lateP);
        String lateText = String.format(Locale.ROOT, "last %d%% of the run: %s (%.2f of overall), p=%s",
            Math.round(th.lateFraction() * 100), f.slope(lateFit.slope()), ratio, f.p(lateP));
        if (ratio >= th.persistRatio() && lateP < th.lateAlpha()) {
            return new Assessment(Verdict.LEAK, "grows " + fitText + "; still growing in the " + lateText, fit, num);
        }
        if (ratio < th.persistRatio() && lateFit.upper() < slope) {
            return new Assessment(Verdict.BOUNDED_GROWTH, "grew " + fitText + " but stopped: " + lateText
                + " (a cache or pool reaching its capacity)", fit, num);
        }
        return new Assessment(Verdict.SUSPECT, "grows " + fitText + ", but the end of the run is inconclusive: "
            + lateText, fit, num);
    }

    private static Assessment fewPoints(List<XY> segments, int n, double absFloor, Thresholds th,
                                        Map<String, Object> num, Fmt f) {
        boolean monotone = true;
        double rise = 0;
        int counted = 0;
        for (XY s : segments) {
            if (s.size() < 2) {
                continue;
            }
            for (int i = 1; i < s.size(); i++) {
                monotone &= s.y()[i] >= s.y()[i - 1];
            }
            rise += s.y()[s.size() - 1] - s.y()[0];
            counted++;
        }
        rise = counted == 0 ? 0 : rise / counted;
        num.put("growthOverRun", rise);
        String base = "only " + n + " measurement points (at least " + th.minPoints() + " are needed to judge a trend)";
        if (counted > 0 && monotone && rise >= absFloor) {
            return new Assessment(Verdict.SUSPECT, base + "; it rose monotonically by " + f.amount(rise), null, num);
        }
        return new Assessment(Verdict.STABLE, base, null, num);
    }

    /**
     * Rise from the start to the end level: median of the last part minus median of the first
     * {@code max(2, early.fraction)} points; the robust sigma of the last part around its own
     * line (the noise a rise must stand out from); and the growth over the last part at the
     * upper end of its slope's 95% interval (how much it may still be growing). Each averaged
     * over segments.
     */
    private static double[] levelRise(List<XY> segments, Thresholds th) {
        double rise = 0;
        double sigma = 0;
        double lateGrowth = 0;
        for (XY s : segments) {
            int n = s.size();
            int head = Math.max(2, (int) Math.ceil(th.earlyFraction() * n));
            XY tail = lateSlice(s, th);
            rise += Robust.median(tail.y()) - Robust.median(s.y(), 0, Math.min(head, n));
            TheilSen.Fit tf = TheilSen.fit(List.of(tail), 0.95);
            sigma += Robust.sigma(residuals(List.of(tail), tf));
            lateGrowth += tf.upper() * (tail.x()[tail.size() - 1] - tail.x()[0]);
        }
        int k = segments.size();
        return new double[]{rise / k, sigma / k, lateGrowth / k};
    }

    private static XY lateSlice(XY s, Thresholds th) {
        int m = Math.min(s.size(), Math.max(5, (int) Math.ceil(th.lateFraction() * s.size())));
        return s.slice(s.size() - m, s.size());
    }

    private static double[] residuals(List<XY> segments, TheilSen.Fit fit) {
        int n = segments.stream().mapToInt(XY::size).sum();
        double[] r = new double[n];
        int k = 0;
        for (int s = 0; s < segments.size(); s++) {
            XY seg = segments.get(s);
            for (int i = 0; i < seg.size(); i++) {
                r[k++] = seg.y()[i] - fit.at(s, seg.x()[i]);
            }
        }
        return r;
    }

    /** Formats amounts and slopes in the metric's unit. */
    private record Fmt(boolean count, boolean perOp) {
        String amount(double v) {
            return count ? Quantities.sig3(v) + (Math.abs(v) == 1 ? " unit" : " units") : Quantities.bytes(v);
        }

        String slope(double v) {
            if (!Double.isFinite(v)) {
                return v > 0 ? "+inf" : "-inf";
            }
            if (count) {
                return perOp ? Quantities.sig3(v * 1e6) + "/Mop" : Quantities.sig3(v) + "/iteration";
            }
            return Quantities.sig3(v) + (perOp ? " B/op" : " B/iteration");
        }

        String span(double v) {
            return perOp ? Quantities.sig3(v) + " ops" : Quantities.sig3(v) + " iterations";
        }

        String at(double x) {
            return perOp ? Quantities.sig3(x) + " ops" : "iteration " + (long) (x + 1);
        }

        String p(double p) {
            return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
        }
    }
}
