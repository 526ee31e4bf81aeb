package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-benchmark thresholds from a small INI-like file:
 *
 * <pre>
 * # settings before any section apply to every benchmark
 * alpha = 0.01
 * [*CacheEvictionBenchmark*]            # a glob on the benchmark name
 * floor.heap.retained = 16MiB
 * [*StorageBenchmark* target=embedded-jdbc]   # and parameters that must match
 * floor.gauge.connections.active = 2
 * alloc.budget = 2KiB
 * </pre>
 *
 * Sections apply in file order, so later sections override earlier ones.
 */
public final class ThresholdConfig {
    private final Thresholds base;
    private final List<Section> sections;

    private record Section(Pattern glob, Map<String, String> params, List<String[]> settings) {
        boolean matches(SeriesKey key) {
            if (!glob.matcher(key.benchmark()).matches()
                    && !glob.matcher(key.shortName()).matches()) {
                return false;
            }
            for (Map.Entry<String, String> p : params.entrySet()) {
                // an empty value is the same as no such parameter (see Params)
                if (!p.getValue().equals(key.params().values().getOrDefault(p.getKey(), ""))) {
                    return false;
                }
            }
            return true;
        }
    }

    private ThresholdConfig(Thresholds base, List<Section> sections) {
        this.base = base;
        this.sections = sections;
    }

    /** The defaults, with no per-benchmark settings. */
    public static ThresholdConfig defaults() {
        return new ThresholdConfig(Thresholds.defaults(), List.of());
    }

    /**
     * Reads a config file; every problem names the file, line and setting.
     */
    public static ThresholdConfig read(Path file) throws BadInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(
                    file.toString(),
                    0,
                    null,
                    "cannot read config: "
                            + (Files.isDirectory(file) ? "is a directory, not a file" : IoErrors.reason(e, file)),
                    e);
        }
        Thresholds base = Thresholds.defaults();
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (int i = 0; i < lines.size(); i++) {
            long lineNo = i + 1;
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new BadInputException(file, lineNo, null, "a section header must end with ']'");
                }
                String[] parts = line.substring(1, line.length() - 1).strip().split("\\s+");
                if (parts.length == 0 || parts[0].isEmpty()) {
                    throw new BadInputException(file, lineNo, null, "empty section header: give a benchmark glob");
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (int p = 1; p < parts.length; p++) {
                    int eq = parts[p].indexOf('=');
                    if (eq <= 0) {
                        throw new BadInputException(file, lineNo, parts[p], "expected param=value after the glob");
                    }
                    params.put(parts[p].substring(0, eq), parts[p].substring(eq + 1));
                }
                current = new Section(glob(parts[0]), params, new ArrayList<>());
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(file, lineNo, null, "expected 'setting = value' or '[benchmark-glob]'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            try {
                Thresholds checked = base.with(key, value); // validates key and value
                if (current == null) {
                    base = checked;
                } else {
                    current.settings().add(new String[] {key, value});
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, lineNo, key, e.getMessage());
            }
        }
        return new ThresholdConfig(base, sections);
    }

    /** The thresholds that apply to a benchmark at a parameter set. */
    public Thresholds forKey(SeriesKey key) {
        Thresholds t = base;
        for (Section s : sections) {
            if (s.matches(key)) {
                for (String[] kv : s.settings()) {
                    t = t.with(kv[0], kv[1]);
                }
            }
        }
        return t;
    }

    /** The thresholds for a benchmark name without parameters. */
    public Thresholds forBenchmark(String benchmark) {
        return forKey(new SeriesKey(benchmark, Params.NONE));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
