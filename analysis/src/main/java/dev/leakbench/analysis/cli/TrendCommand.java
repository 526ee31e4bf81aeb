package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.report.TrendReport;
import dev.leakbench.analysis.trend.HistoryRow;
import dev.leakbench.analysis.trend.HistoryStore;
import dev.leakbench.analysis.trend.TonightRows;
import dev.leakbench.analysis.trend.TrendAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leakcheck trend --history results/history.csv FILE...}. */
@Command(name = "trend", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Appends tonight's JMH results (date, commit, benchmark, params, metric, value, unit) to the "
        + "history atomically, then compares every metric with the earlier nights: a change point with at least "
        + "trend.min-side nights on each side, worse than the trailing trend.window nights by a Mann-Whitney test and "
        + "by trend.relative in median. Direction comes from the unit: ops/s higher is better; */op, B, counts lower.",
        "",
        "Exit codes: 0 no regression; 1 a regression; 2 bad input or usage (the history is left untouched)."})
final class TrendCommand implements Callable<Integer> {
    /** Histories larger than this get a progress line on stderr. */
    private static final long PROGRESS_BYTES = 16L << 20;
    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/+-]{1,80}");

    @Option(names = "--history", required = true, paramLabel = "CSV", description = "The history file, e.g. results/history.csv (created when missing).")
    Path history;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Tonight's JMH JSON or CSV results.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The night to record (default: today, UTC).")
    LocalDate date;

    @Option(names = "--commit", paramLabel = "SHA",
        description = "The commit measured (default: $GIT_COMMIT, $GITHUB_SHA, else 'unknown').")
    String commit;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text",
        description = "What to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write trend.json, trend.md and trend.html into DIR.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Settings trend.window, trend.min-side, trend.max-recent, trend.relative, trend.alpha (per benchmark).")
    Path config;

    @Option(names = "--no-append", description = "Compare only; leave the history as it is.")
    boolean noAppend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to print when run by {@link FastPath} (without picocli, so without {@link #spec}). */
    PrintWriter stdout;
    PrintWriter stderr;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = stdout != null ? stdout : spec.commandLine().getOut();
        PrintWriter err = stderr != null ? stderr : spec.commandLine().getErr();
        LocalDate night = date != null ? date : LocalDate.now(ZoneOffset.UTC);
        String sha = commit != null ? commit : firstNonBlank(System.getenv("GIT_COMMIT"), System.getenv("GITHUB_SHA"), "unknown");
        if (!COMMIT.matcher(sha).matches()) {
            throw usage("--commit: not a commit id: '" + sha + "'");
        }
        try {
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            HistoryStore store = new HistoryStore(history);
            // tonight's files are read on another thread while the history is read and validated (the
            // two longest parts of a nightly run); their errors come first, as if they had been read
            // first. When appending, only once the lock file exists: a bad input file then leaves no
            // trace at all, as before.
            boolean overlap = !files.isEmpty() && (noAppend || Files.exists(store.lockFile()));
            FutureTask<Tonight> tonight = new FutureTask<>(() -> tonight(night, sha));
            if (overlap) {
                Thread t = new Thread(tonight, "leakcheck-tonight");
                t.setDaemon(true);
                t.start();
            } else {
                tonight.run();
                rows(tonight);
            }
            long size = Files.isRegularFile(history) ? Files.size(history) : 0;
            if (size > PROGRESS_BYTES) {
                err.println("reading and validating " + history + " (" + (size >> 20) + " MiB)...");
                err.flush();
            }
            dev.leakbench.analysis.trend.History h;
            List<TrendAnalyzer.SeriesTrend> trends;
            List<String> notes;
            try {
                if (noAppend) {
                    h = store.read();
                    Tonight t = rows(tonight);
                    notes = t.notes();
                    t.rows().forEach(h::add);
                    trends = new TrendAnalyzer(cfg).analyze(h, night);
                } else {
                    // the comparison runs while the new history is written to disk
                    HistoryStore.AppendedWith<List<TrendAnalyzer.SeriesTrend>> aw = store.append(() -> rows(tonight).rows(),
                        hist -> new TrendAnalyzer(cfg).analyze(hist, night));
                    HistoryStore.Appended a = aw.appended();
                    h = a.history();
                    trends = aw.meanwhile();
                    notes = rows(tonight).notes();
                    if (!a.skipped().isEmpty()) {
                        notes.add(a.skipped().size() + " rows already in the history for " + night + " and commit " + sha
                            + " were not appended again");
                    }
                    err.println("appended " + a.appended().size() + " rows to " + history + " (" + h.rows() + " rows)");
                }
            } catch (BadInputException e) {
                rows(tonight); // a bad input file is reported before a bad history
                throw e;
            }
            TrendReport report = new TrendReport(trends, night, notes);
            Output.print(report, format, out);
            if (this.out != null) {
                Output.writeAll(report, this.out, "trend", "trend.html", err);
            }
            return report.regressed() ? ExitCodes.FINDING : ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("leakcheck trend: bad input: " + e.describe() + (noAppend ? "" : " (history not changed)"));
            return ExitCodes.BAD_INPUT;
        }
    }

    /** Tonight's rows and the notes on what was left out. */
    private record Tonight(List<HistoryRow> rows, List<String> notes) {
    }

    private Tonight tonight(LocalDate night, String sha) throws BadInputException {
        List<String> notes = new ArrayList<>();
        RunSet runs = files.isEmpty() ? null : Inputs.read(files);
        List<HistoryRow> rows = runs == null ? List.of() : TonightRows.of(runs, night, sha, notes);
        return new Tonight(rows, notes);
    }

    /** The finished result of reading tonight's files (waiting for it), its exception rethrown. */
    private static Tonight rows(FutureTask<Tonight> task) throws BadInputException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof BadInputException b) {
                        throw b;
                    }
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error x) {
                        throw x;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "unknown";
    }

    /** A usage error: picocli's, or on the fast path a {@link FastPath.Retry} so that picocli reports it. */
    private RuntimeException usage(String message) {
        if (spec == null) {
            return new FastPath.Retry();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
