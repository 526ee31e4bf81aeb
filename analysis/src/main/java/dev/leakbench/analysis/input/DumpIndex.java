package dev.leakbench.analysis.input;

import dev.leakbench.vocabulary.DumpsFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A LeakProfiler dumps index {@code NAME.dumps.csv} ({@link DumpsFormat}): the live heap dumps one
 * trial took for its leak trace, in the order taken.
 *
 * @param file the index
 * @param key the trial's benchmark and parameters
 * @param keepDumps false: delete the hprof files once read
 * @param dumps the dumps, with strictly increasing operations
 */
public record DumpIndex(Path file, SeriesKey key, boolean keepDumps, List<Dump> dumps) {
    public DumpIndex {
        dumps = List.copyOf(dumps);
    }

    /**
     * One dump.
     *
     * @param number 1, 2, 3 in the order taken
     * @param iteration the measurement iteration it was taken with
     * @param ops cumulative operations at its reading
     * @param heapRetained retained heap at its reading, bytes
     * @param hprof the hprof file (resolved against the index's directory)
     */
    public record Dump(int number, int iteration, double ops, double heapRetained, Path hprof) {}

    /** Reads an index; every malformed line is refused with its file, line and column. */
    public static DumpIndex read(Path file) throws IOException, BadInputException {
        try (CsvTable csv = CsvTable.open(file)) {
            String first = csv.comment();
            boolean keep;
            try {
                keep = DumpsFormat.keepDumps(first == null ? "" : first);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, 1, null, e.getMessage());
            }
            csv.require(DumpsFormat.COLUMNS);
            SeriesKey key = null;
            List<Dump> dumps = new ArrayList<>();
            Path dir = file.toAbsolutePath().getParent();
            for (CsvTable.Row row = csv.next(); row != null; row = csv.next()) {
                String benchmark = row.required("benchmark");
                Params params;
                try {
                    params = Params.parse(row.text("params"));
                } catch (IllegalArgumentException e) {
                    throw row.error("params", e.getMessage());
                }
                SeriesKey k = new SeriesKey(benchmark, params);
                if (key != null && !key.equals(k)) {
                    throw row.error(
                            "benchmark",
                            "an index holds one trial's dumps; this row is for " + k + ", the first for " + key);
                }
                key = k;
                double ops = row.finite(DumpsFormat.COLUMNS.get(4));
                if (!dumps.isEmpty() && !(ops > dumps.get(dumps.size() - 1).ops())) {
                    throw row.error(
                            DumpsFormat.COLUMNS.get(4),
                            "must increase from dump to dump, was "
                                    + (long) dumps.get(dumps.size() - 1).ops() + " then " + (long) ops);
                }
                String name = row.required("file");
                Path hprof = dir.resolve(name);
                if (!hprof.getParent().equals(dir)) {
                    throw row.error("file", "must be a file name beside the index, was '" + name + "'");
                }
                dumps.add(new Dump(
                        (int) Math.min(Integer.MAX_VALUE, row.count("dump")),
                        (int) Math.min(Integer.MAX_VALUE, row.count("iteration")),
                        ops,
                        row.finite(DumpsFormat.COLUMNS.get(5)),
                        hprof));
            }
            if (key == null) {
                throw new BadInputException(file, csv.headerLine(), null, "no dumps listed");
            }
            return new DumpIndex(file, key, keep, dumps);
        }
    }
}
