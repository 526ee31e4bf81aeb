package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.input.BenchmarkRun;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.input.Score;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns tonight's JMH results into history rows. */
public final class TonightRows {
    /** The metric name under which JMH's primary score is kept. */
    public static final String SCORE = Metrics.SCORE;

    private TonightRows() {}

    /** True for the metrics the history keeps: the primary score, bytes/op and LeakProfiler metrics. */
    public static boolean isTrendMetric(String metric) {
        return metric.equals(SCORE)
                || metric.equals(Metrics.ALLOC)
                || (Metrics.isKnown(metric) && !metric.equals(Metrics.OPS));
    }

    /**
     * The rows for tonight.
     *
     * @param runs what was read
     * @param date tonight
     * @param commit the commit measured
     * @param notes receives what was left out and why
     */
    public static List<HistoryRow> of(RunSet runs, LocalDate date, String commit, List<String> notes) {
        List<HistoryRow> rows = new ArrayList<>();
        for (BenchmarkRun run : runs.runs()) {
            if (run.primary() == null) {
                notes.add(run.key() + ": no JMH score (a series CSV alone is not recorded in the history)");
                continue;
            }
            add(rows, run, SCORE, run.primary(), date, commit, notes);
            for (Map.Entry<String, Score> e : run.secondary().entrySet()) {
                if (isTrendMetric(e.getKey())) {
                    add(rows, run, e.getKey(), e.getValue(), date, commit, notes);
                }
            }
        }
        return rows;
    }

    private static void add(
            List<HistoryRow> rows,
            BenchmarkRun run,
            String metric,
            Score s,
            LocalDate date,
            String commit,
            List<String> notes) {
        if (!Double.isFinite(s.value())) {
            notes.add(run.key() + " " + metric + ": not measured (NaN); not recorded");
            return;
        }
        if (Direction.of(s.unit()) == null) {
            notes.add(run.key() + " " + metric + ": unit '" + s.unit() + "' does not tell whether higher or lower "
                    + "is better; not recorded");
            return;
        }
        rows.add(new HistoryRow(date, commit, run.key().benchmark(), run.key().params(), metric, s.value(), s.unit()));
    }
}
