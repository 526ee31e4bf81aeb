package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.detection.Detection;
import dev.leakbench.analysis.detection.DetectionReport;
import dev.leakbench.analysis.detection.DetectionSummary;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakcheck detection RUNS --out DIR}: the detection evaluation's table. */
@Command(
        name = "detection",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Tabulates a detection evaluation: for every run directory under RUNS (as "
                    + "scripts/evaluate-detection run leaves them: run.properties, jmh.json, the LeakProfiler series) the same "
                    + "findings analysis 'leakcheck findings' makes of that directory, reduced to one row: the verdict of the "
                    + "finding that represents the run, its slope against the fault's true rate (the slope of root.fault.<id>), "
                    + "and whether it names the fault's own root or class first. Prints the summary (Markdown): false positives "
                    + "per workload, recall per fault and leak rate, the smallest rate found, attribution accuracy, the targets.",
            "",
            "With --out, writes detection.csv (one row per run), summary.md and report.html (inline CSS and SVG, no "
                    + "scripts) into DIR.",
            "",
            "Exit codes: 0 the table was made (the evaluation's verdicts are data, not a failure); 2 bad input or usage "
                    + "(a run directory without run.properties, or a malformed one: the message names the file), or --out "
                    + "could not be written (the table is still printed)."
        })
final class DetectionCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "RUNS",
            description = "Directory of run directories (DIR/runs), or one run directory.")
    Path runs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write detection.csv, summary.md and report.html into DIR.")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Thresholds per benchmark, as for 'leakcheck findings --config' (default: the defaults).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to print when run by {@link FastPath} (without picocli, so without {@link #spec}). */
    PrintWriter stdout;

    PrintWriter stderr;

    @Override
    public Integer call() {
        PrintWriter print = stdout != null ? stdout : spec.commandLine().getOut();
        PrintWriter err = stderr != null ? stderr : spec.commandLine().getErr();
        String whyNotOut = Output.whyNotOutDir(out);
        if (whyNotOut != null) {
            if (spec == null) {
                throw new FastPath.Retry();
            }
            throw new CommandLine.ParameterException(spec.commandLine(), whyNotOut);
        }
        try {
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            DetectionSummary summary = Detection.evaluate(runs, cfg);
            DetectionReport report = new DetectionReport(summary);
            String md = report.markdown();
            print.print(md);
            print.flush();
            if (out != null) {
                String writeError = Output.write(
                        out,
                        List.of("detection.csv", "summary.md", "report.html"),
                        List.of(report::csv, () -> md, report::html),
                        err);
                if (writeError != null) {
                    err.println("leakcheck detection: " + writeError);
                    return ExitCodes.BAD_INPUT;
                }
            }
            return ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("leakcheck detection: bad input: " + e.describe());
            return ExitCodes.BAD_INPUT;
        }
    }
}
