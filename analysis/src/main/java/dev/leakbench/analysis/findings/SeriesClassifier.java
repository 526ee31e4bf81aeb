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
 * <li>the floor follows the run's own noise: {@code max(absolute floor, noise.k x sigma)}, sigma
 *     the larger of two robust estimates: the residuals around a Theil-Sen line fitted to each
 *     half of the run (slow wander shows, a change of pace does not) and the point-to-point noise
 *     ({@link Shapes#pointSigma}: each reading against the line through its neighbours, readings
 *     3 residual sigmas off left out, so neither a shape nor an outlier inflates it);</li>
 * <li>an abrupt one-time step between two flat levels, larger than the floor: BOUNDED_GROWTH
 *     when it is within the first {@code early.fraction} of the measurement or after at most its
 *     first two readings (warmup settling), else SUSPECT (a lasting jump in a steady-state
 *     workload is unexplained);</li>
 * <li>a sawtooth (two or more large drops) is judged by its troughs, the lower envelope, as a
 *     series of their own: at least {@code min.points} troughs rising by more than their floor,
 *     significantly (p &lt; alpha) and still rising in their later half are a LEAK with the trough
 *     slope; flat troughs (below their floor, or no significant trend), or troughs that rose and
 *     levelled off, are BOUNDED_GROWTH; fewer troughs that rise significantly are SUSPECT;</li>
 * <li>growth must be significant (Mann-Kendall p &lt; alpha and the lower end of Sen's 95%
 *     interval above zero) and large (Theil-Sen slope x operations span &ge; the floor);
 *     otherwise a rise that levelled off is BOUNDED_GROWTH and anything else STABLE;</li>
 * <li>levelled off: a rise beyond the floor (and noise.k point-to-point sigmas) from the first
 *     points to the last half, with the last half flat (at the one-sided 95% upper bound of its
 *     slope it grows by less than half the rise) is BOUNDED_GROWTH naming the level reached (a
 *     cache that filled in the first half of the run; applies whether or not the whole-run trend
 *     is significant);</li>
 * <li>persistence: the last {@code late.fraction} of the points fitted alone. A late slope of at
 *     least persist.ratio of the overall slope that is itself significant (p &lt; late.alpha) is
 *     a LEAK, unless the very end (the last part of that last part) has confidently stopped (its
 *     one-sided 95% upper bound below persist.ratio of the overall slope: SUSPECT, a mid-run rise
 *     that stopped); a late slope below that ratio whose interval
 *     excludes the overall slope means the growth stopped (BOUNDED_GROWTH); anything between is
 *     SUSPECT;</li>
 * <li>however it started: a series that is not a LEAK by the rules above, but whose last
 *     {@code late.fraction} (at least {@code min.points}) alone is a LEAK by the same rules (a late
 *     start, or growth going on after a cache filled), with the whole run's floor, that ends
 *     higher than it started by more than the floor, and that does not slow down within that last
 *     part (the slope of its second half at least persist.ratio of the slope of its first half),
 *     is a LEAK with the slope of that last part.</li>
 * </ol>
 *
 * A STABLE verdict also states the smallest leak this run could have detected
 * ({@code detectableSlope}, see {@link #detectableSlope}).
 */
public final class SeriesClassifier {
    /** Doublings tried above floor/span before the detectable slope is given up as unreachable. */
    private static final int DETECTABLE_DOUBLINGS = 40;
    /**
     * Confidence of the two-sided Sen interval whose upper end is the one-sided 95% bound used for
     * "grows at most": finite from 5 points on (a 95% two-sided interval needs 6).
     */
    private static final double ONE_SIDED_95 = 0.90;
    /** Readings this many residual sigmas off their half's line are left out of the point-to-point noise. */
    private static final double OUTLIER_SIGMAS = 3;
    /** Readings per segment the detectable-slope search works on at most. */
    static final int DETECTABLE_MAX_POINTS = 200;
    /** The detectable slope is found to within this ratio. */
    private static final double DETECTABLE_PRECISION = 1.01;

    private SeriesClassifier() {}

    /**
     * Classifies the measurement-phase segments of one metric.
     *
     * @param segments one per trial, warmup removed
     * @param metric the metric name (chooses the floor and the unit)
     * @param perOp true when x is cumulative operations, false when it is the iteration index
     * @param th the thresholds for this benchmark
     */
    public static Assessment classify(List<XY> segments, String metric, boolean perOp, Thresholds th) {
        Assessment a =
                classify(segments, th.floor(metric), Metrics.kind(metric) == Metrics.Kind.COUNT_GAUGE, perOp, th);
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
        return new Assessment(
                Verdict.LEAK,
                String.format(
                        Locale.ROOT,
                        "%s is a borrowed resource that should return to its resting level between iterations, but "
                                + "%.0f more are held at the end of the run than at its start (%s)",
                        metric,
                        stuck,
                        a.reason()),
                a.fit(),
                a.numbers());
    }

    /**
     * Classifies with an explicit absolute floor; a STABLE result carries {@code detectableSlope}.
     *
     * @param segments one per trial, warmup removed
     * @param absFloor the absolute floor of projected growth over the run
     * @param counted true when values are counts rather than bytes (for the wording only)
     * @param perOp true when x is cumulative operations, false when it is the iteration index
     * @param th the thresholds for this benchmark
     */
    public static Assessment classify(
            List<XY> segments, double absFloor, boolean counted, boolean perOp, Thresholds th) {
        Assessment a = judge(segments, absFloor, counted, perOp, th, true, true);
        if (a.verdict() != Verdict.STABLE) {
            return a;
        }
        Map<String, Object> num = new LinkedHashMap<>(a.numbers());
        double d = detectableSlope(a, segments, absFloor, counted, perOp, th);
        num.put("detectableSlope", d);
        num.put("detectableGrowth", d * a.number("span"));
        return new Assessment(a.verdict(), a.reason(), a.fit(), num);
    }

    /**
     * {@link #classify(List, double, boolean, boolean, Thresholds)} without what a STABLE result
     * rules out (its {@code detectableSlope}, a search that classifies the series about ten times
     * again), for callers that use nothing but a LEAK.
     */
    public static Assessment classifyWithoutSensitivity(
            List<XY> segments, double absFloor, boolean counted, boolean perOp, Thresholds th) {
        return judge(segments, absFloor, counted, perOp, th, true, true);
    }

    /**
     * The smallest leak this run could have detected: the smallest slope b &ge; floor / span (to
     * within 1%) such that this same series with its own fitted slope replaced by b, that is
     * {@code y + (b - slope) x (x - x0)} per segment, is classified LEAK. Theil-Sen moves by
     * exactly the added slope and the noise estimates do not move at all, so the counterfactual
     * keeps this run's noise, floor, outliers and spacing and must pass every rule (floor,
     * significance, persistence, shapes) with them. NaN when no such slope exists (too few
     * points, or not within 2^40 x floor / span). Segments longer than
     * {@value #DETECTABLE_MAX_POINTS} readings are searched thinned evenly to that many (the search
     * classifies the series about ten times).
     */
    static double detectableSlope(
            Assessment a, List<XY> segments, double absFloor, boolean counted, boolean perOp, Thresholds th) {
        double span = a.number("span");
        double floor = a.number("floor");
        if (a.fit() == null || !(span > 0) || !(floor > 0)) {
            return Double.NaN;
        }
        double own = a.fit().slope();
        List<XY> series =
                segments.stream().map(s -> s.thin(DETECTABLE_MAX_POINTS)).toList();
        double lo = floor / span * (1 + 1e-12); // so that lo x span is not a rounding error below the floor
        if (leaks(series, own, lo, absFloor, counted, perOp, th)) {
            return lo;
        }
        double hi = lo;
        int k = 0;
        do {
            lo = hi;
            hi *= 2;
            if (++k > DETECTABLE_DOUBLINGS) {
                return Double.NaN;
            }
        } while (!leaks(series, own, hi, absFloor, counted, perOp, th));
        while (hi / lo > DETECTABLE_PRECISION) {
            double mid = Math.sqrt(lo * hi);
            if (leaks(series, own, mid, absFloor, counted, perOp, th)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean leaks(
            List<XY> segments, double own, double b, double absFloor, boolean counted, boolean perOp, Thresholds th) {
        List<XY> shifted = new ArrayList<>(segments.size());
        for (XY s : segments) {
            double[] x = s.x();
            double[] y = new double[s.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = s.y()[i] + (b - own) * (x[i] - x[0]);
            }
            shifted.add(new XY(x, y));
        }
        // only the verdict matters here: no text (formatting it was a third of the analysis)
        return judge(shifted, absFloor, counted, perOp, th, true, false).verdict() == Verdict.LEAK;
    }

    /**
     * The decision of the class comment. {@code whole} is false when judging the last part of a
     * run on its own (rule 8), which is not split again. Without {@code explain} the reasons are
     * left empty (the same verdict and numbers, for searches that need only the verdict).
     */
    private static Assessment judge(
            List<XY> segments,
            double absFloor,
            boolean counted,
            boolean perOp,
            Thresholds th,
            boolean whole,
            boolean explain) {
        Map<String, Object> num = new LinkedHashMap<>();
        Fmt f = new Fmt(counted, perOp, !explain);
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
        List<double[]> halves = halvesResiduals(segments);
        double residualSigma = sigma(halves);
        double pointSigma = Shapes.pointSigma(segments, outliers(halves, residualSigma));
        double sigma = Math.max(residualSigma, pointSigma);
        double span = span(segments);
        double growth = slope * span;
        double floor = Math.max(absFloor, th.noiseK() * sigma);
        num.put("slope", slope);
        num.put("ci95", new double[] {fit.lower(), fit.upper()});
        num.put("pValue", p);
        num.put("span", span);
        num.put("growthOverRun", growth);
        num.put("noiseSigma", sigma);
        num.put("residualSigma", residualSigma);
        num.put("pointSigma", pointSigma);
        num.put("floor", floor);
        String fitText = f.format(
                "%s over %s (%s, 95%% CI %s..%s), p=%s",
                f.amount(growth), f.span(span), f.slope(slope), f.slope(fit.lower()), f.slope(fit.upper()), f.p(p));
        boolean significant = p < th.alpha() && fit.lower() > 0;
        boolean large = growth >= floor;

        Shapes.Sawtooth saw = null;
        if (!explain) {
            // only the verdict is wanted: without a sawtooth, a run that neither grows significantly above its
            // floor nor (judged whole) ends higher by the floor is no LEAK whatever else its shape, so the step
            // search (quadratic in the points) and the rest are not needed
            saw = Shapes.sawtooth(segments, absFloor, th.noiseK());
            if (saw.drops() < 2 && !(significant && large) && !(whole && endRise(segments, th) >= floor)) {
                return new Assessment(Verdict.STABLE, "", fit, num);
            }
        }

        Shapes.Step step = Shapes.step(segments, fit, absFloor, th);
        if (step != null) {
            num.put("stepAt", step.x());
            num.put("stepIndex", step.index());
            num.put("stepJump", step.jump());
            if (step.early()) {
                return new Assessment(
                        Verdict.BOUNDED_GROWTH,
                        "one early step of " + f.amount(step.jump())
                                + " at " + f.at(step.x())
                                + ", flat before and after: warmup settling (JIT, class loading, "
                                + "lazy initialisation)",
                        fit,
                        num);
            }
            return new Assessment(
                    Verdict.SUSPECT,
                    "a one-time step of " + f.amount(step.jump()) + " at "
                            + f.at(step.x())
                            + " that stays: flat before and after, so not a steady leak, but an unexplained "
                            + "lasting increase in a steady-state workload; re-run longer to see whether it repeats",
                    fit,
                    num);
        }

        if (saw == null) {
            saw = Shapes.sawtooth(segments, absFloor, th.noiseK());
        }
        num.put("drops", saw.drops());
        if (saw.drops() >= 2) {
            return sawtooth(saw, segments, fit, absFloor, pointSigma, th, num, f);
        }

        // the fit of the last part decides only for a significant, large growth, and the level only for
        // that and for the reason; a search that wants just the verdict does not fit either otherwise
        TheilSen.Fit lateFit = null;
        double ratio = Double.NaN;
        double lateP = Double.NaN;
        String lateText = "";
        if (significant && large) {
            List<XY> late = new ArrayList<>();
            for (XY s : segments) {
                late.add(lateSlice(s, th));
            }
            lateFit = TheilSen.fit(late, 0.95);
            ratio = lateFit.slope() / slope;
            lateP = lateFit.trend().pIncreasing();
            lateText = f.format(
                    "last %d%% of the run: %s (%.2f of overall), p=%s",
                    Math.round(th.lateFraction() * 100), f.slope(lateFit.slope()), ratio, f.p(lateP));
        }
        Level level = null;
        boolean levelled = false;
        String levelText = "";
        if ((significant && large) || explain) {
            level = level(segments, th);
            num.put("levelRise", level.rise());
            num.put("level", level.level());
            num.put("levelReachedAt", level.reachedAt());
            num.put("levelNoise", level.sigma());
            num.put("levelLateGrowth", level.lateGrowth());
            levelled = level.rise() >= Math.max(absFloor, th.noiseK() * Math.max(level.sigma(), pointSigma))
                    && level.lateGrowth() < 0.5 * level.rise();
            levelText = !explain || !levelled
                    ? ""
                    : "rose " + f.amount(level.rise()) + " to a level of " + f.amount(level.level())
                            + " (90% of it by " + f.at(level.reachedAt()) + ") and stayed there through the last "
                            + Math.round(th.lateFraction() * 100) + "% of the run";
        }

        Assessment out;
        if (!significant || !large) {
            if (levelled) {
                out = new Assessment(
                        Verdict.BOUNDED_GROWTH,
                        levelText + ": a cache or pool filling to its capacity (" + fitText + ")",
                        fit,
                        num);
            } else {
                String why = !significant
                        ? "no significant growth: " + fitText
                        : "growth below the floor " + f.amount(floor) + ": " + fitText;
                out = new Assessment(Verdict.STABLE, why, fit, num);
            }
        } else {
            num.put("lateSlope", lateFit.slope());
            num.put("lateCi95", new double[] {lateFit.lower(), lateFit.upper()});
            num.put("lateRatio", ratio);
            num.put("latePValue", lateP);
            if (levelled) {
                out = new Assessment(
                        Verdict.BOUNDED_GROWTH,
                        levelText + ": a cache or pool filling to its capacity (" + fitText + "; " + lateText + ")",
                        fit,
                        num);
            } else if (ratio >= th.persistRatio() && lateP < th.lateAlpha()) {
                TheilSen.Fit end = whole ? endFit(segments, th) : null;
                if (end != null && end.upper() < th.persistRatio() * slope) {
                    num.put("endSlope", end.slope());
                    num.put("endCi95", new double[] {end.lower(), end.upper()});
                    out = new Assessment(
                            Verdict.SUSPECT,
                            "grew " + fitText + ", but has stopped at the very end (its last "
                                    + "points grow at most " + f.slope(end.upper())
                                    + "): a lasting rise during the run that ended, "
                                    + "unexplained in a steady-state workload; re-run longer (" + lateText + ")",
                            fit,
                            num);
                } else {
                    out = new Assessment(
                            Verdict.LEAK, "grows " + fitText + "; still growing in the " + lateText, fit, num);
                }
            } else if (ratio < th.persistRatio() && lateFit.upper() < slope) {
                out = new Assessment(
                        Verdict.BOUNDED_GROWTH,
                        "grew " + fitText + " but stopped: " + lateText + "; level " + f.amount(level.level())
                                + " (a cache or pool reaching its capacity)",
                        fit,
                        num);
            } else {
                out = new Assessment(
                        Verdict.SUSPECT,
                        "grows " + fitText + ", but the end of the run is inconclusive: " + lateText,
                        fit,
                        num);
            }
        }
        // (the cheap condition first: a run that does not end higher by the floor is not looked at again)
        List<XY> tail =
                whole && out.verdict() != Verdict.LEAK && endRise(segments, th) >= floor ? tail(segments, th) : null;
        if (tail != null) {
            // the run's own floor: its noise is better measured on all of it than on its last part
            // first for the verdict only; the reason is made when it is the answer
            Assessment end = judge(tail, floor, counted, perOp, th, false, false);
            double pace = end.verdict() == Verdict.LEAK ? pace(tail, floor) : Double.NaN;
            if (pace >= th.persistRatio()) {
                if (explain) {
                    end = judge(tail, floor, counted, perOp, th, false, true);
                }
                TheilSen.Fit tailFit = end.fit();
                num.put("tailPoints", tail.stream().mapToInt(XY::size).sum());
                num.put("tailSlope", tailFit.slope());
                num.put("tailCi95", new double[] {tailFit.lower(), tailFit.upper()});
                num.put("tailPValue", tailFit.trend().pIncreasing());
                num.put("tailPace", pace);
                String paceText = f.format(", and its second half grows at %.2f of the pace of its first", pace);
                return new Assessment(
                        Verdict.LEAK,
                        "still growing at the end, however it started: the last "
                                + num.get("tailPoints") + " points alone " + end.reason() + paceText
                                + " (whole run: " + fitText + ", " + out.verdict() + " on its own)",
                        tailFit,
                        num);
            }
        }
        return out;
    }

    /**
     * A sawtooth judged by its lower envelope. The troughs are fitted as a series of their own.
     * Their noise is the larger of their robust sigma around their own line and
     * {@code sqrt(pointSigma^2 + rampStep^2 / 12)}: a reading's own noise plus where in the first
     * rise of a tooth the lowest reading happened to fall (uniform over one ramp step). Their floor
     * is {@code max(absFloor, noise.k x that noise)}.
     */
    private static Assessment sawtooth(
            Shapes.Sawtooth saw,
            List<XY> segments,
            TheilSen.Fit fit,
            double absFloor,
            double pointSigma,
            Thresholds th,
            Map<String, Object> num,
            Fmt f) {
        num.put("sawtoothAmplitude", saw.amplitude());
        List<XY> troughs = new ArrayList<>();
        List<XY> lateTroughs = new ArrayList<>();
        double spanSum = 0;
        for (int s = 0; s < segments.size(); s++) {
            XY t = saw.troughs().get(s);
            if (t.size() >= 2) {
                troughs.add(t);
                int m = Math.max(2, (t.size() + 1) / 2);
                lateTroughs.add(t.slice(t.size() - m, t.size()));
                XY seg = segments.get(s);
                spanSum += seg.x()[seg.size() - 1] - seg.x()[0];
            }
        }
        String base = "sawtooth: " + saw.drops() + " drops of about " + f.amount(saw.amplitude());
        if (troughs.isEmpty()) {
            return new Assessment(Verdict.BOUNDED_GROWTH, base + " with no trough series to judge", fit, num);
        }
        TheilSen.Fit tf = TheilSen.fit(troughs, 0.95);
        double span = spanSum / troughs.size();
        double growth = tf.slope() * span;
        double troughSigma = Robust.sigma(residuals(troughs, tf));
        double phase = Math.sqrt(pointSigma * pointSigma + saw.rampStep() * saw.rampStep() / 12);
        double floor = Math.max(absFloor, th.noiseK() * Math.max(phase, troughSigma));
        double p = tf.trend().pIncreasing();
        TheilSen.Fit lf = TheilSen.fit(lateTroughs, 0.95);
        double ratio = lf.slope() / tf.slope();
        int count = saw.troughCount();
        double level = 0;
        for (XY t : troughs) {
            level += t.y()[t.size() - 1];
        }
        level /= troughs.size();
        num.put("troughs", count);
        num.put("troughSlope", tf.slope());
        num.put("troughCi95", new double[] {tf.lower(), tf.upper()});
        num.put("troughPValue", p);
        num.put("troughGrowth", growth);
        num.put("troughSigma", Math.max(phase, troughSigma));
        num.put("troughFloor", floor);
        num.put("troughLateRatio", ratio);
        String troughText = f.format(
                "%d troughs rise %s over %s (%s, 95%% CI %s..%s), p=%s",
                count,
                f.amount(growth),
                f.span(span),
                f.slope(tf.slope()),
                f.slope(tf.lower()),
                f.slope(tf.upper()),
                f.p(p));
        if (growth < floor) {
            return new Assessment(
                    Verdict.BOUNDED_GROWTH,
                    base + "; the troughs stay level (" + troughText + ", below their floor " + f.amount(floor) + ")",
                    envelope(tf, saw, segments),
                    num);
        }
        if (p >= th.alpha()) {
            return new Assessment(
                    Verdict.BOUNDED_GROWTH,
                    base + "; the troughs show no significant trend (" + troughText + ")",
                    envelope(tf, saw, segments),
                    num);
        }
        if (count < th.minPoints()) {
            return new Assessment(
                    Verdict.SUSPECT,
                    base + "; the troughs rise, but " + count + " troughs are too few to " + "call it a leak ("
                            + troughText + "); re-run longer for more teeth",
                    envelope(tf, saw, segments),
                    num);
        }
        if (ratio >= th.persistRatio()) {
            return new Assessment(
                    Verdict.LEAK,
                    base + " whose troughs keep rising: " + troughText
                            + f.format("; later troughs %.2f of that slope", ratio),
                    envelope(tf, saw, segments),
                    num);
        }
        return new Assessment(
                Verdict.BOUNDED_GROWTH,
                base + "; the troughs rose, then levelled off at " + f.amount(level) + " (" + troughText
                        + f.format("; later troughs %.2f of that slope)", ratio),
                envelope(tf, saw, segments),
                num);
    }

    /** The trough fit with an intercept for every segment (a segment without troughs: its lowest 10%). */
    private static TheilSen.Fit envelope(TheilSen.Fit tf, Shapes.Sawtooth saw, List<XY> segments) {
        double[] icpt = new double[segments.size()];
        for (int s = 0; s < segments.size(); s++) {
            XY t = saw.troughs().get(s);
            XY use = t.size() >= 2 ? t : segments.get(s);
            double[] r = new double[use.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = use.y()[i] - tf.slope() * use.x()[i];
            }
            icpt[s] = t.size() >= 2 ? Robust.median(r) : Robust.quantile(r, 0.1);
        }
        return new TheilSen.Fit(tf.slope(), tf.lower(), tf.upper(), icpt, tf.trend(), tf.n());
    }

    /**
     * The last part of each segment judged on its own by rule 8: its last {@code late.fraction},
     * at least {@code min.points}; null when that is no part at all (every segment too short).
     */
    private static List<XY> tail(List<XY> segments, Thresholds th) {
        List<XY> out = new ArrayList<>();
        boolean shorter = false;
        for (XY s : segments) {
            int m = Math.min(s.size(), Math.max(th.minPoints(), (int) Math.ceil(th.lateFraction() * s.size())));
            shorter |= m < s.size();
            out.add(s.slice(s.size() - m, s.size()));
        }
        return shorter ? out : null;
    }

    /** How much higher a run ends than it starts: median of its last minus its first {@code max(2, early.fraction)} points. */
    private static double endRise(List<XY> segments, Thresholds th) {
        double rise = 0;
        for (XY s : segments) {
            int n = s.size();
            int h = Math.min(n, Math.max(2, (int) Math.ceil(th.earlyFraction() * n)));
            rise += Robust.median(s.y(), n - h, n) - Robust.median(s.y(), 0, h);
        }
        return rise / segments.size();
    }

    /**
     * Whether the last part of a run keeps its pace: the slope of its second half over the slope
     * of its first half (each at least 3 points per segment), pooled over segments. An approach to
     * a capacity slows down (an exponential fill: far under half), a leak does not, and a late
     * start speeds up: a first half that does not grow gives +infinity when the second half alone
     * grows by the floor. NaN when the halves are too short to fit or nothing grows (then rule 8
     * does not apply).
     */
    private static double pace(List<XY> tail, double floor) {
        List<XY> first = new ArrayList<>();
        List<XY> last = new ArrayList<>();
        for (XY s : tail) {
            int half = s.size() / 2;
            if (half < 3) {
                continue;
            }
            first.add(s.slice(0, half));
            last.add(s.slice(s.size() - half, s.size()));
        }
        if (first.isEmpty()) {
            return Double.NaN;
        }
        double a = TheilSen.fit(first, 0.95).slope();
        double b = TheilSen.fit(last, 0.95).slope();
        if (a > 0) {
            return b / a;
        }
        // all of it in the second half: a late start, if that half alone rises above the floor
        return b * span(last) >= floor ? Double.POSITIVE_INFINITY : Double.NaN;
    }

    /** The last part of the last part of each segment, or null when it is no shorter than the last part. */
    private static TheilSen.Fit endFit(List<XY> segments, Thresholds th) {
        List<XY> end = new ArrayList<>();
        boolean shorter = false;
        for (XY s : segments) {
            XY late = lateSlice(s, th);
            XY e = lateSlice(late, th);
            shorter |= e.size() < late.size();
            end.add(e);
        }
        return shorter ? TheilSen.fit(end, ONE_SIDED_95) : null;
    }

    private static double span(List<XY> segments) {
        return segments.stream()
                .mapToDouble(s -> s.x()[s.size() - 1] - s.x()[0])
                .average()
                .orElse(0);
    }

    private static Assessment fewPoints(
            List<XY> segments, int n, double absFloor, Thresholds th, Map<String, Object> num, Fmt f) {
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
     * A rise to a level, averaged over segments.
     *
     * @param rise median of the last part minus median of the first {@code max(2, early.fraction)}
     *     points
     * @param level median of the last part (the level reached)
     * @param reachedAt the first x at which 90% of the rise was reached
     * @param sigma noise of the last part: the larger of its residual sigma around its own line and
     *     its point-to-point sigma (the noise a rise must stand out from)
     * @param lateGrowth growth over the last part at the one-sided 95% upper bound of its slope
     *     (how much it may still be growing)
     */
    private record Level(double rise, double level, double reachedAt, double sigma, double lateGrowth) {}

    private static Level level(List<XY> segments, Thresholds th) {
        double rise = 0;
        double level = 0;
        double reachedAt = 0;
        double sigma = 0;
        double lateGrowth = 0;
        for (XY s : segments) {
            int n = s.size();
            int head = Math.max(2, (int) Math.ceil(th.earlyFraction() * n));
            XY tail = lateSlice(s, th);
            double start = Robust.median(s.y(), 0, Math.min(head, n));
            double end = Robust.median(tail.y());
            rise += end - start;
            level += end;
            int at = n - 1;
            for (int i = 0; i < n; i++) {
                if (s.y()[i] >= start + 0.9 * (end - start)) {
                    at = i;
                    break;
                }
            }
            reachedAt += s.x()[at];
            TheilSen.Fit tf = TheilSen.fit(List.of(tail), ONE_SIDED_95);
            sigma += Math.max(Robust.sigma(residuals(List.of(tail), tf)), Shapes.pointSigma(List.of(tail)));
            lateGrowth += tf.upper() * (tail.x()[tail.size() - 1] - tail.x()[0]);
        }
        int k = segments.size();
        return new Level(rise / k, level / k, reachedAt / k, sigma / k, lateGrowth / k);
    }

    private static XY lateSlice(XY s, Thresholds th) {
        int m = Math.min(s.size(), Math.max(5, (int) Math.ceil(th.lateFraction() * s.size())));
        return s.slice(s.size() - m, s.size());
    }

    /**
     * The residual noise: robust sigma of the residuals around a Theil-Sen line fitted to each half
     * of each segment on its own. Slow wander shows in it; a change of pace (a late start, a
     * filled cache) does not, so the floor does not grow with the size of such a shape.
     */
    private static List<double[]> halvesResiduals(List<XY> segments) {
        List<double[]> out = new ArrayList<>();
        for (XY s : segments) {
            double[] r = new double[s.size()];
            int half = s.size() / 2;
            int[][] parts = {{0, half}, {half, s.size()}};
            for (int[] pr : parts) {
                XY part = s.slice(pr[0], pr[1]);
                if (part.size() == 0) {
                    continue;
                }
                if (part.size() < 3) {
                    double m = Robust.median(part.y());
                    for (int i = 0; i < part.size(); i++) {
                        r[pr[0] + i] = part.y()[i] - m;
                    }
                    continue;
                }
                TheilSen.Fit f = TheilSen.fit(List.of(part), 0.95);
                for (int i = 0; i < part.size(); i++) {
                    r[pr[0] + i] = part.y()[i] - f.at(0, part.x()[i]);
                }
            }
            out.add(r);
        }
        return out;
    }

    private static double sigma(List<double[]> residuals) {
        double[] all =
                residuals.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        return all.length == 0 ? 0 : Robust.sigma(all);
    }

    /** Readings more than {@value #OUTLIER_SIGMAS} residual sigmas from their half's line. */
    private static List<boolean[]> outliers(List<double[]> residuals, double sigma) {
        double[] all =
                residuals.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        double m = all.length == 0 ? 0 : Robust.median(all);
        List<boolean[]> out = new ArrayList<>();
        for (double[] r : residuals) {
            boolean[] o = new boolean[r.length];
            for (int i = 0; i < r.length; i++) {
                o[i] = sigma > 0 && Math.abs(r[i] - m) > OUTLIER_SIGMAS * sigma;
            }
            out.add(o);
        }
        return out;
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

    /** Formats amounts and slopes in the metric's unit; {@code silent}: everything is "" (no reason is wanted). */
    private record Fmt(boolean count, boolean perOp, boolean silent) {
        String format(String pattern, Object... args) {
            return silent ? "" : String.format(Locale.ROOT, pattern, args);
        }

        String amount(double v) {
            if (silent) {
                return "";
            }
            return count ? Quantities.sig3(v) + (Math.abs(v) == 1 ? " unit" : " units") : Quantities.bytes(v);
        }

        String slope(double v) {
            if (silent) {
                return "";
            }
            if (!Double.isFinite(v)) {
                return v > 0 ? "+inf" : "-inf";
            }
            if (count) {
                return perOp ? Quantities.sig3(v * 1e6) + "/Mop" : Quantities.sig3(v) + "/iteration";
            }
            return Quantities.sig3(v) + (perOp ? " B/op" : " B/iteration");
        }

        String span(double v) {
            if (silent) {
                return "";
            }
            return perOp ? Quantities.sig3(v) + " ops" : Quantities.sig3(v) + " iterations";
        }

        String at(double x) {
            if (silent) {
                return "";
            }
            return perOp ? Quantities.sig3(x) + " ops" : "iteration " + (long) (x + 1);
        }

        String p(double p) {
            if (silent) {
                return "";
            }
            return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
        }
    }
}
