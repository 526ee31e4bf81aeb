package dev.leakbench.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.profile.ProfilerException;

/**
 * The {@link LeakProfiler}'s options, parsed from its JMH init line:
 * {@code -prof dev.leakbench.profile.LeakProfiler:roots=false;histogram=true;dir=results/run1}.
 *
 * <p>Options are {@code name=value} pairs separated by {@code ;}. An unknown option or a bad value
 * is rejected with a {@link ProfilerException} that lists every valid option, which JMH prints
 * before any benchmark runs.
 *
 * @param dir where the series CSV and its companions are written
 * @param roots size the named roots of the registered {@link LeakProbe}s with JOL at every reading
 * @param histogram take a class histogram after every iteration (live instances and bytes per
 *     class, {@code NAME.class-counts.csv}) and report the classes that grew
 * @param top how many growing classes to report
 * @param maxGcRounds at most this many full GCs per iteration while waiting for the heap to
 *     stop shrinking
 * @param jfr record old-object samples with paths to GC roots and summarise the oldest
 *     surviving allocation sites (for long runs)
 * @param verbose print what the profiler itself costs in every iteration
 * @param dumps at the last reading (the start of the last measurement iteration, before any
 *     teardown), write a live heap dump (for Eclipse MAT) and the native memory tracking summary
 *     beside the series
 * @param trace take live heap dumps at measurement iterations 1, (N+1)/2 and N, indexed in
 *     {@code NAME.dumps.csv}, for {@code leakcheck findings}' leak trace
 * @param keepDumps keep the trace's hprof files after leakcheck has read them (it deletes them
 *     otherwise); needs {@code trace}
 */
public record LeakProfilerOptions(
        Path dir,
        boolean roots,
        boolean histogram,
        int top,
        int maxGcRounds,
        boolean jfr,
        boolean verbose,
        boolean dumps,
        boolean trace,
        boolean keepDumps) {

    /** Every option with its meaning and default, in the order the help lists them. */
    private static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put(
                "dir",
                "directory for the series CSV (default: the working directory, where JMH "
                        + "writes jmh-result.*; give the -rff directory to keep them together)");
        HELP.put(
                "roots",
                "true|false: size the roots of the registered LeakProbes with JOL at every reading "
                        + "(default true)");
        HELP.put(
                "histogram",
                "true|false: live instances and bytes of every class after every iteration "
                        + "(NAME.class-counts.csv), top growing classes to NAME.classes.csv (default true)");
        HELP.put("top", "how many growing classes to report (default 20)");
        HELP.put("maxGcRounds", "most full GCs per iteration while the heap still shrinks (default 10, at least 2)");
        HELP.put(
                "jfr",
                "true|false: JFR old-object sampling with paths to GC roots, summarised into the "
                        + "oldest surviving allocation sites; for long runs (default false)");
        HELP.put("verbose", "true|false: print the profiler's own cost per iteration (default false)");
        HELP.put(
                "dumps",
                "true|false: at the last reading write NAME.hprof (live heap dump) and "
                        + "NAME.nmt.txt (native memory summary, with -XX:NativeMemoryTracking=summary) (default false)");
        HELP.put(
                "trace",
                "true|false: live heap dumps at measurement iterations 1, (N+1)/2 and N (NAME.dump1.hprof ...), "
                        + "indexed in NAME.dumps.csv, for the leak trace of `leakcheck findings`; needs -i 2 or more, "
                        + "and disk for about twice the retained heap per dump (default false)");
        HELP.put(
                "keepDumps",
                "true|false: keep the trace's hprof files after leakcheck has read them (it deletes them "
                        + "otherwise); needs trace=true (default false)");
    }

    /** The options when the init line is empty. */
    public static LeakProfilerOptions defaults() {
        return new LeakProfilerOptions(Path.of("."), true, true, 20, 10, false, false, false, false, false);
    }

    /**
     * Parses an init line such as {@code roots=false;dir=out}; null or blank means defaults.
     *
     * @throws ProfilerException naming the bad option or value, with the list of valid options
     */
    public static LeakProfilerOptions parse(String initLine) throws ProfilerException {
        LeakProfilerOptions o = defaults();
        if (initLine == null || initLine.isBlank()) {
            return o;
        }
        Path dir = o.dir();
        boolean roots = o.roots();
        boolean histogram = o.histogram();
        int top = o.top();
        int maxGcRounds = o.maxGcRounds();
        boolean jfr = o.jfr();
        boolean verbose = o.verbose();
        boolean dumps = o.dumps();
        boolean trace = o.trace();
        boolean keepDumps = o.keepDumps();
        Set<String> seen = new java.util.HashSet<>();
        for (String part : initLine.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw error("expected name=value, found '" + part.strip() + "'");
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (!HELP.containsKey(name)) {
                throw error("unknown option '" + name + "'");
            }
            if (!seen.add(name)) {
                throw error("option '" + name + "' given twice");
            }
            switch (name) {
                case "dir" -> {
                    if (value.isEmpty()) {
                        throw error("dir must not be empty");
                    }
                    dir = Path.of(value);
                }
                case "roots" -> roots = bool(name, value);
                case "histogram" -> histogram = bool(name, value);
                case "top" -> top = positive(name, value, 1);
                case "maxGcRounds" -> maxGcRounds = positive(name, value, 2);
                case "jfr" -> jfr = bool(name, value);
                case "verbose" -> verbose = bool(name, value);
                case "dumps" -> dumps = bool(name, value);
                case "trace" -> trace = bool(name, value);
                case "keepDumps" -> keepDumps = bool(name, value);
                default -> throw new IllegalStateException("option without a parser: " + name);
            }
        }
        if (keepDumps && !trace) {
            throw error("keepDumps=true needs trace=true (it keeps the trace's heap dumps)");
        }
        return new LeakProfilerOptions(dir, roots, histogram, top, maxGcRounds, jfr, verbose, dumps, trace, keepDumps);
    }

    private static boolean bool(String name, String value) throws ProfilerException {
        // Boolean.parseBoolean would read a typo such as "flase" as false; be strict instead
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw error(name + " must be true or false, found '" + value + "'");
    }

    private static int positive(String name, String value, int min) throws ProfilerException {
        try {
            int v = Integer.parseInt(value);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw error(name + " must be an integer >= " + min + ", found '" + value + "'");
    }

    private static ProfilerException error(String problem) {
        StringBuilder sb = new StringBuilder("LeakProfiler: ")
                .append(problem)
                .append(". Valid options (name=value, separated by ';'):");
        HELP.forEach((k, v) -> sb.append(System.lineSeparator())
                .append("  ")
                .append(k)
                .append(": ")
                .append(v));
        return new ProfilerException(sb.toString());
    }
}
