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

    private ClassCountsCsvReader() {}

    /** The iterations of the series a class-counts file belongs to, in order, warmup first. */
    interface Iterations {
        /** How many iterations the series has. */
        int size();

        /** The position of an iteration in the series, or -1 when the series has no such iteration. */
        int indexOf(boolean warmup, long iteration);
    }

    /**
     * Reads {@code file} against the iterations of its series. Memory: the classes' first values,
     * and a value per iteration only for a class written more than once (that is, one that changed).
     */
    static ClassCounts read(Path file, Iterations iterations) throws IOException, BadInputException {
        int n = iterations.size();
        // per class: its value from each iteration it was written at on (carried forward below)
        Map<String, Written> written = new LinkedHashMap<>();
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
                int at = iterations.indexOf(phase.equals("warmup"), iteration);
                if (at < 0) {
                    throw row.error(
                            "iteration",
                            phase + " iteration " + iteration + " is not in the series " + "this file belongs to");
                }
                if (at < current) {
                    throw row.error(
                            "iteration",
                            "iterations must not go back (" + phase + " " + iteration + " after a later one)");
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
                written.computeIfAbsent(name, k -> new Written()).put(at, instances, bytes, n);
            }
        }
        if (first < 0) {
            throw new BadInputException(file, 1, null, "no class rows after the header");
        }
        Map<String, long[]> instances = new HashMap<>();
        Map<String, long[]> bytes = new HashMap<>();
        for (Map.Entry<String, Written> e : written.entrySet()) {
            Written w = e.getValue();
            // written once: it changed only if it first appeared after the first snapshot (having had
            // none), with instances
            if (w.instances == null && (w.firstAt == first || w.firstInstances == 0)) {
                continue;
            }
            long[][] s = w.series(n);
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
            e.setValue(null);
        }
        return new ClassCounts(written.size(), instances, bytes);
    }

    /**
     * What the file wrote of one class: its first row, and once it is written again (it changed),
     * its values at every iteration, -1 where it was not written.
     */
    private static final class Written {
        int firstAt = -1;
        long firstInstances;
        long firstBytes;
        long[] instances;
        long[] bytes;

        void put(int at, long inst, long b, int n) {
            if (firstAt < 0) {
                firstAt = at;
                firstInstances = inst;
                firstBytes = b;
                return;
            }
            if (instances == null) {
                long[][] s = series(n);
                instances = s[0];
                bytes = s[1];
            }
            instances[at] = inst;
            bytes[at] = b;
        }

        /** Instances and bytes per iteration, -1 where not written. */
        long[][] series(int n) {
            if (instances != null) {
                return new long[][] {instances, bytes};
            }
            long[][] s = new long[2][n];
            Arrays.fill(s[0], -1);
            Arrays.fill(s[1], -1);
            s[0][firstAt] = firstInstances;
            s[1][firstAt] = firstBytes;
            return s;
        }
    }
}
