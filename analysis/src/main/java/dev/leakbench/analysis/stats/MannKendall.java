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

    private MannKendall() {}

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
            long[] sp = statistic(seg);
            s += sp[0];
            pairs += sp[1];
            double tieTerm = tieTerm(seg.y());
            ties |= tieTerm != 0;
            var += (n * (n - 1.0) * (2.0 * n + 5) - tieTerm) / 18.0;
        }
        if (segments.size() == 1
                && !ties
                && segments.get(0).size() <= EXACT_MAX_N
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

    // (the loops are methods of their own: small methods are what a short run's JIT compiles quickly)

    /** {S, pairs} of one segment: concordant minus discordant pairs, over pairs with distinct x. */
    private static long[] statistic(XY seg) {
        int n = seg.size();
        double[] x = seg.x();
        double[] y = seg.y();
        long s = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] == x[i]) {
                    continue;
                }
                pairs++;
                s += Double.compare(y[j], y[i]) > 0 ? 1 : (y[j] == y[i] ? 0 : -1);
            }
        }
        return new long[] {s, pairs};
    }

    /** The tie correction of the variance: the sum of t(t-1)(2t+5) over groups of t equal values (0 without ties). */
    private static double tieTerm(double[] y) {
        int n = y.length;
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
                tieTerm += t * (t - 1.0) * (2.0 * t + 5);
            }
            i = j;
        }
        return tieTerm;
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
