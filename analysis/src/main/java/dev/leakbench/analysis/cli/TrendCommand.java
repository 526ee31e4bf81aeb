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
        "Exit codes: 0 no regression; 1 a regression (even when writing --out failed); 2 bad input or usage (the "
            + "history is left untouched), or an --out that cannot be written."})
final class TrendCommand implements Callable<Integer> {
    /** Histories larger than this get a progress line on stderr. */
    private static final long PROGRESS_BYTES = 16L << 20;
    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/+-]{1,80}");

    @Option(names = "--history", required = true, paramLabel = "CSV", description = "The history file, e.g. results/history.csv (created when missing).")
    Path history;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Tonight's JMH JSON or CSV results.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = IsoDate.class,
        description = "The night to record (default: today, UTC).")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate night = date != null ? date : LocalDate.now(ZoneOffset.UTC);
        String sha = commit != null ? commit : firstNonBlank(System.getenv("GIT_COMMIT"), System.getenv("GITHUB_SHA"), "unknown");
        if (!COMMIT.matcher(sha).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--commit: not a commit id: '" + sha + "'");
        }
        Output.checkOutDir(spec.commandLine(), this.out);
        String unchanged = noAppend ? "" : " (history not changed)";
        try {
            String why = AtomicFiles.whyNotAFile(history);
            if (why != null) {
                throw new BadInputException(history, 0, null, why);
            }
            ThresholdConfig cfg = config == null ? ThresholdConfig.defaults() : ThresholdConfig.read(config);
            List<String> notes = new ArrayList<>();
            RunSet runs = files.isEmpty() ? null : Inputs.read(files);
            List<HistoryRow> rows = runs == null ? List.of() : TonightRows.of(runs, night, sha, notes);
            HistoryStore store = new HistoryStore(history);
            long size = Files.isRegularFile(history) ? Files.size(history) : 0;
            if (size > PROGRESS_BYTES) {
                err.println("reading and validating " + history + " (" + (size >> 20) + " MiB)...");
                err.flush();
            }
            dev.leakbench.analysis.trend.History h;
            if (noAppend) {
                h = store.read();
                rows.forEach(h::add);
            } else {
                HistoryStore.Appended a = store.append(rows);
                h = a.history();
                if (!a.removedTemporaries().isEmpty()) {
                    err.println("removed " + a.removedTemporaries().size() + " temporary files that interrupted appends "
                        + "had left beside " + history);
                }
                if (!a.skipped().isEmpty()) {
                    notes.add(a.skipped().size() + " rows already in the history for " + night + " and commit " + sha
                        + " were not appended again");
                }
                err.println("appended " + a.appended().size() + " rows to " + history + " (" + h.rows() + " rows)");
                unchanged = "";
            }
            List<TrendAnalyzer.SeriesTrend> trends = new TrendAnalyzer(cfg).analyze(h, night);
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
