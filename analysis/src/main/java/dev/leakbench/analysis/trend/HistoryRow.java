package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.input.Params;
import java.time.LocalDate;

/**
 * One line of {@code results/history.csv}: one metric of one benchmark on one night.
 *
 * @param date the night (ISO date)
 * @param commit the commit measured
 * @param benchmark fully qualified benchmark name
 * @param params benchmark parameters
 * @param metric {@code score} (JMH's primary metric), {@code gc.alloc.rate.norm} or a LeakProfiler metric
 * @param value the value, finite
 * @param unit the unit, one whose {@link Direction} is known
 */
public record HistoryRow(
        LocalDate date, String commit, String benchmark, Params params, String metric, double value, String unit) {
    /** The series this row belongs to. */
    public SeriesId series() {
        return new SeriesId(benchmark, params, metric);
    }

    /**
     * A metric of a benchmark at a parameter set: one line on the nightly plot.
     *
     * @param benchmark fully qualified benchmark name
     * @param params its parameters
     * @param metric the metric
     */
    public record SeriesId(String benchmark, Params params, String metric) implements Comparable<SeriesId> {
        @Override
        public int compareTo(SeriesId o) {
            int c = benchmark.compareTo(o.benchmark);
            if (c == 0) {
                c = params.compareTo(o.params);
            }
            return c != 0 ? c : metric.compareTo(o.metric);
        }

        @Override
        public String toString() {
            return benchmark + (params.isEmpty() ? "" : " {" + params + "}") + " " + metric;
        }
    }
}
