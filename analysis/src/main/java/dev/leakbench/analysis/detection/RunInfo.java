package dev.leakbench.analysis.detection;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run's {@code run.properties}, written by {@code scripts/evaluate-detection run}:
 * {@code key=value} lines ({@code #} comments and blank lines allowed), keys
 * {@code benchmark} (the JMH class, e.g. {@code AuthorizationBenchmark}), {@code fault}
 * ({@code none} or a fault id), {@code faultEvery} (0 for {@code none}), {@code seed},
 * {@code length} ({@code quick} or {@code 5m}), optionally {@code opsPerLeak}, {@code started}, and
 * once the trial has ended {@code finished} and {@code exit} (the JMH process's exit code).
 *
 * @param dir the run directory
 * @param benchmark the benchmark class's simple name
 * @param fault the fault id or {@code none}
 * @param faultEvery one leak every this many target calls; 0 for {@code none}
 * @param opsPerLeak the nominal rate in benchmark operations per leak (optional key
 *     {@code opsPerLeak}; default {@code faultEvery})
 * @param seed the dataset seed
 * @param length the run length label
 * @param started when the trial started (as written), or null
 * @param finished when it ended, or null while it runs (or when it was interrupted)
 * @param exit the JMH exit code, or null while it runs
 */
public record RunInfo(
        Path dir,
        String benchmark,
        String fault,
        long faultEvery,
        long opsPerLeak,
        long seed,
        String length,
        String started,
        String finished,
        Integer exit) {
    /** The file name inside a run directory. */
    public static final String FILE = "run.properties";

    private static final List<String> REQUIRED = List.of("benchmark", "fault", "faultEvery", "seed", "length");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern BENCHMARK = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** True when the trial ended (a {@code finished} time and an exit code were written). */
    public boolean complete() {
        return finished != null && exit != null;
    }

    /** True for a clean run (no fault injected). */
    public boolean clean() {
        return fault.equals("none");
    }

    /**
     * Reads {@code dir/run.properties}.
     *
     * @throws BadInputException naming the file, line and key when it is missing or malformed
     */
    public static RunInfo read(Path dir) throws BadInputException {
        Path file = dir.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(
                    file,
                    0,
                    null,
                    "no such file: every run directory needs one " + "(written by scripts/evaluate-detection run)");
        } catch (IOException e) {
            throw new BadInputException(
                    file.toString(),
                    0,
                    null,
                    "cannot read: "
                            + (Files.isDirectory(file) ? "is a directory, not a file" : IoErrors.reason(e, file)),
                    e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0) {
                line = line.replace("\ufeff", "");
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(file, i + 1, null, "expected key=value, found '" + abbreviate(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw new BadInputException(file, i + 1, key, "not a key name");
            }
            if (values.put(key, value) != null) {
                throw new BadInputException(file, i + 1, key, "given twice");
            }
            lineOf.put(key, i + 1);
        }
        for (String k : REQUIRED) {
            if (!values.containsKey(k) || values.get(k).isEmpty()) {
                throw new BadInputException(file, 0, k, "missing (required: " + String.join(", ", REQUIRED) + ")");
            }
        }
        String benchmark = values.get("benchmark");
        if (!BENCHMARK.matcher(benchmark).matches()) {
            throw new BadInputException(
                    file,
                    lineOf.get("benchmark"),
                    "benchmark",
                    "not a benchmark class name: '" + abbreviate(benchmark) + "'");
        }
        String fault = token(file, lineOf, values, "fault");
        String length = token(file, lineOf, values, "length");
        long every = number(file, lineOf, values, "faultEvery", fault.equals("none") ? 0 : 1);
        long opsPerLeak = every;
        if (values.containsKey("opsPerLeak") && !values.get("opsPerLeak").isEmpty()) {
            opsPerLeak = number(file, lineOf, values, "opsPerLeak", 0);
        }
        long seed = number(file, lineOf, values, "seed", Long.MIN_VALUE);
        Integer exit = null;
        if (values.containsKey("exit") && !values.get("exit").isEmpty()) {
            exit = (int) number(file, lineOf, values, "exit", 0);
        }
        String started = emptyToNull(values.get("started"));
        String finished = emptyToNull(values.get("finished"));
        return new RunInfo(dir, benchmark, fault, every, opsPerLeak, seed, length, started, finished, exit);
    }

    private static String token(Path file, Map<String, Integer> lineOf, Map<String, String> values, String key)
            throws BadInputException {
        String v = values.get(key);
        if (!TOKEN.matcher(v).matches()) {
            throw new BadInputException(file, lineOf.get(key), key, "not a plain name: '" + abbreviate(v) + "'");
        }
        return v;
    }

    private static long number(Path file, Map<String, Integer> lineOf, Map<String, String> values, String key, long min)
            throws BadInputException {
        String v = values.get(key);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(file, lineOf.get(key), key, "not a whole number: '" + abbreviate(v) + "'");
        }
        if (n < min) {
            throw new BadInputException(file, lineOf.get(key), key, "must be >= " + min + ", was " + n);
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
