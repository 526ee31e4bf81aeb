package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.stats.TheilSen;
import dev.leakbench.analysis.stats.XY;
import dev.leakbench.analysis.trace.LeakTrace;
import java.util.List;
import java.util.Map;

/**
 * One finding of docs/design.md: a verdict on one metric of one benchmark at one parameter set.
 *
 * @param key benchmark and parameters
 * @param metric the metric judged (heap.retained, a gauge, or gc.alloc.rate.norm)
 * @param verdict the verdict
 * @param slope the fitted slope (bytes or counts per op, or per iteration), or for allocation
 *     the added bytes/op; NaN when there is none
 * @param slopeUnit the unit of {@code slope}, e.g. "B/op", "count/op", "B/iteration"
 * @param ci95 95% interval of the slope, or null
 * @param pValue the p-value behind the verdict, NaN when there is none
 * @param attribution roots and classes that account for the growth, largest first
 * @param evidence the reason and the numbers behind the decision
 * @param fails true when this finding alone makes {@code findings} exit 1
 * @param plot the data to draw, or null
 * @param leakTrace where the heap leak accumulates, from the run's heap dumps, or null
 */
public record Finding(
        SeriesKey key,
        String metric,
        Verdict verdict,
        double slope,
        String slopeUnit,
        double[] ci95,
        double pValue,
        List<Attribution> attribution,
        Map<String, Object> evidence,
        boolean fails,
        Plot plot,
        LeakTrace leakTrace) {
    /** Copies lists. */
    public Finding {
        attribution = List.copyOf(attribution);
    }

    /** A finding without a leak trace. */
    public Finding(
            SeriesKey key,
            String metric,
            Verdict verdict,
            double slope,
            String slopeUnit,
            double[] ci95,
            double pValue,
            List<Attribution> attribution,
            Map<String, Object> evidence,
            boolean fails,
            Plot plot) {
        this(key, metric, verdict, slope, slopeUnit, ci95, pValue, attribution, evidence, fails, plot, null);
    }

    /** This finding with {@code trace} as its leak trace. */
    public Finding withTrace(LeakTrace trace) {
        return new Finding(
                key, metric, verdict, slope, slopeUnit, ci95, pValue, attribution, evidence, fails, plot, trace);
    }

    /** True for a heap or class-count LEAK or SUSPECT: a finding a leak trace explains. */
    public boolean wantsTrace() {
        return (verdict == Verdict.LEAK || verdict == Verdict.SUSPECT)
                && (metric.equals(dev.leakbench.analysis.input.Metrics.HEAP) || metric.startsWith("class."));
    }

    /**
     * For a STABLE finding of a series: the smallest leak this run could have detected, in
     * {@code slopeUnit} (see {@link SeriesClassifier#detectableSlope}); NaN when none is stated
     * (other verdicts, allocation findings, or too few points to find any leak). Evidence key
     * {@code detectableSlope}, and {@code detectableSlope} in findings.json.
     */
    public double detectableSlope() {
        return evidence.get("detectableSlope") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The one-line reason. */
    public String reason() {
        Object r = evidence.get("reason");
        return r == null ? "" : r.toString();
    }

    /**
     * The series to plot: measurement segments, warmup points and the fitted line.
     *
     * @param measurement one segment per trial
     * @param warmup warmup points per trial (not fitted), possibly empty
     * @param fit the fitted line, or null
     * @param xLabel "operations" or "iteration"
     * @param unit the unit of y ("B" or "count")
     */
    public record Plot(List<XY> measurement, List<XY> warmup, TheilSen.Fit fit, String xLabel, String unit) {}
}
