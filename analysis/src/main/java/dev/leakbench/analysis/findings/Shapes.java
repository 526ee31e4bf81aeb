package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.stats.MannKendall;
import dev.leakbench.analysis.stats.Robust;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import java.util.ArrayList;
import java.util.List;

/**
 * Detectors for the normal growth shapes a straight line fits badly: a one-time step and a
 * sawtooth. Both work per segment and agree across segments.
 */
final class Shapes {
    /** Step analysis uses at most this many points per segment (the split search is quadratic). */
    static final int STEP_MAX_POINTS = 400;

    private Shapes() {
    }

    /**
     * A one-time jump between two flat levels.
     *
     * @param index first point after the jump (in the first segment)
     * @param x the x of that point
     * @param jump size of the jump (median after minus median before)
     * @param early true when the jump lies within the early fraction of the measurement
     * @param floor the floor the jump had to exceed
     */
    record Step(int index, double x, double jump, boolean early, double floor) {
    }

    /**
     * Repeated large drops.
     *
     * @param drops number of drops larger than the drop threshold
     * @param amplitude median drop size
     * @param troughGrowth growth of the troughs (points after drops) over the run
     */
    record Sawtooth(int drops, double amplitude, double troughGrowth) {
    }

    /**
     * Finds a step: the best two-level fit must explain the series at most half as badly as the
     * line, the jump must exceed {@code max(absFloor, noiseK * sigma)} of the two-level residuals,
     * and neither level may grow on its own. Null when there is no such step in every segment.
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
            boolean isStep = jump > 0 && jump >= floor && bestCost <= 0.5 * lineCost
                && flat(seg.slice(0, best), floor, th) && flat(seg.slice(best, n), floor, th);
            if (!isStep) {
                return null;
            }
            boolean early = best <= Math.max(1, (int) Math.floor(th.earlyFraction() * n));
            allEarly &= early;
            if (first == null) {
                first = new Step(best, seg.x()[best], jump, early, floor);
            }
        }
        return first == null ? null : new Step(first.index(), first.x(), first.jump(), allEarly, first.floor());
    }

    /** A level is flat unless it would itself show significant growth above the floor. */
    private static boolean flat(XY side, double floor, Thresholds th) {
        if (side.size() < 3) {
            return true;
        }
        TheilSen.Fit f = TheilSen.fit(List.of(side), 0.95);
        double growth = f.slope() * (side.x()[side.size() - 1] - side.x()[0]);
        MannKendall.Result mk = f.trend();
        return !(mk.pIncreasing() < th.alpha() && growth >= floor / 2);
    }

    /**
     * Counts drops larger than {@code max(absFloor, noiseK x robust sigma of the point-to-point
     * differences, half the 10-90% range)}; with two or more it
     * is a sawtooth, and the growth of its troughs tells whether a trend lies underneath.
     */
    static Sawtooth sawtooth(List<XY> segments, double absFloor, double noiseK) {
        int drops = 0;
        List<Double> sizes = new ArrayList<>();
        List<XY> troughs = new ArrayList<>();
        double spanSum = 0;
        for (XY seg : segments) {
            double[] y = seg.y();
            int n = y.length;
            if (n < 3) {
                continue;
            }
            double[] diffs = new double[n - 1];
            for (int i = 0; i + 1 < n; i++) {
                diffs[i] = y[i + 1] - y[i];
            }
            double threshold = Math.max(Math.max(absFloor, noiseK * Robust.sigma(diffs)),
                0.5 * (Robust.quantile(y, 0.9) - Robust.quantile(y, 0.1)));
            List<double[]> t = new ArrayList<>();
            int firstDrop = -1;
            for (int i = 0; i + 1 < n; i++) {
                double d = y[i + 1] - y[i];
                // a tooth ends a ramp; a high point reached in one jump that falls back is an outlier
                boolean spike = i > 0 && y[i] - y[i - 1] > 0.5 * -d;
                if (d < -threshold && !spike) {
                    drops++;
                    sizes.add(-d);
                    if (firstDrop < 0) {
                        firstDrop = i;
                        int argMin = 0;
                        for (int j = 1; j <= i; j++) {
                            if (y[j] < y[argMin]) {
                                argMin = j;
                            }
                        }
                        t.add(new double[]{seg.x()[argMin], y[argMin]});
                    }
                    t.add(new double[]{seg.x()[i + 1], y[i + 1]});
                }
            }
            if (t.size() >= 2) {
                double[] tx = new double[t.size()];
                double[] ty = new double[t.size()];
                for (int i = 0; i < t.size(); i++) {
                    tx[i] = t.get(i)[0];
                    ty[i] = t.get(i)[1];
                }
                troughs.add(new XY(tx, ty));
                spanSum += seg.x()[n - 1] - seg.x()[0];
            }
        }
        double amplitude = sizes.isEmpty() ? 0 : Robust.median(sizes.stream().mapToDouble(Double::doubleValue).toArray());
        double troughGrowth = 0;
        if (!troughs.isEmpty()) {
            TheilSen.Fit f = TheilSen.fit(troughs, 0.95);
            troughGrowth = f.slope() * spanSum / troughs.size();
        }
        return new Sawtooth(drops, amplitude, troughGrowth);
    }
}
