package dev.leakbench.analysis.stats;

import java.util.Arrays;

/**
 * Order statistics without sorting: what {@link Arrays#sort(double[])} would put at a position,
 * found in linear expected time. A median of a long series, or of the two million pairwise slopes
 * of a Theil-Sen fit, needs two or six positions of the sorted order, not all of it.
 *
 * <p>The values found are exactly those of the sorted array. Arrays.sort orders {@code -0.0}
 * before {@code 0.0} and NaN last, which {@code <} does not; {@link #plain} says when {@code <} is
 * the same order (no NaN, no {@code -0.0}: then equal values are identical too), and callers sort
 * otherwise.
 */
final class Select {
    private Select() {
    }

    /** True when {@code a[from..to)} holds no NaN and no {@code -0.0}, so that {@code <} orders it as Arrays.sort does. */
    static boolean plain(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v != v || (v == 0 && Double.doubleToRawLongBits(v) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** Ranges shorter than this are copied and selected in; longer ones are first narrowed by a sample. */
    private static final int WINDOW_MIN = 50_000;
    private static final int SAMPLE = 8192;
    /** How far beyond the sample ranks of the wanted positions the window reaches (about 4.5 standard deviations). */
    private static final int MARGIN = 200;

    /**
     * The values the sorted {@code a[from..to)} would hold at each of {@code positions} (indices in
     * that range, ascending, distinct), leaving {@code a} as it is; needs {@link #plain} values.
     *
     * <p>A long range is read once: a sorted random sample gives two values L and U that very
     * likely have the wanted positions between them; counting what is below L, equal to L or U,
     * and keeping only what lies strictly between, places every position exactly (or, when the
     * sample was unlucky, shows that it did not, and the range is selected in as a whole).
     */
    static double[] sortedAt(double[] a, int from, int to, int... positions) {
        if (to - from >= WINDOW_MIN) {
            double[] v = byWindow(a, from, to, positions);
            if (v != null) {
                return v;
            }
        }
        double[] copy = Arrays.copyOfRange(a, from, to);
        int[] relative = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            relative[i] = positions[i] - from;
        }
        return at(copy, 0, copy.length, relative);
    }

    private static double[] byWindow(double[] a, int from, int to, int[] positions) {
        int m = to - from;
        double[] sample = new double[SAMPLE];
        long state = 0x9E3779B97F4A7C15L ^ m; // fixed: the same input takes the same path
        for (int i = 0; i < SAMPLE; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            sample[i] = a[from + (int) Long.remainderUnsigned(state, m)];
        }
        Arrays.sort(sample);
        long first = positions[0] - from;
        long last = positions[positions.length - 1] - from;
        int iLow = (int) (first * SAMPLE / m) - MARGIN;
        int iHigh = (int) ((last * SAMPLE + m - 1) / m) + MARGIN;
        double low = iLow < 0 ? Double.NEGATIVE_INFINITY : sample[iLow];
        double high = iHigh >= SAMPLE ? Double.POSITIVE_INFINITY : sample[iHigh];
        long expected = (long) (iHigh - iLow + 1) * m / SAMPLE;
        double[] inside = new double[(int) Math.min(m, 2 * expected + 1024)];
        int below = 0;
        int atLow = 0;
        int atHigh = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v < low) {
                below++;
            } else if (v > high) {
                continue;
            } else if (v == low) {
                atLow++;
            } else if (v == high) {
                atHigh++;
            } else {
                if (n == inside.length) {
                    return null;
                }
                inside[n++] = v;
            }
        }
        // sorted: [below] [atLow x low] [inside, sorted] [atHigh x high] [above]
        if (first < below || last >= (long) below + atLow + n + atHigh) {
            return null;
        }
        double[] out = new double[positions.length];
        int[] within = new int[positions.length];
        int w = 0;
        for (int i = 0; i < positions.length; i++) {
            long r = positions[i] - from - below;
            if (r < atLow) {
                out[i] = low;
            } else if (r < atLow + n) {
                within[w++] = (int) (r - atLow);
            } else {
                out[i] = high;
            }
        }
        if (w > 0) {
            double[] v = at(inside, 0, n, Arrays.copyOf(within, w));
            for (int i = 0, k = 0; i < positions.length; i++) {
                long r = positions[i] - from - below;
                if (r >= atLow && r < atLow + n) {
                    out[i] = v[k++];
                }
            }
        }
        return out;
    }

    /**
     * The values the sorted {@code a[from..to)} would hold at each of {@code positions} (indices in
     * that range, ascending, distinct). Reorders {@code a[from..to)}; needs {@link #plain} values.
     */
    static double[] at(double[] a, int from, int to, int... positions) {
        double[] out = new double[positions.length];
        at(a, from, to, positions, 0, positions.length, out);
        return out;
    }

    private static void at(double[] a, int from, int to, int[] positions, int pFrom, int pTo, double[] out) {
        if (pFrom >= pTo) {
            return;
        }
        int mid = (pFrom + pTo) >>> 1;
        int k = positions[mid];
        select(a, from, to, k);
        out[mid] = a[k];
        // a[from..k) holds what sorts before k, a(k..to) what sorts after
        at(a, from, k, positions, pFrom, mid, out);
        at(a, k + 1, to, positions, mid + 1, pTo, out);
    }

    /**
     * Puts into {@code a[k]} what the sorted {@code a[from..to)} holds there, smaller or equal
     * values before it and greater or equal after (quickselect, median-of-three pivots, sorting
     * the range when the partitions keep being lopsided).
     */
    static void select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from))) + 8;
        while (hi > lo) {
            if (k == lo) {
                swap(a, lo, argMin(a, lo, hi + 1));
                return;
            }
            if (k == hi) {
                swap(a, hi, argMax(a, lo, hi + 1));
                return;
            }
            if (hi - lo < 16 || --budget < 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            int m = (lo + hi) >>> 1;
            // median of three into a[m], with a[lo] <= a[m] <= a[hi]
            if (a[m] < a[lo]) {
                swap(a, m, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[m]) {
                swap(a, hi, m);
            }
            double pivot = a[m];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (pivot < a[j]) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            // a[lo..j] <= pivot, a[j+1..i-1] == pivot, a[i..hi] >= pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static int argMin(double[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] < a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMax(double[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
