package dev.leakbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MannWhitneyTest {
    @Test
    void exactForSmallUntiedSamples() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] b = {11, 12, 13};
        MannWhitney.Result r = MannWhitney.test(a, b);
        assertEquals(30, r.u());
        assertEquals(1.0 / 286, r.pGreater(), 1e-12); // 1 / C(13, 3)
        assertEquals(1.0, r.pLess(), 1e-12);
    }

    @Test
    void normalApproximationWithTies() {
        double[] a = new double[50];
        double[] b = new double[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i % 5;
            b[i] = i % 5 + 1;
        }
        MannWhitney.Result r = MannWhitney.test(a, b);
        assertTrue(r.pGreater() < 1e-3);
        assertTrue(r.pLess() > 0.99);
    }

    @Test
    void exactWithTiesAsByteExactMetricsHave() {
        double[] before = new double[20];
        java.util.Arrays.fill(before, 300);
        double[] after = {420, 420, 420};
        MannWhitney.Result r = MannWhitney.test(before, after);
        assertEquals(1.0 / 1771, r.pGreater(), 1e-12); // 1 / C(23, 3): b took the top group
        double[] mixed = {300, 420, 420};
        assertEquals(21.0 / 1771, MannWhitney.test(before, mixed).pGreater(), 1e-12);
    }

    @Test
    void exactAgreesWithNormalApproximationForLargerSamples() {
        java.util.Random r = new java.util.Random(4);
        double[] a = new double[30];
        double[] b = new double[30];
        for (int i = 0; i < 30; i++) {
            a[i] = Math.round(r.nextGaussian() * 3);
            b[i] = Math.round(r.nextGaussian() * 3 + 1.5);
        }
        double exact = MannWhitney.test(a, b).pGreater();
        double[] a2 = java.util.Arrays.copyOf(a, 31);
        a2[30] = a[0];
        double approx = MannWhitney.test(a2, b).pGreater(); // 61 values: normal approximation
        assertEquals(Math.log10(exact), Math.log10(approx), 0.5);
    }

    @Test
    void identicalSamplesAreNotDifferent() {
        double[] a = {5, 5, 5, 5};
        MannWhitney.Result r = MannWhitney.test(a, a.clone());
        assertEquals(1.0, r.pGreater(), 1e-12);
    }
}
