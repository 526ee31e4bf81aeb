package dev.leakbench.analysis.input;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All benchmark runs read from the input files, by key, plus warnings about what was skipped. */
public final class RunSet {
    private final Map<SeriesKey, BenchmarkRun> runs = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<DumpIndex> dumps = new ArrayList<>();

    /** The run for a key, created when absent. */
    BenchmarkRun run(SeriesKey key) {
        return runs.computeIfAbsent(key, BenchmarkRun::new);
    }

    /** The runs, ordered by benchmark and parameters. */
    public Collection<BenchmarkRun> runs() {
        return runs.values();
    }

    /** The run for a key, or null. */
    public BenchmarkRun get(SeriesKey key) {
        return runs.get(key);
    }

    /** Non-fatal remarks (skipped metrics, unmatched files) for the report. */
    public List<String> warnings() {
        return warnings;
    }

    /** The heap dump indexes read ({@code NAME.dumps.csv}), in the order given. */
    public List<DumpIndex> dumps() {
        return dumps;
    }

    void addDumps(DumpIndex index) {
        dumps.add(index);
    }

    /** Records a warning. */
    void warn(String warning) {
        warnings.add(warning);
    }
}
