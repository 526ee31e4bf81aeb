package dev.leakbench.analysis.stats;

import java.util.Arrays;

/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test of whether one sample tends to be larger than
 * another. Exact (conditional on ties, which byte-exact metrics such as bytes/op have often) for
 * up to {@value #EXACT_MAX_TOTAL} values in all, otherwise the tie-corrected normal approximation
 * with continuity correction.
 */
public final class MannWhitney {
    /** Largest combined sample size for which the exact distribution is computed. */
    public static final int EXACT_MAX_TOTAL = 60;

    private MannWhitney() {}

    /**
     * Result of the test.
     *
     * @param u number of (a, b) pairs with b &gt; a, ties counting one half
     * @param pGreater one-sided p-value against "b tends to be greater than a"
     * @param pLess one-sided p-value against "b tends to be less than a"
     */
    public record Result(double u, double pGreater, double pLess) {}

    /** Compares sample {@code b} with sample {@code a}. */
    public static Result test(double[] a, double[] b) {
        int m = a.length;
        int n = b.length;
        if (m == 0 || n == 0) {
            return new Result(0, 1, 1);
        }
        double u = 0;
        for (double bv : b) {
            for (double av : a) {
                u += bv > av ? 1 : (bv == av ? 0.5 : 0);
            }
        }
        double[] all = new double[m + n];
        System.arraycopy(a, 0, all, 0, m);
        System.arraycopy(b, 0, all, m, n);
        Arrays.sort(all);
        double tieTerm = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j] == all[i]) {
                j++;
            }
            double t = j - i;
            tieTerm += t * t * t - t;
            i = j;
        }
        if (m + n <= EXACT_MAX_TOTAL) {
            double[] dist = exactTwiceU(all, b.length);
            double total = 0;
            double ge = 0;
            double le = 0;
            long twiceU = Math.round(2 * u);
            for (int k = 0; k < dist.length; k++) {
                total += dist[k];
                if (k >= twiceU) {
                    ge += dist[k];
                }
                if (k <= twiceU) {
                    le += dist[k];
                }
            }
            return new Result(u, ge / total, le / total);
        }
        double mean = m * (double) n / 2;
        double nn = m + n;
        double var = m * (double) n / 12 * ((nn + 1) - tieTerm / (nn * (nn - 1)));
        if (var <= 0) {
            return new Result(u, 1, 1);
        }
        double sd = Math.sqrt(var);
        return new Result(u, Normal.upperTail((u - mean - 0.5) / sd), Normal.upperTail((mean - u - 0.5) / sd));
    }

    /**
     * The exact null distribution of 2U conditional on the ties: over all ways of choosing which
     * {@code n} of the pooled sorted values form sample b, the number of ways giving each 2U.
     * Dynamic programming over the groups of tied values.
     */
    private static double[] exactTwiceU(double[] sortedPooled, int n) {
        int total = sortedPooled.length;
        int m = total - n;
        int max = 2 * m * n;
        double[][] ways = new double[n + 1][max + 1]; // [chosen for b][2U]
        ways[0][0] = 1;
        int seen = 0;
        for (int i = 0; i < total; ) {
            int j = i;
            while (j < total && sortedPooled[j] == sortedPooled[i]) {
                j++;
            }
            int t = j - i;
            double[][] next = new double[n + 1][max + 1];
            for (int cb = 0; cb <= Math.min(n, seen); cb++) {
                int aBelow = seen - cb;
                for (int tu = 0; tu <= max; tu++) {
                    double w = ways[cb][tu];
                    if (w == 0) {
                        continue;
                    }
                    for (int c = 0; c <= Math.min(t, n - cb); c++) {
                        int add = c * (2 * aBelow + (t - c));
                        if (tu + add <= max) {
                            next[cb + c][tu + add] += w * binomial(t, c);
                        }
                    }
                }
            }
            ways = next;
            seen += t;
            i = j;
        }
        return ways[n];
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
