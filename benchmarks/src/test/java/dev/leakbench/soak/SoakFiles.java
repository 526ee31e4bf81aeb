package dev.leakbench.soak;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.RunSet;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads back what a soak wrote: CSV rows, the latency log's counts, and leakcheck's findings. */
final class SoakFiles {
    private SoakFiles() {}

    record Csv(List<String> header, List<CSVRecord> rows) {
        long last(String column) {
            return Long.parseLong(rows.get(rows.size() - 1).get(column));
        }
    }

    static Csv csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT
                        .builder()
                        .setCommentMarker('#')
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(in)) {
            return new Csv(p.getHeaderNames(), p.getRecords());
        }
    }

    /** Interval histograms in the log and the sum of their counts. */
    static long[] hlogIntervalsAndCount(Path file) throws IOException {
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        long intervals = 0;
        long count = 0;
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            intervals++;
            count += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        reader.close();
        return new long[] {intervals, count};
    }

    /** leakcheck's findings for the series, read with leakcheck's own reader (which rejects malformed files). */
    static List<Finding> findings(Path series) throws BadInputException {
        RunSet runs = Inputs.read(List.of(series));
        return new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(runs)
                .findings();
    }

    static Optional<Finding> finding(List<Finding> findings, String metric) {
        return findings.stream().filter(f -> f.metric().equals(metric)).findFirst();
    }

    static String describe(List<Finding> findings) {
        List<String> l = new ArrayList<>();
        for (Finding f : findings) {
            l.add(f.verdict() + " " + f.metric() + ": " + f.reason());
        }
        return String.join(System.lineSeparator(), l);
    }
}
