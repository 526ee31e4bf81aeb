package dev.leakbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MannKendallTest {
    @Test
    void monotoneSeriesIsExactlyOneOverNFactorial() {
        MannKendall.Result r = MannKendall.test(XY.indexed(new double[] {1, 2, 3, 4, 5}));
        assertEquals(10, r.s());
        assertEquals(1.0 / 120, r.pIncreasing(), 1e-12);
        assertEquals(1.0, r.pDecreasing(), 1e-12);
    }

    @Test
    void tieCorrectionShrinksTheVariance() {
        MannKendall.Result r = MannKendall.test(XY.indexed(new double[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4}));
        double n = 12;
        double untied = n * (n - 1) * (2 * n + 5) / 18;
        double ties = 3 * 2 * 11 + 3 * 2 * 11 + 4 * 3 * 13 + 2 * 1 * 9;
        assertEquals(untied - ties / 18, r.variance(), 1e-9);
        assertTrue(r.pIncreasing() < 1e-3, "p=" + r.pIncreasing());
    }

    @Test
    void exactDistributionMatchesBruteForceEnumeration() {
        int n = 6;
        int[] perm = {0, 1, 2, 3, 4, 5};
        int[] countAtLeast = new int[31];
        int total = 0;
        do {
            int s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    s += Integer.signum(perm[j] - perm[i]);
                }
            }
            for (int k = -15; k <= s; k++) {
                countAtLeast[k + 15]++;
            }
            total++;
        } while (nextPermutation(perm));
        for (int s = -15; s <= 15; s++) {
            assertEquals(countAtLeast[s + 15] / (double) total, MannKendall.exactUpper(n, s), 1e-12, "S >= " + s);
        }
    }

    @Test
    void normalApproximationIsConservativeButCloseInTheTail() {
        double[] y = {3, 1, 4, 2, 6, 5, 8, 7, 10, 9};
        MannKendall.Result exact = MannKendall.test(XY.indexed(y));
        double z = (exact.s() - 1) / Math.sqrt(exact.variance());
        double approx = Normal.upperTail(z);
        // the continuity-corrected normal approximation is conservative in the tail, within a small factor
        assertTrue(
                approx >= exact.pIncreasing() && approx < 3 * exact.pIncreasing(),
                exact.pIncreasing() + " vs " + approx);
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    @Property(tries = 200)
    void reversalSwapsTheSides(@ForAll @Size(min = 3, max = 40) double[] y) {
        double[] rev = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            rev[i] = y[y.length - 1 - i];
        }
        MannKendall.Result a = MannKendall.test(XY.indexed(y));
        MannKendall.Result b = MannKendall.test(XY.indexed(rev));
        assertEquals(a.s(), -b.s());
        assertEquals(a.pIncreasing(), b.pDecreasing(), 1e-12);
    }

    @Property(tries = 200)
    void invariantUnderMonotoneTransforms(
            @ForAll @Size(min = 3, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @DoubleRange(min = 0.01, max = 1000) double scale) {
        double[] y = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = Math.exp(y[i] / 1e6) * scale + 7;
        }
        assertEquals(
                MannKendall.test(XY.indexed(y)).s(),
                MannKendall.test(XY.indexed(t)).s());
    }
}
