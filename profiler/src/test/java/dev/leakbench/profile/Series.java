package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A series CSV as the tests read it back: the rows of one trial, with helpers that state the
 * properties the tests check (flat, slope against operations).
 *
 * @param file where it was read from
 * @param header the columns, in order
 * @param rows the iterations, warmup first
 */
record Series(Path file, List<String> header, List<Row> rows) {

    /** One iteration. Metrics that were not measured (empty cells) are absent from {@code values}. */
    record Row(String benchmark, String params, int iteration, boolean warmup, Map<String, Double> values) {
        double get(String metric) {
            Double v = values.get(metric);
            if (v == null) {
                throw new AssertionError(metric + " was not measured at " + (warmup ? "warmup" : "measurement")
                        + " iteration " + iteration + "; row: " + values);
            }
            return v;
        }
    }

    static Series read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.builder()
                        .setReader(in)
                        .setFormat(CSVFormat.DEFAULT
                                .builder()
                                .setCommentMarker('#')
                                .setHeader()
                                .setSkipHeaderRecord(true)
                                .get())
                        .get()) {
            List<String> header = csv.getHeaderNames();
            List<Row> rows = new ArrayList<>();
            for (CSVRecord r : csv) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String column : header.subList(4, header.size())) {
                    String cell = r.get(column);
                    if (!cell.isEmpty()) {
                        values.put(column, Double.parseDouble(cell));
                    }
                }
                rows.add(new Row(
                        r.get("benchmark"),
                        r.get("params"),
                        Integer.parseInt(r.get("iteration")),
                        r.get("phase").equals("warmup"),
                        values));
            }
            return new Series(file, List.copyOf(header), List.copyOf(rows));
        }
    }

    /** The measurement iterations. */
    List<Row> measurement() {
        return rows.stream().filter(r -> !r.warmup()).toList();
    }

    /** A metric over the measurement iterations. */
    double[] measured(String metric) {
        return measurement().stream().mapToDouble(r -> r.get(metric)).toArray();
    }

    /** Least-squares slope of {@code metric} against {@code ops.cumulative} over the measurement iterations. */
    double slopePerOp(String metric) {
        return slope(metric, MetricNames.OPS);
    }

    /** Least-squares slope of {@code metric} against {@code against} over the measurement iterations. */
    double slope(String metric, String against) {
        List<Row> m = measurement();
        double[] x = m.stream().mapToDouble(r -> r.get(against)).toArray();
        double[] y = m.stream().mapToDouble(r -> r.get(metric)).toArray();
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    /** The benchmark the rows are of (JMH's full name). */
    String benchmark() {
        return rows.get(0).benchmark();
    }

    /** Last minus first measurement value. */
    double measuredGrowth(String metric) {
        double[] v = measured(metric);
        return v[v.length - 1] - v[0];
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file.getFileName().toString())
                .append(System.lineSeparator())
                .append(String.join(",", header));
        for (Row r : rows) {
            sb.append(System.lineSeparator())
                    .append(r.warmup() ? "warmup" : "measurement")
                    .append(' ')
                    .append(r.iteration())
                    .append(' ')
                    .append(r.values());
        }
        return sb.toString();
    }
}
