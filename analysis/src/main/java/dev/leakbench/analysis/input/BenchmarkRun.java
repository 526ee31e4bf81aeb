package dev.leakbench.analysis.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything read about one benchmark at one parameter set: JMH scores (from JMH JSON or CSV)
 * and per-iteration trials (from series CSVs, or from JMH JSON raw data), plus class attribution.
 */
public final class BenchmarkRun {
    private final SeriesKey key;
    private String mode;
    private int threads = 1;
    private Score primary;
    private final Map<String, Score> secondary = new LinkedHashMap<>();
    private final List<Trial> trials = new ArrayList<>();
    private boolean trialsFromSeries;
    private final Map<String, ClassGrowth> classes = new LinkedHashMap<>();
    private final Set<String> sources = new LinkedHashSet<>();

    /** An empty run for the key. */
    public BenchmarkRun(SeriesKey key) {
        this.key = key;
    }

    /** The benchmark and parameters. */
    public SeriesKey key() {
        return key;
    }

    /** JMH mode (thrpt, avgt, sample, ss) or null when only a series was read. */
    public String mode() {
        return mode;
    }

    /** Number of benchmark threads (JMH's "threads"). */
    public int threads() {
        return threads;
    }

    /** The primary score, or null. */
    public Score primary() {
        return primary;
    }

    /** Secondary scores by normalised name. */
    public Map<String, Score> secondary() {
        return secondary;
    }

    /** The trials (forks), in the order read. */
    public List<Trial> trials() {
        return trials;
    }

    /** True when the trials came from LeakProfiler series CSVs (so they have phases and ops). */
    public boolean trialsFromSeries() {
        return trialsFromSeries;
    }

    /** Class growth by class name, summed over trials. */
    public Map<String, ClassGrowth> classes() {
        return classes;
    }

    /** Files that contributed. */
    public Set<String> sources() {
        return sources;
    }

    /** Sets the JMH scores read from a JMH result file. */
    void setScores(String source, String mode, int threads, Score primary, Map<String, Score> secondary) {
        this.mode = mode;
        this.threads = threads;
        this.primary = primary;
        this.secondary.putAll(secondary);
        sources.add(source);
    }

    /** Adds a trial; series trials replace trials derived from JMH raw data. */
    void addTrial(Trial trial, boolean fromSeries) {
        if (fromSeries && !trialsFromSeries) {
            trials.clear();
            trialsFromSeries = true;
        }
        if (fromSeries == trialsFromSeries) {
            trials.add(trial);
        }
        sources.add(trial.source());
    }

    /** Adds class growth rows of one trial. */
    void addClasses(List<ClassGrowth> rows) {
        for (ClassGrowth row : rows) {
            classes.merge(row.className(), row, ClassGrowth::plus);
        }
    }
}
