package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Traces;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.io.IoErrors;
import dev.leakbench.analysis.report.FindingsReport;
import dev.leakbench.analysis.trace.TraceFinder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakcheck findings FILE...}. */
@Command(
        name = "findings",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fits retained heap and resource gauges against cumulative operations (Theil-Sen slope, "
                    + "Sen 95%% CI, Mann-Kendall trend, magnitude floor, persistence in the last part of the run) and gives "
                    + "each benchmark/parameter set a verdict: LEAK, SUSPECT, BOUNDED_GROWTH, STABLE or ALLOC_REGRESSION.",
            "",
            "FILEs are JMH JSON (-rf json, 1.37 or older), JMH CSV (-rf csv) and LeakProfiler series CSVs "
                    + "(with NAME.classes.csv beside them for class attribution); the format is recognised from the content.",
            "",
            "A LeakProfiler dumps index (NAME.dumps.csv, from trace=true) adds a leak trace to a heap or class-count "
                    + "LEAK or SUSPECT: the path from a GC root to the object whose references grow across the heap "
                    + "dumps. The dumps are deleted after reading unless the profiler ran with keepDumps=true.",
            "",
            "Exit codes: 0 no leak; 1 a LEAK (heap or resource gauge), or ALLOC_REGRESSION against --baseline or a "
                    + "configured alloc.budget, even when another problem follows; 2 bad input or usage (the message names "
                    + "file, line and field), including: no LeakProfiler series to judge and no bytes/op compared, a "
                    + "--baseline that matches no result, an --out that cannot be written."
        })
