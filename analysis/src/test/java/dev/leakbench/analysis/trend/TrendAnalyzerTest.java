package dev.leakbench.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Thresholds;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.trend.TrendAnalyzer.SeriesTrend;
import dev.leakbench.analysis.trend.TrendAnalyzer.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TrendAnalyzerTest {
    private static final Thresholds TH = Thresholds.defaults();
    private static final LocalDate START = LocalDate.parse("2026-01-01");

    /** {@code nights} values around {@code level} with 1% noise; the last {@code changed} nights multiplied by {@code factor}. */
    private static SeriesTrend run(String unit, int nights, double level, int changed, double factor, long seed) {
        Random r = new Random(seed);
        List<History.Night> list = new ArrayList<>();
        for (int i = 0; i < nights; i++) {
            double v = level * (1 + 0.01 * r.nextGaussian()) * (i >= nights - changed ? factor : 1);
            list.add(new History.Night(START.plusDays(i), v, List.of("c" + i)));
        }
        History.Key key = new History.Key(new HistoryRow.SeriesId("x.B.m", Params.NONE, "m"), unit);
        return TrendAnalyzer.analyze(key, list, TH);
    }

    @Test
    void oneBadNightIsNotARegression() {
        assertEquals(Status.UNCHANGED, run("B/op", 30, 300, 1, 1.5, 1).status());
        assertEquals(Status.UNCHANGED, run("B/op", 30, 300, 2, 1.5, 1).status());
    }

    @Test
    void threeNightsWorseIsARegressionAgainstTheTrailingWindow() {
        SeriesTrend t = run("B/op", 30, 300, 3, 1.2, 1);
        assertEquals(Status.REGRESSION, t.status());
        assertEquals(300, t.baseline(), 6);
        assertEquals(0.2, t.change(), 0.03);
        assertEquals(START.plusDays(27), t.changeDate());
        assertTrue(t.p() < TH.trendAlpha());
    }

    @Test
    void directionComesFromTheUnit() {
        assertEquals(Status.REGRESSION, run("ops/s", 30, 1e6, 4, 0.8, 2).status());
        assertEquals(Status.IMPROVEMENT, run("ops/s", 30, 1e6, 4, 1.25, 2).status());
        assertEquals(Status.IMPROVEMENT, run("ms/op", 30, 12, 4, 0.8, 2).status());
        assertEquals(Status.REGRESSION, run("bytes", 30, 5e7, 4, 1.3, 2).status());
    }

    @Test
    void aSmallShiftIsNotARegression() {
        assertEquals(Status.UNCHANGED, run("B/op", 40, 300, 6, 1.03, 3).status());
    }

    @Test
    void tooShortAHistoryIsNew() {
        assertEquals(Status.NEW, run("B/op", 4, 300, 2, 2, 4).status());
    }

    @Test
    void aLastingChangeBecomesTheNewBaseline() {
        assertEquals(Status.REGRESSION, run("B/op", 40, 300, 10, 1.3, 5).status());
        assertEquals(Status.REGRESSION, run("B/op", 40, 300, 16, 1.3, 5).status());
        assertEquals(Status.UNCHANGED, run("B/op", 50, 300, 24, 1.3, 5).status());
    }

    @Test
    void aFixedRegressionIsNoLongerFlagged() {
        Random r = new Random(6);
        List<History.Night> list = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double f = i >= 24 && i < 29 ? 1.3 : 1; // bad for five nights, fixed tonight
            list.add(new History.Night(START.plusDays(i), 300 * f * (1 + 0.01 * r.nextGaussian()), List.of()));
        }
        History.Key key = new History.Key(new HistoryRow.SeriesId("x.B.m", Params.NONE, "m"), "B/op");
        assertEquals(Status.UNCHANGED, TrendAnalyzer.analyze(key, list, TH).status());
    }

    @Property(tries = 200)
    void noiseAloneIsNeverARegression(@ForAll long seed) {
        assertTrue(run("B/op", 40, 300, 0, 1, seed).status() != Status.REGRESSION);
    }
}
