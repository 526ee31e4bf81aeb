package dev.leakbench.soak;

import dev.leakbench.profile.SeriesFile;
import dev.leakbench.profile.SeriesWriter;
import dev.leakbench.vocabulary.MetricNames;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code series.csv}: the run in the LeakProfiler's series format, so {@code leakcheck findings}
 * judges a soak like a benchmark: benchmark {@code soak.<scenario>}, the run's parameters, one row
 * per interval (warmup intervals first), {@code heap.retained} = the heap after the latest GC. The
 * rows are written by the LeakProfiler's own {@link SeriesWriter}, flushed as written.
 */
final class SoakSeries implements Closeable {

    static final String FILE = "series";

    private final SeriesWriter writer;
    private int warmupIteration;
    private int measurementIteration;

    /** @param metrics resource and gauge columns, as {@link IntervalSampler#metricNames()} */
    SoakSeries(Path dir, String benchmark, Map<String, String> params, List<String> metrics) throws IOException {
        SeriesFile named = SeriesFile.of(dir, benchmark, "soak", params, 0);
        SeriesFile file = new SeriesFile(named.benchmark(), named.params(), dir.resolve(FILE));
        List<String> columns = new ArrayList<>(List.of(MetricNames.OPS, MetricNames.HEAP));
        columns.addAll(metrics);
        this.writer = new SeriesWriter(file, columns);
    }

    /** The series file in {@code dir}. */
    static Path csv(Path dir) {
        return dir.resolve(FILE + ".csv");
    }

    /** Appends the interval, unless no GC has run yet (then there is no heap reading to give). */
    void append(IntervalSample s) throws IOException {
        if (s.heapAfterGc() < 0) {
            return;
        }
        Map<String, Long> values = new LinkedHashMap<>(s.metrics());
        values.put(MetricNames.OPS, s.opsCumulative());
        values.put(MetricNames.HEAP, s.heapAfterGc());
        writer.append(s.warmup() ? ++warmupIteration : ++measurementIteration, s.warmup(), values);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
