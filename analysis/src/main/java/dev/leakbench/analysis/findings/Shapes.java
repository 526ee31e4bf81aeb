package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.stats.MannKendall;
import dev.leakbench.analysis.stats.Robust;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import java.util.ArrayList;
import java.util.List;

/**
 * Detectors for the normal growth shapes a straight line fits badly: a one-time step and a
 * sawtooth (with its lower envelope, the troughs), and the point-to-point noise estimate the
 * floors follow. The detectors work per segment and agree across segments.
 */
final class Shapes {
    /** Step analysis uses at most this many points per segment (the split search is quadratic). */
    static final int STEP_MAX_POINTS = 400;

    private Shapes() {}

    /**
     * A one-time jump between two flat levels.
     *
     * @param index first point after the jump (in the first segment)
     * @param x the x of that point
     * @param jump size of the jump (median after minus median before)
     * @param early true when the jump lies within the early fraction of the measurement or follows
     *     at most its first two readings
     * @param floor the floor the jump had to exceed
     */
    record Step(int index, double x, double jump, boolean early, double floor) {}

    /**
     * Repeated large drops and the lower envelope they leave.
     *
     * @param drops number of drops larger than the drop threshold
     * @param amplitude median drop size
     * @param troughs per segment (same order as the input; empty where a segment has no drop): the
     *     lowest point of every tooth, i.e. of the points before the first drop, between two drops
     *     and after the last drop
     * @param rampStep median rise between consecutive readings other than the drops: the lowest
     *     reading of a tooth lies anywhere up to one such step above the tooth's true bottom
     */
    record Sawtooth(int drops, double amplitude, List<XY> troughs, double rampStep) {
        /** Number of trough points over all segments. */
        int troughCount() {
            return troughs.stream().mapToInt(XY::size).sum();
        }
    }

    /**
     * Point-to-point noise of one reading, robust to any trend, step, ramp and uneven spacing of x:
     * each interior reading is compared with the straight line through its two neighbours, the
     * deviation scaled by {@code sqrt(1 + w^2 + (1 - w)^2)} (w: where the reading lies between its
     * neighbours) to the sigma of a single reading, and the robust sigma (MAD) taken over all of
     * them. A jump or a drop spoils two of these deviations, which the MAD ignores. 0 with no
     * interior point.
     */
    static double pointSigma(List<XY> segments) {
        return pointSigma(segments, null);
    }

    /**
     * {@link #pointSigma(List)} leaving out every comparison that involves a reading marked in
     * {@code skip} (per segment, same order; null for none): an outlier would otherwise spoil
     * three of them.
     */
    static double pointSigma(List<XY> segments, List<boolean[]> skip) {
        List<Double> e = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            XY seg = segments.get(s);
            double[] x = seg.x();
            double[] y = seg.y();
            boolean[] out = skip == null ? new boolean[seg.size()] : skip.get(s);
            for (int i = 1; i + 1 < seg.size(); i++) {
                if (out[i - 1] || out[i] || out[i + 1]) {
                    continue;
                }
                double dx = x[i + 1] - x[i - 1];
                double w = dx > 0 ? (x[i] - x[i - 1]) / dx : 0.5;
                double line = y[i - 1] + (y[i + 1] - y[i - 1]) * w;
                e.add((y[i] - line) / Math.sqrt(1 + w * w + (1 - w) * (1 - w)));
            }
        }
        return e.isEmpty()
                ? 0
                : Robust.sigma(e.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Finds a step: the best two-level fit must explain the series at most half as badly as the
     * line, the jump must exceed {@code max(absFloor, noiseK * sigma)} of the two-level residuals,
     * neither level may grow on its own, and the jump must be abrupt: at least three quarters of
     * it within two consecutive differences at the split (one reading may straddle the event), and
     * no more than two consecutive differences there rising by more than an eighth of it (and 3
     * point-to-point sigmas). A rise spread over three or more readings is a fill, not a step: the
     * level rules judge it.
     * Null when there is no such step in every segment.
     */
    static Step step(List<XY> segments, TheilSen.Fit line, double absFloor, Thresholds th) {
        Step first = null;
        boolean allEarly = true;
        for (int s = 0; s < segments.size(); s++) {
            XY seg = segments.get(s).thin(STEP_MAX_POINTS);
            int n = seg.size();
            if (n < 4) {
                continue;
            }
            double[] y = seg.y();
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int k = 1; k <= n - 3; k++) {
                double c = Robust.absDeviationCost(y, 0, k) + Robust.absDeviationCost(y, k, n);
                if (c < bestCost) {
                    bestCost = c;
                    best = k;
                }
            }
            double left = Robust.median(y, 0, best);
            double right = Robust.median(y, best, n);
            double jump = right - left;
            double[] resid = new double[n];
            double lineCost = 0;
            for (int i = 0; i < n; i++) {
                resid[i] = y[i] - (i < best ? left : right);
                lineCost += Math.abs(y[i] - line.at(s, seg.x()[i]));
            }
            double floor = Math.max(absFloor, th.noiseK() * Robust.sigma(resid));
            boolean isStep = jump > 0
                    && jump >= floor
                    && bestCost <= 0.5 * lineCost
                    && abrupt(y, best) >= 0.75 * jump
                    && risingRun(y, best, Math.max(jump / 8, 3 * Math.sqrt(2) * pointSigma(List.of(seg)))) <= 2
                    && flat(seg.slice(0, best), floor, th, true)
                    && flat(seg.slice(best, n), floor, th, false);
            if (!isStep) {
                return null;
            }
            // within the early fraction, or after at most the first two readings (10% of a 10-iteration run is one)
            boolean early = best <= Math.max(2, (int) Math.floor(th.earlyFraction() * n));
            allEarly &= early;
            if (first == null) {
                first = new Step(best, seg.x()[best], jump, early, floor);
            }
        }
        return first == null ? null : new Step(first.index(), first.x(), first.jump(), allEarly, first.floor());
    }

