package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.report.FindingsReport;
import dev.leakbench.analysis.trace.LeakTrace;
import dev.leakbench.analysis.trace.TraceFinder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakcheck trace --ops N1,N2[,N3] A.hprof B.hprof [C.hprof]}: a leak trace from dumps of one's own. */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Finds where a heap leak accumulates in two or three live heap dumps of one run (jcmd PID GC.heap_dump, "
                    + "or the LeakProfiler's trace=true): the path from a GC root to the object whose references grow "
                    + "from dump to dump, with the growth per million operations and the bytes added per operation.",
            "",
            "findings does this by itself for the dumps a LeakProfiler run indexes (NAME.dumps.csv); this command is "
                    + "for dumps taken by hand. It explains growth and does not judge it: exit 0 with or without a "
                    + "trace; 2 bad input or usage (a file that is not an hprof heap dump, operations that do not increase)."
        })
final class TraceCommand implements Callable<Integer> {
    @Parameters(arity = "2..3", paramLabel = "HPROF", description = "Two or three heap dumps, in the order taken.")
    List<Path> dumps;

    @Option(
            names = "--ops",
            required = true,
            split = ",",
            paramLabel = "N",
            description = "The operations (or any count of work, or seconds) done when each dump was taken, "
                    + "increasing, one per dump: e.g. --ops 1000000,5000000,9000000.")
    List<Double> ops;

    @Option(
            names = "--min-growth",
            paramLabel = "N",
            defaultValue = "16",
            description =
                    "Least growth in objects, first dump to last, for a path to count (default: ${DEFAULT-VALUE}).")
    int minGrowth;

    @Option(names = "--json", description = "Print the trace as findings.json's leakTrace object (null when none).")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (ops.size() != dumps.size()) {
            throw usage("--ops: one value per dump: " + dumps.size() + " dumps, " + ops.size() + " values");
        }
        if (minGrowth < 1) {
            throw usage("--min-growth: must be >= 1, was " + minGrowth);
        }
        double[] x = new double[ops.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ops.get(i);
            if (!Double.isFinite(x[i]) || x[i] < 0) {
                throw usage("--ops: must be finite and not negative, was " + ops.get(i));
            }
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw usage("--ops: must increase from dump to dump, was " + ops.get(i - 1) + " then " + ops.get(i));
            }
        }
        for (Path f : dumps) {
            if (!Files.isRegularFile(f)) {
                err.println("leakcheck trace: bad input: " + f + ": "
                        + (Files.exists(f) ? "not a regular file" : "no such file"));
                return ExitCodes.BAD_INPUT;
            }
        }
        List<TraceFinder.Snapshot> snapshots;
        try {
            snapshots = TraceFinder.Snapshot.readAll(dumps, new int[dumps.size()], x);
        } catch (TraceFinder.UnreadableDump e) {
            err.println("leakcheck trace: bad input: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        Optional<LeakTrace> trace = new TraceFinder(minGrowth).find(snapshots);
        if (json) {
            out.println(trace.map(FindingsReport::traceJson).orElse("null"));
        } else if (trace.isPresent()) {
            out.println(trace.get().line());
        } else {
            out.println(
                    "no leak trace: no path from a GC root gains " + minGrowth + " or more objects from dump to dump");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private RuntimeException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
