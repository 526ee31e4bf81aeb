package dev.leakbench.analysis.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a top-growing-classes file: {@code class,instances_first,bytes_first,instances_last,bytes_last}.
 */
final class ClassesCsvReader {
    static final List<String> COLUMNS =
            List.of("class", "instances_first", "bytes_first", "instances_last", "bytes_last");

    private ClassesCsvReader() {}

    /** Reads the rows of a classes file. */
    static List<ClassGrowth> read(Path file) throws IOException, BadInputException {
        List<ClassGrowth> rows = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        try (CsvTable csv = CsvTable.open(file)) {
            csv.require(COLUMNS);
            for (CsvTable.Row row = csv.next(); row != null; row = csv.next()) {
                String name = row.required("class");
                Long prev = seen.put(name, row.line());
                if (prev != null) {
                    throw row.error("class", "duplicate row for " + name + " (also at line " + prev + ")");
                }
                rows.add(new ClassGrowth(
                        name,
                        row.count("instances_first"),
                        row.count("bytes_first"),
                        row.count("instances_last"),
                        row.count("bytes_last")));
            }
        }
        return rows;
    }
}
