package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.report.FindingsReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakcheck findings FILE...}. */
@Command(name = "findings", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Fits retained heap and resource gauges against cumulative operations (Theil-Sen slope, "
        + "Sen 95%% CI, Mann-Kendall trend, magnitude floor, persistence in the last part of the run) and gives "
        + "each benchmark/parameter set a verdict: LEAK, SUSPECT, BOUNDED_GROWTH, STABLE or ALLOC_REGRESSION.",
        "",
        "FILEs are JMH JSON (-rf json, 1.37 or older), JMH CSV (-rf csv) and LeakProfiler series CSVs "
            + "(with NAME.classes.csv beside them for class attribution); the format is recognised from the content.",
        "",
        "Exit codes: 0 no leak; 1 a LEAK (heap or resource gauge), or ALLOC_REGRESSION against --baseline or a "
            + "configured alloc.budget; 2 bad input or usage (the message names file, line and field)."})
final class FindingsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JMH JSON, JMH CSV or LeakProfiler series CSV files.")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text",
        description = "What to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Also write findings.json, findings.md and report.html into DIR.")
    Path out;

    @Option(names = "--baseline", paramLabel = "FILE",
        description = "An earlier JMH JSON/CSV: bytes/op above it by alloc.relative (10%%) and beyond the error bars "
            + "is ALLOC_REGRESSION (exit 1).")
    Path baseline;

    @Option(names = "--heap", paramLabel = "SIZE",
        description = "Heap size for the time-to-exhaustion estimate, e.g. 4g, 512m.")
    String heap;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Thresholds per benchmark (INI-like; see README-formats.md). Settings: alpha, late.alpha, "
            + "late.fraction, persist.ratio, noise.k, min.points, early.fraction, floor.<metric>, alloc.relative, "
            + "alloc.absolute, alloc.budget, skip.")
    Path config;

    @Option(names = "--all", description = "Also show STABLE rows of gauges and allocation (JSON always has them).")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to print when run by {@link FastPath} (without picocli, so without {@link #spec}). */
    PrintWriter stdout;
    PrintWriter stderr;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = stdout != null ? stdout : spec.commandLine().getOut();
        PrintWriter err = stderr != null ? stderr : spec.commandLine().getErr();
        try {
            double heapBytes = Double.NaN;
            if (heap != null) {
                try {
                    heapBytes = Quantities.parseBytes(heap);
                } catch (IllegalArgumentException e) {
                    throw usage("--heap: " + e.getMessage());
                }
            }
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            RunSet base = baseline == null ? null : Inputs.read(List.of(baseline));
            RunSet runs = Inputs.read(files);
            FindingsAnalyzer.Result result = new FindingsAnalyzer(cfg, base, heapBytes).analyze(runs);
            FindingsReport report = new FindingsReport(result, all);
            Output.print(report, format, out);
            if (this.out != null) {
                Output.writeAll(report, this.out, "findings", "report.html", err);
            }
            return result.fails() ? ExitCodes.FINDING : ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("leakcheck findings: bad input: " + e.describe());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** A usage error: picocli's, or on the fast path a {@link FastPath.Retry} so that picocli reports it. */
    private RuntimeException usage(String message) {
        if (spec == null) {
            return new FastPath.Retry();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
