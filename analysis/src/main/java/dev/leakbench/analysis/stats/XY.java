package dev.leakbench.analysis.stats;

import java.util.Arrays;

/**
 * One contiguous segment of paired observations (for example one JMH fork), sorted by x.
 * Statistics over several segments only compare points within the same segment.
 *
 * @param x the abscissae (operations or iteration index), non-decreasing
 * @param y the observations
 */
public record XY(double[] x, double[] y) {
    /** Validates lengths and order. */
    public XY {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1]) {
                throw new IllegalArgumentException("x must be non-decreasing at index " + i);
            }
        }
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    /** The points {@code [from, to)}. */
    public XY slice(int from, int to) {
        return new XY(Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(y, from, to));
    }

    /** Every k-th point, always keeping the last, so that at most {@code max} points remain. */
    public XY thin(int max) {
        if (size() <= max) {
            return this;
        }
        int stride = (int) Math.ceil(size() / (double) max);
        int m = (size() - 1) / stride + 1;
        double[] nx = new double[m];
        double[] ny = new double[m];
        for (int i = 0; i < m; i++) {
            int j = i == m - 1 ? size() - 1 : i * stride;
            nx[i] = x[j];
            ny[i] = y[j];
        }
        return new XY(nx, ny);
    }

    /** A segment whose x is the index 0..n-1 of the given values. */
    public static XY indexed(double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new XY(x, y.clone());
    }
}