final class FindingsCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "JMH JSON, JMH CSV or LeakProfiler series CSV files.")
    List<Path> files;

    @Option(
            names = "--format",
            paramLabel = "FMT",
            defaultValue = "text",
            description = "What to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Also write findings.json, findings.md and report.html into DIR, and trace-targets.tsv: the "
                    + "benchmark/parameter sets with a heap LEAK or SUSPECT and no heap dumps to trace it (one per line, "
                    + "benchmark and k=v separated by tabs; scripts/leak-check runs them again with trace=true).")
    Path out;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description =
                    "An earlier JMH JSON/CSV: bytes/op above it by alloc.relative (10%%) and beyond the error bars "
                            + "is ALLOC_REGRESSION (exit 1).")
    Path baseline;

    @Option(
            names = "--heap",
            paramLabel = "SIZE",
            description = "Heap size for the time-to-exhaustion estimate, e.g. 4g, 512m.")
    String heap;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Thresholds per benchmark (INI-like; see README-formats.md). Settings: alpha, late.alpha, "
                    + "late.fraction, persist.ratio, noise.k, min.points, early.fraction, floor.<metric>, alloc.relative, "
                    + "alloc.absolute, alloc.budget, skip.")
    Path config;

    @Option(
            names = "--min-growth",
            paramLabel = "N",
            defaultValue = "16",
            description = "Leak trace: least growth in objects, first heap dump to last, for a path to count "
                    + "(default: ${DEFAULT-VALUE}).")
    int minGrowth = TraceFinder.DEFAULT_MIN_GROWTH;

    @Option(names = "--all", description = "Also show STABLE rows of gauges and allocation (JSON always has them).")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to print when run by {@link FastPath} (without picocli, so without {@link #spec}). */
    PrintWriter stdout;

    PrintWriter stderr;

    @Override
    public Integer call() {
        PrintWriter out = stdout != null ? stdout : spec.commandLine().getOut();
        PrintWriter err = stderr != null ? stderr : spec.commandLine().getErr();
        double heapBytes = Double.NaN;
        if (heap != null) {
            try {
                heapBytes = Quantities.parseBytes(heap);
            } catch (IllegalArgumentException e) {
                throw usage("--heap: " + e.getMessage());
            }
            if (!(heapBytes > 0)) {
                throw usage("--heap: must be > 0, was '" + heap + "'");
            }
        }
        String whyNotOut = Output.whyNotOutDir(this.out);
        if (whyNotOut != null) {
            throw usage(whyNotOut);
        }
        try {
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            RunSet base = baseline == null ? null : Inputs.read(List.of(baseline));
            RunSet runs = Inputs.read(files);
            if (minGrowth < 1) {
                throw usage("--min-growth: must be >= 1, was " + minGrowth);
            }
            FindingsAnalyzer.Result result = new FindingsAnalyzer(cfg, base, heapBytes).analyze(runs);
            Traces traces = new Traces(minGrowth, err);
            result = traces.attach(result, runs.dumps());
            String inputs = String.join(", ", files.stream().map(Path::toString).toList());
            boolean judged =
                    result.findings().stream().anyMatch(f -> !f.metric().equals(Metrics.ALLOC));
            long compared = result.findings().stream()
                    .filter(f ->
                            f.metric().equals(Metrics.ALLOC) && f.evidence().containsKey("baseline"))
                    .count();
            boolean budgeted = result.findings().stream()
                    .anyMatch(f ->
                            f.metric().equals(Metrics.ALLOC) && f.evidence().containsKey("budget"));
            boolean allSkipped = !runs.runs().isEmpty()
                    && runs.runs().stream().allMatch(r -> cfg.forKey(r.key()).skip());
            String unmatchedBaseline = baseline == null || compared > 0 ? null : unmatchedBaseline(runs, inputs);
            if (!judged && compared == 0 && !budgeted && !allSkipped) {
                // nothing that was asked can be answered: saying "0 findings" would pass a run that measured nothing
                throw new BadInputException(inputs, 0, null, noSeries(runs, unmatchedBaseline), null);
            }
            if (unmatchedBaseline != null) {
                result.notes().add(unmatchedBaseline);
            }
            FindingsReport report = new FindingsReport(result, all);
            Output.print(report, format, out);
            String writeError =
                    this.out == null ? null : Output.writeAll(report, this.out, "findings", "report.html", err);
            if (this.out != null && writeError == null) {
                writeError = writeTraceTargets(result, runs);
            }
            if (unmatchedBaseline != null) {
                err.println("leakcheck findings: bad input: " + unmatchedBaseline);
            }
            if (writeError != null) {
                err.println("leakcheck findings: " + writeError);
            }
            traces.unreadable().forEach(u -> err.println("leakcheck findings: bad input: " + u));
            if (result.fails()) {
                return ExitCodes.FINDING; // a leak is a leak, whatever else went wrong
            }
            return unmatchedBaseline != null
                            || writeError != null
                            || !traces.unreadable().isEmpty()
                    ? ExitCodes.BAD_INPUT
                    : ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("leakcheck findings: bad input: " + e.describe());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** The name of the list of benchmark/parameter sets whose leak wants a trace and has no dumps. */
    static final String TRACE_TARGETS = "trace-targets.tsv";

    /**
     * Writes {@value #TRACE_TARGETS} into --out: one line per benchmark and parameter set with a heap or
     * class-count LEAK or SUSPECT and no heap dumps given, {@code BENCHMARK<TAB>k=v<TAB>k=v...}, for
     * scripts/leak-check to run those again with trace=true; removes a stale one when there are none.
     */
    private String writeTraceTargets(FindingsAnalyzer.Result result, RunSet runs) {
        Set<SeriesKey> dumped = new HashSet<>();
        runs.dumps().forEach(d -> dumped.add(d.key()));
        StringBuilder sb = new StringBuilder();
        result.findings().stream()
                .filter(f -> f.wantsTrace() && f.leakTrace() == null && !dumped.contains(f.key()))
                .map(Finding::key)
                .distinct()
                .forEach(k -> {
                    sb.append(k.benchmark());
                    k.params()
                            .values()
                            .forEach((n, v) ->
                                    sb.append('\t').append(n).append('=').append(v));
                    sb.append('\n');
                });
        Path file = this.out.resolve(TRACE_TARGETS);
        try {
            if (sb.length() == 0) {
                Files.deleteIfExists(file);
            } else {
                AtomicFiles.write(file, sb.toString());
            }
            return null;
        } catch (IOException e) {
            return "cannot write " + file + ": " + IoErrors.reason(e);
        }
    }

    /** Why no benchmark has a series to judge, and what to do about it. */
    private String noSeries(RunSet runs, String unmatchedBaseline) {
        boolean fewIterations = runs.runs().stream().anyMatch(r -> !r.trials().isEmpty());
        boolean aggregatesOnly = runs.runs().stream()
                .anyMatch(r -> r.trials().isEmpty() && r.secondary().containsKey(Metrics.HEAP));
        String what;
        if (runs.runs().isEmpty()) {
            what = "no benchmark results (a NAME.classes.csv or NAME.class-counts.csv is read beside its series "
                    + "NAME.csv: give the series or the JMH JSON)";
        } else if (fewIterations) {
            what = "no LeakProfiler series with 2 or more measurement iterations for any benchmark "
                    + "(heap.retained per iteration); run more measurement iterations (-i; min.points, 6, to judge a trend)";
        } else if (aggregatesOnly) {
            what = "no LeakProfiler series (heap.retained per iteration) for any benchmark: JMH CSV holds aggregates "
                    + "only; give the JMH JSON or the LeakProfiler series CSVs";
        } else {
            what = "no LeakProfiler series (heap.retained per iteration) for any benchmark; "
                    + "run with -prof dev.leakbench.profile.LeakProfiler";
        }
        if (baseline == null) {
            return what + ", or give --baseline to compare bytes/op";
        }
        return what + "; and " + unmatchedBaseline;
    }

    /** Why --baseline compared nothing. */
    private String unmatchedBaseline(RunSet runs, String inputs) {
        if (runs.runs().stream().noneMatch(r -> r.secondary().containsKey(Metrics.ALLOC))) {
            return "no gc.alloc.rate.norm (bytes/op: run with -prof gc) in " + inputs + " to compare with the baseline "
                    + baseline;
        }
        return "the baseline " + baseline + " has no gc.alloc.rate.norm for any benchmark and parameters of " + inputs
                + "; bytes/op not compared";
    }

    /** A usage error: picocli's, or on the fast path a {@link FastPath.Retry}, so that picocli reports it. */
    private RuntimeException usage(String message) {
        if (spec == null) {
            return new FastPath.Retry();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
