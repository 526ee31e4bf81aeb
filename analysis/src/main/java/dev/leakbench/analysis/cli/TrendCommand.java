package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.io.IoErrors;
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
@Command(
        name = "trend",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Appends tonight's JMH results (date, commit, benchmark, params, metric, value, unit) to the "
                    + "history atomically, then compares every metric with the earlier nights: a change point with at least "
                    + "trend.min-side nights on each side, worse than the trailing trend.window nights by a Mann-Whitney test and "
                    + "by trend.relative in median. Direction comes from the unit: ops/s higher is better; */op, B, counts lower.",
            "",
            "Exit codes: 0 no regression; 1 a regression (even when writing --out failed); 2 bad input or usage (the "
                    + "history is left untouched), or an --out that cannot be written."
        })
final class TrendCommand implements Callable<Integer> {
    /** Histories larger than this get a progress line on stderr. */
    private static final long PROGRESS_BYTES = 16L << 20;

    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/+-]{1,80}");

    @Option(
            names = "--history",
            required = true,
            paramLabel = "CSV",
            description = "The history file, e.g. results/history.csv (created when missing).")
    Path history;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Tonight's JMH JSON or CSV results.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            converter = IsoDate.class,
            description = "The night to record (default: today, UTC).")
    LocalDate date;

    @Option(
            names = "--commit",
            paramLabel = "SHA",
            description = "The commit measured (default: $GIT_COMMIT, $GITHUB_SHA, else 'unknown').")
    String commit;

    @Option(
            names = "--format",
            paramLabel = "FMT",
            defaultValue = "text",
            description = "What to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Also write trend.json, trend.md and trend.html into DIR.")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Settings trend.window, trend.min-side, trend.max-recent, trend.relative, trend.alpha (per benchmark).")
    Path config;

    @Option(names = "--no-append", description = "Compare only; leave the history as it is.")
    boolean noAppend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to print when run by {@link FastPath} (without picocli, so without {@link #spec}). */
    PrintWriter stdout;

    PrintWriter stderr;

    @Override
    public Integer call() {
        PrintWriter out = stdout != null ? stdout : spec.commandLine().getOut();
        PrintWriter err = stderr != null ? stderr : spec.commandLine().getErr();
        LocalDate night = date != null ? date : LocalDate.now(ZoneOffset.UTC);
        String sha = commit != null
                ? commit
                : firstNonBlank(System.getenv("GIT_COMMIT"), System.getenv("GITHUB_SHA"), "unknown");
        if (!COMMIT.matcher(sha).matches()) {
            throw usage("--commit: not a commit id: '" + sha + "'");
        }
        String whyNotOut = Output.whyNotOutDir(this.out);
        if (whyNotOut != null) {
            throw usage(whyNotOut);
        }
        String unchanged = noAppend ? "" : " (history not changed)";
        try {
            String why = AtomicFiles.whyNotAFile(history);
            if (why != null) {
                throw new BadInputException(history, 0, null, why);
            }
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            List<String> notes = new ArrayList<>();
            HistoryStore store = new HistoryStore(history);
            // Tonight's files are read on another thread while the history is read and validated (the
            // two longest parts of a nightly run), when that cannot leave a trace a failing input file
            // would not have left: when only comparing, or once the lock file exists (an append makes
            // it). Whatever fails, a problem of tonight's files is the one reported, as if they had been
            // read first, and the history is then left as it was.
            FutureTask<List<HistoryRow>> tonight = new FutureTask<>(() -> {
                RunSet runs = files.isEmpty() ? null : Inputs.read(files);
                List<HistoryRow> rows = runs == null ? List.of() : TonightRows.of(runs, night, sha, notes);
                long size = Files.isRegularFile(history) ? Files.size(history) : 0;
                if (size > PROGRESS_BYTES) {
                    err.println("reading and validating " + history + " (" + (size >> 20) + " MiB)...");
                    err.flush();
                }
                return rows;
            });
            if (!files.isEmpty() && (noAppend || Files.exists(store.lockFile()))) {
                Thread t = new Thread(tonight, "leakcheck-tonight");
                t.setDaemon(true);
                t.start();
            } else {
                tonight.run();
                rows(tonight);
            }
            dev.leakbench.analysis.trend.History h;
            List<TrendAnalyzer.SeriesTrend> trends;
            try {
                if (noAppend) {
                    h = store.read();
                    rows(tonight).forEach(h::add);
                    trends = new TrendAnalyzer(cfg).analyze(h, night);
                } else {
                    // the comparison runs while the new history is written to disk
                    HistoryStore.AppendedWith<List<TrendAnalyzer.SeriesTrend>> aw =
                            store.append(() -> rows(tonight), hist -> new TrendAnalyzer(cfg).analyze(hist, night));
                    HistoryStore.Appended a = aw.appended();
                    h = a.history();
                    if (!a.removedTemporaries().isEmpty()) {
                        err.println("removed " + a.removedTemporaries().size()
                                + " temporary files that interrupted appends " + "had left beside " + history);
                    }
                    if (!a.skipped().isEmpty()) {
                        notes.add(a.skipped().size() + " rows already in the history for " + night + " and commit "
                                + sha + " were not appended again");
                    }
                    err.println("appended " + a.appended().size() + " rows to " + history + " (" + h.rows() + " rows)");
                    unchanged = "";
                    trends = aw.meanwhile();
                }
            } catch (BadInputException | IOException | RuntimeException e) {
                rows(tonight); // a problem of tonight's files comes first
                throw e;
            }
            TrendReport report = new TrendReport(trends, night, notes);
            Output.print(report, format, out);
            String writeError = this.out == null ? null : Output.writeAll(report, this.out, "trend", "trend.html", err);
            if (writeError != null) {
                err.println("leakcheck trend: " + writeError);
            }
            if (report.regressed()) {
                return ExitCodes.FINDING;
            }
            return writeError == null ? ExitCodes.OK : ExitCodes.BAD_INPUT;
        } catch (BadInputException e) {
            err.println("leakcheck trend: bad input: " + e.describe() + unchanged);
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("leakcheck trend: " + history + ": " + IoErrors.reason(e, history) + unchanged);
            return ExitCodes.BAD_INPUT;
        }
    }

    /** The rows made of tonight's files (waiting for them), or the exception that ended reading them. */
    private static List<HistoryRow> rows(FutureTask<List<HistoryRow>> task) throws BadInputException, IOException {
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
                    if (c instanceof IOException io) {
                        throw io;
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

    /** A usage error: picocli's, or on the fast path a {@link FastPath.Retry}, so that picocli reports it. */
    private RuntimeException usage(String message) {
        if (spec == null) {
            return new FastPath.Retry();
        }
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** --date: an ISO date, with a message that names the option and the format. */
    static final class IsoDate implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not an ISO date (YYYY-MM-DD): '" + value + "'");
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
}
