package dev.leakbench.soak;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code samples.csv}: one row per interval, flushed as it is written, so a crash loses at most the
 * interval in progress. Latencies in microseconds, sizes in bytes, time in ISO-8601 UTC.
 *
 * <p>With {@code --rate} (open loop) the latencies are from each operation's intended start, and
 * three columns tell how the schedule was kept: {@code schedule.late} (starts that lagged by more
 * than the threshold, {@link RateSchedule}), {@code schedule.lag.max.us} (the largest lag) and
 * {@code rate.held} ({@code true} when at most 1% of the interval's starts were late, else
 * {@code false}). In a closed loop the three are empty.
 */
final class SampleCsvWriter implements Closeable {

    /** The columns before the process resources and gauges. */
    static final List<String> FIXED_COLUMNS = List.of(
            "time",
            "elapsed.s",
            "phase",
            "ops",
            "ops.cumulative",
            "ops.per.s",
            "latency.p50.us",
            "latency.p99.us",
            "latency.p999.us",
            "latency.max.us",
            "heap.after_gc",
            "gc.count",
            "schedule.late",
            "schedule.lag.max.us",
            "rate.held");

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private final List<String> metrics;
    private final CSVPrinter csv;

    /** @param metrics resource and gauge columns, as {@link IntervalSampler#metricNames()} */
    SampleCsvWriter(Path file, List<String> metrics) throws IOException {
        this.metrics = List.copyOf(metrics);
        this.csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), FORMAT);
        List<String> header = new ArrayList<>(FIXED_COLUMNS);
        header.addAll(this.metrics);
        csv.printRecord(header);
        csv.flush();
    }

    void append(IntervalSample s) throws IOException {
        Histogram h = s.latency();
        List<Object> row = new ArrayList<>(FIXED_COLUMNS.size() + metrics.size());
        row.add(s.wallClock().toString());
        row.add(String.format("%.3f", s.end().toNanos() / 1e9));
        row.add(s.phase());
        row.add(s.ops());
        row.add(s.opsCumulative());
        row.add(String.format("%.1f", s.opsPerSecond()));
        row.add(micros(h, 50));
        row.add(micros(h, 99));
        row.add(micros(h, 99.9));
        row.add(h.getTotalCount() == 0 ? "" : String.format("%.1f", h.getMaxValue() / 1e3));
        row.add(s.heapAfterGc() < 0 ? "" : s.heapAfterGc());
        row.add(s.collections());
        IntervalSample.Schedule schedule = s.schedule();
        if (schedule == null) {
            row.add("");
            row.add("");
            row.add("");
        } else {
            row.add(schedule.late());
            row.add(schedule.starts() == 0 ? "" : String.format("%.1f", schedule.maxLagNanos() / 1e3));
            row.add(schedule.held());
        }
        for (String m : metrics) {
            Long v = s.metrics().get(m);
            row.add(v == null ? "" : v);
        }
        csv.printRecord(row);
        csv.flush();
    }

    private static String micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "" : String.format("%.1f", h.getValueAtPercentile(percentile) / 1e3);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
