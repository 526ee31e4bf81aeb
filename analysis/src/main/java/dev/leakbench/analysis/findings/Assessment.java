package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.stats.TheilSen;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of classifying one series: the verdict, the one-line reason, the fitted line and
 * the numbers behind the decision (for the report's evidence).
 *
 * @param verdict the verdict
 * @param reason why, in one sentence
 * @param fit the overall Theil-Sen fit, or null when there were too few points
 * @param numbers the quantities the decision used, by name, in a stable order
 */
public record Assessment(Verdict verdict, String reason, TheilSen.Fit fit, Map<String, Object> numbers) {
    /** Copies the numbers. */
    public Assessment {
        numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /** The slope, NaN without a fit. */
    public double slope() {
        return fit == null ? Double.NaN : fit.slope();
    }

    /** The one-sided Mann-Kendall p-value for an increasing trend, NaN without a fit. */
    public double pValue() {
        return fit == null ? Double.NaN : fit.trend().pIncreasing();
    }

    /** For STABLE: the smallest slope this run could have called a LEAK (NaN when none, or not STABLE). */
    public double detectableSlope() {
        return number("detectableSlope");
    }

    /** A number by name, NaN when absent. */
    public double number(String name) {
        Object v = numbers.get(name);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
