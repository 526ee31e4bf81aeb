package dev.leakbench.analysis.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a LeakProfiler class-counts file, {@code iteration,phase,class,instances,bytes} (see
 * README-formats.md): every class at the first iteration written, afterwards only the classes
 * whose count or bytes changed; a class absent from a complete first snapshot had none.
 */
final class ClassCountsCsvReader {
    static final List<String> COLUMNS = List.of("iteration", "phase", "class", "instances", "bytes");

    private ClassCountsCsvReader() {
    }

    /**
     * Reads {@code file} against the iterations of its series.
     *
     * @param iterations the series' iterations in order, as {@code phase#iteration}
     */
    static ClassCounts read(Path file, List<String> iterations) throws IOException, BadInputException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < iterations.size(); i++) {
            index.put(iterations.get(i), i);
        }
        int n = iterations.size();
        // per class: its value from each iteration it was written at on (carried forward below)
        Map<String, long[][]> written = new LinkedHashMap<>();
        Set<String> inIteration = new HashSet<>();
        int first = -1;
        int current = -1;
        try (CsvTable csv = CsvTable.open(file)) {
            csv.require(COLUMNS);
            for (CsvTable.Row row = csv.next(); row != null; row = csv.next()) {
                String phase = row.required("phase");
                if (!phase.equals("warmup") && !phase.equals("measurement")) {
                    throw row.error("phase", "must be 'warmup' or 'measurement', found '" + phase + "'");
                }
                long iteration = row.count("iteration");
                Integer at = index.get(phase + "#" + iteration);
                if (at == null) {
                    throw row.error("iteration", phase + " iteration " + iteration + " is not in the series "
                        + "this file belongs to");
                }
                if (at < current) {
                    throw row.error("iteration", "iterations must not go back (" + phase + " " + iteration
                        + " after a later one)");
                }
                if (at != current) {
                    current = at;
                    inIteration.clear();
                    if (first < 0) {
                        first = at;
                    }
                }
                String name = row.required("class");
                if (!inIteration.add(name)) {
                    throw row.error("class", "a second row for " + name + " in " + phase + " iteration " + iteration);
                }
                long instances = row.count("instances");
                long bytes = row.count("bytes");
                if (instances == 0 && bytes != 0) {
                    throw row.error("bytes", "bytes without instances");
                }
                long[][] series = written.computeIfAbsent(name, k -> newSeries(n));
                series[0][at] = instances;
                series[1][at] = bytes;
            }
        }
        if (first < 0) {
            throw new BadInputException(file, 1, null, "no class rows after the header");
        }
        Map<String, long[]> instances = new HashMap<>();
        Map<String, long[]> bytes = new HashMap<>();
        for (Map.Entry<String, long[][]> e : written.entrySet()) {
            long[][] s = e.getValue();
            // before its first row a class had none (the first iteration lists every class), unless it
            // is the first iteration itself; then carry each value forward to the next row
            long inst = 0;
            long b = 0;
            boolean changed = false;
            long firstSeen = Long.MIN_VALUE;
            for (int i = first; i < n; i++) {
                if (s[0][i] >= 0) {
                    inst = s[0][i];
                    b = s[1][i];
                }
                s[0][i] = inst;
                s[1][i] = b;
                if (firstSeen == Long.MIN_VALUE) {
                    firstSeen = inst;
                } else if (inst != firstSeen) {
                    changed = true;
                }
            }
            if (changed) {
                instances.put(e.getKey(), s[0]);
                bytes.put(e.getKey(), s[1]);
            }
        }
        return new ClassCounts(written.size(), instances, bytes);
    }

    private static long[][] newSeries(int n) {
        long[][] s = new long[2][n];
        Arrays.fill(s[0], -1);
        Arrays.fill(s[1], -1);
        return s;
    }
}
