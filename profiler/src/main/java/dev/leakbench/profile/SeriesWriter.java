package dev.leakbench.profile;

import dev.leakbench.vocabulary.SeriesFormat;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one trial's series CSV ({@link SeriesFormat}): the format line, the header
 * {@code benchmark,params,iteration,phase,ops.cumulative,heap.retained,...}, then one row per
 * iteration, warmup rows first, an empty cell where a metric was not measured.
 *
 * <p>Each row goes to disk as soon as it is known (a crashed or interrupted run keeps what it
 * measured), and nothing accumulates in memory: rows held on the heap until the end would
 * themselves grow the retained heap this profiler measures.
 */
public final class SeriesWriter implements Closeable {
    private final SeriesFile file;
    private final List<String> metrics;
    private final Writer csv;

    /**
     * Creates (or replaces) the file and writes the header.
     *
     * @param metrics the metric columns, in order; {@code ops.cumulative} and {@code heap.retained} first
     */
    public SeriesWriter(SeriesFile file, List<String> metrics) throws IOException {
        this.file = file;
        this.metrics = List.copyOf(metrics);
        this.csv = Files.newBufferedWriter(file.csv(), StandardCharsets.UTF_8);
        csv.write(SeriesFormat.versionLine());
        csv.write("\n");
        List<String> header = new ArrayList<>(SeriesFormat.KEY_COLUMNS);
        header.addAll(this.metrics);
        Csv.printRecord(csv, header);
        csv.flush();
    }

    /** Appends one iteration; a metric missing from {@code values} is written as an empty cell. */
    public void append(int iteration, boolean warmup, Map<String, Long> values) throws IOException {
        List<Object> row = new ArrayList<>(4 + metrics.size());
        row.add(file.benchmark());
        row.add(file.params());
        row.add(iteration);
        row.add(warmup ? SeriesFormat.WARMUP : SeriesFormat.MEASUREMENT);
        for (String m : metrics) {
            Long v = values.get(m);
            row.add(v == null ? "" : v);
        }
        Csv.printRecord(csv, row);
        csv.flush();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
