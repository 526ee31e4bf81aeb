package dev.leakbench.analysis.stats;

import java.util.Arrays;

/** Order statistics: median, quantiles and the median absolute deviation. */
public final class Robust {
    /** Factor that makes the MAD a consistent estimator of the standard deviation of normal data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {}

    /** Median of the values (NaN for none); does not modify the argument. */
    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** Median of {@code values[from..to)}. */
    public static double median(double[] values, int from, int to) {
        return median(Arrays.copyOfRange(values, from, to));
    }

    /** Linear-interpolated quantile (type 7) of the values; does not modify the argument. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return sortedQuantile(s, q);
    }

    /** Quantile of already sorted values. */
    public static double sortedQuantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Robust standard deviation: 1.4826 times the median absolute deviation from the median. */
    public static double sigma(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double m = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - m);
        }
        return MAD_TO_SIGMA * median(dev);
    }

    /** Sum of absolute deviations from the median of {@code values[from..to)} (the L1 cost of a constant fit). */
    public static double absDeviationCost(double[] values, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double m = median(values, from, to);
        double cost = 0;
        for (int i = from; i < to; i++) {
            cost += Math.abs(values[i] - m);
        }
        return cost;
    }
}