    /** The largest rise over two consecutive differences next to the split before {@code k}. */
    private static double abrupt(double[] y, int k) {
        int n = y.length;
        double best = y[k] - y[k - 1];
        if (k >= 2) {
            best = Math.max(best, y[k] - y[k - 2]);
        }
        if (k + 1 < n) {
            best = Math.max(best, y[k + 1] - y[k - 1]);
        }
        return best;
    }

    /**
     * How many consecutive differences around the split before {@code k} each rise by more than
     * {@code min}: 1 or 2 for a step (one reading may straddle it), the length of the ramp for a fill.
     */
    private static int risingRun(double[] y, int k, double min) {
        int from = k - 1;
        int to = k - 1;
        if (y[k] - y[k - 1] <= min) {
            // the jump may straddle: start from the larger neighbouring difference
            if (k + 1 < y.length && y[k + 1] - y[k] > min) {
                from = k;
                to = k;
            } else if (k >= 2 && y[k - 1] - y[k - 2] > min) {
                from = k - 2;
                to = k - 2;
            } else {
                return 0;
            }
        }
        while (from > 0 && y[from] - y[from - 1] > min) {
            from--;
        }
        while (to + 2 < y.length && y[to + 2] - y[to + 1] > min) {
            to++;
        }
        return to - from + 1;
    }

    /**
     * A level is flat unless it grows by half the floor or more, significantly. The level before a
     * jump ({@code before}) of 3 or 4 readings cannot show significance (Mann-Kendall: at best
     * p = 1/24), so there its growth alone decides: a ramp leading into the "jump" is a fill.
     */
    private static boolean flat(XY side, double floor, Thresholds th, boolean before) {
        if (side.size() < 3) {
            return true;
        }
        TheilSen.Fit f = TheilSen.fit(List.of(side), 0.95);
        double growth = f.slope() * (side.x()[side.size() - 1] - side.x()[0]);
        MannKendall.Result mk = f.trend();
        boolean evident = mk.pIncreasing() < th.alpha() || (before && side.size() <= 4);
        return !(evident && growth >= floor / 2);
    }

    /**
     * Counts drops larger than {@code max(absFloor, noiseK x robust sigma of the point-to-point
     * differences, half the 10-90% range)}; with two or more it is a sawtooth. A drop must end a
     * ramp: a high point reached in one jump that falls back is an outlier, not a tooth. The
     * troughs are the lower envelope: the lowest point of every tooth.
     */
    static Sawtooth sawtooth(List<XY> segments, double absFloor, double noiseK) {
        int drops = 0;
        List<Double> sizes = new ArrayList<>();
        List<XY> troughs = new ArrayList<>();
        List<Double> rises = new ArrayList<>();
        for (XY seg : segments) {
            double[] y = seg.y();
            int n = y.length;
            if (n < 3) {
                troughs.add(seg.slice(0, 0));
                continue;
            }
            double[] diffs = new double[n - 1];
            for (int i = 0; i + 1 < n; i++) {
                diffs[i] = y[i + 1] - y[i];
            }
            double threshold = Math.max(
                    Math.max(absFloor, noiseK * Robust.sigma(diffs)),
                    0.5 * (Robust.quantile(y, 0.9) - Robust.quantile(y, 0.1)));
            List<Integer> ends = new ArrayList<>(); // index of the last point of each tooth before a drop
            for (int i = 0; i + 1 < n; i++) {
                double d = y[i + 1] - y[i];
                boolean spike = i > 0 && y[i] - y[i - 1] > 0.5 * -d;
                if (d < -threshold && !spike) {
                    drops++;
                    sizes.add(-d);
                    ends.add(i);
                } else {
                    rises.add(d);
                }
            }
            if (ends.isEmpty()) {
                troughs.add(seg.slice(0, 0));
                continue;
            }
            ends.add(n - 1);
            double[] tx = new double[ends.size()];
            double[] ty = new double[ends.size()];
            int from = 0;
            for (int t = 0; t < ends.size(); t++) {
                int argMin = from;
                for (int j = from + 1; j <= ends.get(t); j++) {
                    if (y[j] < y[argMin]) {
                        argMin = j;
                    }
                }
                tx[t] = seg.x()[argMin];
                ty[t] = y[argMin];
                from = ends.get(t) + 1;
            }
            troughs.add(new XY(tx, ty));
        }
        double amplitude = sizes.isEmpty()
                ? 0
                : Robust.median(sizes.stream().mapToDouble(Double::doubleValue).toArray());
        double rampStep = rises.isEmpty()
                ? 0
                : Math.max(
                        0,
                        Robust.median(
                                rises.stream().mapToDouble(Double::doubleValue).toArray()));
        return new Sawtooth(drops, amplitude, troughs, rampStep);
    }
}
