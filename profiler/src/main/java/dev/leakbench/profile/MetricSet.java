package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The metrics of one trial, fixed by what the first iteration measured, so that every iteration
 * reports the same labels.
 *
 * <p>Why fixed: JMH aggregates a label missing from some iterations as if it were 0 there
 * ({@code BenchmarkResult.getSecondaryResults} pads with {@code Result.getZeroResult()}), and its
 * JSON raw data then simply has fewer values for that label, out of step with the iterations.
 * So a metric that cannot be read in a later iteration is reported as NaN (an empty CSV cell),
 * never left out, and a name that appears only later (a {@link LeakProbe} registered after trial
 * setup) is ignored with a warning instead of being added mid-trial.
 */
final class MetricSet {
    private final List<String> names;
    private final Consumer<String> log;
    private final Set<String> warned = new HashSet<>();

    private MetricSet(List<String> names, Consumer<String> log) {
        this.names = names;
        this.log = log;
    }

    /** The metrics the first iteration measured, in series column order. */
    static MetricSet of(Set<String> firstIteration, Consumer<String> log) {
        return new MetricSet(MetricNames.inColumnOrder(firstIteration), log);
    }

    /** The names, in series column order. */
    List<String> names() {
        return names;
    }

    /**
     * One iteration's values as JMH results, one per name; a missing value is NaN and is
     * reported once per metric, a value with a name outside the set is dropped and reported once.
     */
    List<ScalarResult> results(Map<String, Long> values, String iteration) {
        for (String name : values.keySet()) {
            if (!names.contains(name) && warned.add(name)) {
                log.accept(name + " first appeared at " + iteration + "; a metric must exist from the first "
                        + "reading (register the LeakProbe in @Setup(Level.Trial)), so it is not reported");
            }
        }
        List<ScalarResult> results = new ArrayList<>(names.size());
        for (String name : names) {
            Long v = values.get(name);
            if (v == null && warned.add(name)) {
                log.accept(name + " could not be measured at " + iteration + "; reported as NaN (empty in the series)");
            }
            results.add(new ScalarResult(name, v == null ? Double.NaN : v, MetricNames.unit(name), policy(name)));
        }
        return results;
    }

    /**
     * How JMH folds the iterations into one score: the operation counter's score is its last
     * (largest) value; every other metric is averaged. The per-iteration values, which the
     * analysis uses, stay in the JSON's raw data either way.
     */
    static AggregationPolicy policy(String metric) {
        return metric.equals(MetricNames.OPS) ? AggregationPolicy.MAX : AggregationPolicy.AVG;
    }
}
