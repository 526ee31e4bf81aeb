package dev.leakbench.analysis.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The Mann-Kendall trend test, with the tie correction of its variance, over one or several
 * segments (the segment statistics and variances add, as in the seasonal/blocked Kendall test).
 * A single segment of at most {@value #EXACT_MAX_N} points without ties uses the exact null
 * distribution; otherwise the normal approximation with continuity correction.
 */
public final class MannKendall {
    /** Largest single-segment size for which the exact distribution is used. */
    public static final int EXACT_MAX_N = 10;

    private MannKendall() {
    }

    /**
     * Result of the test.
     *
     * @param s the Kendall statistic: concordant minus discordant pairs
     * @param variance the tie-corrected variance of S under no trend
     * @param pairs number of compared pairs
     * @param pIncreasing one-sided p-value against an increasing trend
     * @param pDecreasing one-sided p-value against a decreasing trend
     */
    public record Result(long s, double variance, long pairs, double pIncreasing, double pDecreasing) {
        /** Two-sided p-value. */
        public double pTwoSided() {
            return Math.min(1.0, 2 * Math.min(pIncreasing, pDecreasing));
        }

        /** Kendall's tau-a: S over the number of pairs. */
        public double tau() {
            return pairs == 0 ? 0 : s / (double) pairs;
        }
    }

    /** Tests one segment. */
    public static Result test(XY segment) {
        return test(List.of(segment));
    }

    /** Tests several segments, pooling their statistics. */
    public static Result test(List<XY> segments) {
        long s = 0;
        double var = 0;
        long pairs = 0;
        boolean ties = false;
        for (XY seg : segments) {
            int n = seg.size();
            double[] x = seg.x();
            double[] y = seg.y();
            if (n <= DIRECT_MAX_N || !Select.plain(y, 0, n) || !noNaN(x)) {
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        if (x[j] == x[i]) {
                            continue;
                        }
                        pairs++;
                        s += Double.compare(y[j], y[i]) > 0 ? 1 : (y[j] == y[i] ? 0 : -1);
                    }
                }
            } else {
                // the same sums by counting inversions (Knight's algorithm): over all pairs, less the
                // pairs of equal x, which are runs since x does not decrease
                s += kendallS(y, 0, n);
                pairs += n * (n - 1L) / 2;
                for (int i = 0; i < n; ) {
                    int j = i + 1;
                    while (j < n && x[j] == x[i]) {
                        j++;
                    }
                    if (j - i > 1) {
                        s -= kendallS(y, i, j);
                        pairs -= (j - i) * (j - i - 1L) / 2;
                    }
                    i = j;
                }
            }
            double[] sorted = y.clone();
            Arrays.sort(sorted);
            double tieTerm = 0;
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && sorted[j] == sorted[i]) {
                    j++;
                }
                int t = j - i;
                if (t > 1) {
                    ties = true;
                    tieTerm += t * (t - 1.0) * (2.0 * t + 5);
                }
                i = j;
            }
            var += (n * (n - 1.0) * (2.0 * n + 5) - tieTerm) / 18.0;
        }
        if (segments.size() == 1 && !ties && segments.get(0).size() <= EXACT_MAX_N
                && pairs == segments.get(0).size() * (segments.get(0).size() - 1L) / 2) {
            int n = segments.get(0).size();
            return new Result(s, var, pairs, exactUpper(n, s), exactUpper(n, -s));
        }
        if (var <= 0) {
            return new Result(s, var, pairs, 1.0, 1.0);
        }
        double sd = Math.sqrt(var);
        double zUp = s > 0 ? (s - 1) / sd : (s < 0 ? (s + 1) / sd : 0);
        return new Result(s, var, pairs, Normal.upperTail(zUp), Normal.upperTail(-zUp));
    }

    /** Segments up to this size are summed pair by pair; longer ones by {@link #kendallS}. */
    private static final int DIRECT_MAX_N = 64;

    private static boolean noNaN(double[] x) {
        for (double v : x) {
            if (v != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * S over all pairs i &lt; j of {@code y[from..to)}: the number with {@code y[j] > y[i]} minus the
     * number with {@code y[j] < y[i]}, in O(n log n): of the n(n-1)/2 pairs, D are inversions
     * (counted while merge-sorting), T are ties (runs of the sorted values), so S = n(n-1)/2 - 2D - T.
     * Needs values without NaN and -0.0 (then this is what the pair-by-pair sum gives).
     */
    static long kendallS(double[] y, int from, int to) {
        int n = to - from;
        double[] a = Arrays.copyOfRange(y, from, to);
        double[] buf = new double[n];
        long inversions = 0;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (a[j] < a[i]) {
                        inversions += mid - i; // every remaining left value is greater
                        buf[k++] = a[j++];
                    } else {
                        buf[k++] = a[i++];
                    }
                }
                while (i < mid) {
                    buf[k++] = a[i++];
                }
                while (j < hi) {
                    buf[k++] = a[j++];
                }
                System.arraycopy(buf, lo, a, lo, hi - lo);
            }
        }
        long ties = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && a[j] == a[i]) {
                j++;
            }
            ties += (j - i) * (j - i - 1L) / 2;
            i = j;
        }
        return n * (n - 1L) / 2 - 2 * inversions - ties;
    }

    /** Exact P(S &ge; s) for n untied points: S = N - 2 * inversions, inversions Mahonian-distributed. */
    static double exactUpper(int n, long s) {
        if (n < 2) {
            return 1.0;
        }
        int maxInv = n * (n - 1) / 2;
        double[] counts = new double[maxInv + 1];
        counts[0] = 1;
        for (int k = 2; k <= n; k++) {
            double[] next = new double[maxInv + 1];
            for (int inv = 0; inv <= maxInv; inv++) {
                if (counts[inv] == 0) {
                    continue;
                }
                for (int add = 0; add < k && inv + add <= maxInv; add++) {
                    next[inv + add] += counts[inv];
                }
            }
            counts = next;
        }
        double total = 0;
        double hit = 0;
        for (int inv = 0; inv <= maxInv; inv++) {
            total += counts[inv];
            if (maxInv - 2L * inv >= s) {
                hit += counts[inv];
            }
        }
        return hit / total;
    }
}
