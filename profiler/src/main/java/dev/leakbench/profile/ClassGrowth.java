package dev.leakbench.profile;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which classes grew between two class histograms (first and last measurement iteration): the
 * attribution of a leak to the classes that hold it. Written as
 * {@code class,instances_first,bytes_first,instances_last,bytes_last}, the file leakcheck reads
 * beside a series CSV.
 */
final class ClassGrowth {

    /** One class in both snapshots. */
    record Row(String className, long instancesFirst, long bytesFirst, long instancesLast, long bytesLast) {
        long bytesDelta() {
            return bytesLast - bytesFirst;
        }

        long instancesDelta() {
            return instancesLast - instancesFirst;
        }
    }

    static final List<String> COLUMNS =
            List.of("class", "instances_first", "bytes_first", "instances_last", "bytes_last");

    private ClassGrowth() {}

    /**
     * The {@code top} classes that grew most in bytes (then in instances) from {@code first} to
     * {@code last}; classes that did not grow are left out.
     */
    static List<Row> top(ClassHistogram first, ClassHistogram last, int top) {
        List<Row> grown = new ArrayList<>();
        for (Map.Entry<String, ClassHistogram.Entry> e : last.classes().entrySet()) {
            ClassHistogram.Entry before = first.get(e.getKey());
            Row row = new Row(
                    e.getKey(),
                    before.instances(),
                    before.bytes(),
                    e.getValue().instances(),
                    e.getValue().bytes());
            if (row.bytesDelta() > 0 || (row.bytesDelta() == 0 && row.instancesDelta() > 0)) {
                grown.add(row);
            }
        }
        grown.sort(Comparator.comparingLong(Row::bytesDelta)
                .reversed()
                .thenComparing(Comparator.comparingLong(Row::instancesDelta).reversed())
                .thenComparing(Row::className));
        return grown.size() > top ? List.copyOf(grown.subList(0, top)) : List.copyOf(grown);
    }

    /** Writes {@code rows} (header included, even when there are none) to {@code file}. */
    static void write(Path file, List<Row> rows) throws IOException {
        try (Writer csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Csv.printRecord(csv, COLUMNS);
            for (Row r : rows) {
                Csv.printRecord(
                        csv,
                        List.of(r.className(), r.instancesFirst(), r.bytesFirst(), r.instancesLast(), r.bytesLast()));
            }
        }
    }

    /** A short table for the console. */
    static String format(List<Row> rows) {
        if (rows.isEmpty()) {
            return "  (no class grew)";
        }
        StringBuilder sb = new StringBuilder(String.format("  %14s %12s  %s", "+bytes", "+instances", "class"));
        for (Row r : rows) {
            sb.append(System.lineSeparator())
                    .append(String.format("  %14d %12d  %s", r.bytesDelta(), r.instancesDelta(), r.className()));
        }
        return sb.toString();
    }
}
