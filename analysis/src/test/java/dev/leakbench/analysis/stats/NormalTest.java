package dev.leakbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalTest {
    @Test
    void knownValues() {
        assertEquals(0.5, Normal.cdf(0), 1e-9);
        assertEquals(0.975, Normal.cdf(1.959964), 1e-6);
        assertEquals(1.959964, Normal.quantile(0.975), 1e-6);
        assertEquals(-2.326348, Normal.quantile(0.01), 1e-6);
        // far tail keeps relative accuracy: P(Z > 6) = 9.866e-10
        assertEquals(9.866e-10, Normal.upperTail(6), 1e-12);
    }
}
