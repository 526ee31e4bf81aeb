package dev.leakbench.soak;

import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.fault.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a soak run was asked to do: the command-line options of {@link SoakRunner}, their defaults
 * and the checks that need more than one option ({@link #validate}).
 */
@Command(
        name = "soak",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Runs a workload against a target for a long time with N threads and records, every interval: "
                    + "throughput, HdrHistogram latency percentiles, the heap after the last GC (read, never forced), "
                    + "threads, file descriptors, RSS, direct buffers, metaspace and the target's gauges.",
            "",
            "Load: a closed loop unless --rate is given: each thread runs operations back to back and the latency "
                    + "is each one's service time, so a stall is one slow sample and the operations it delayed are "
                    + "not counted (coordinated omission). With --rate N/s, an open loop: operations start on a fixed "
                    + "schedule, N per second over all threads, and each one's latency is measured from its intended "
                    + "start, so a stall counts against every operation it held up; the run warns (stderr, summary.txt, "
                    + "samples.csv rate.held) when more than 1%% of the starts lagged the schedule.",
            "",
            "Writes into --out: samples.csv (one row per interval, flushed as written), latency.hlog (HdrHistogram "
                    + "interval log, HistogramLogProcessor reads it), series.csv (leakcheck's series format: "
                    + "`leakcheck findings series.csv`), summary.txt, and with --jfr recording.jfr + old-objects.txt.",
            "Ctrl-C or SIGTERM stops the run cleanly: the last interval, the summary and closed files.",
            "",
            "Exit codes: 0 completed or stopped; 1 the workload failed (wrong answer, exception); 2 bad usage."
        },
        footer = {
            "",
            "Examples:",
            "  java -cp benchmarks/target/benchmarks.jar dev.leakbench.soak.SoakRunner --scenario mixed --duration 24h",
            "  java -cp benchmarks/target/benchmarks.jar dev.leakbench.soak.SoakRunner --duration 1m "
                    + "--fault unbounded-cache --fault-every 10 --out /tmp/soak-fault",
            "  java -cp benchmarks/target/benchmarks.jar dev.leakbench.soak.SoakRunner --scenario authorization-stress "
                    + "--rate 5000/s --duration 2h"
        })
public final class SoakOptions {

    /** Runs this short or shorter sample every second by default; longer ones every 10 s. */
    static final Duration SHORT_RUN = Duration.ofMinutes(10);

    static final Duration MAX_DEFAULT_WARMUP = Duration.ofMinutes(5);

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            defaultValue = "mixed",
            converter = ScenarioConverter.class,
            description = "authorization-stress (100%% check) or mixed (70%% check, 20%% write, 10%% expand). "
                    + "Default: ${DEFAULT-VALUE}.")
    SoakScenario scenario;

    @Option(
            names = "--target",
            paramLabel = "NAME",
            defaultValue = "embedded",
            description =
                    "System under test: embedded, embedded-jdbc, jcasbin, jcasbin-cached or one on the class path. "
                            + "Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "Threads driving the workload. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "30s",
            converter = SoakDuration.class,
            description = "How long to run: 30s, 2h, 24h, 1h30m, ... Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "N/s",
            converter = SoakRate.Converter.class,
            description = "Open loop: start N operations per second in all, shared evenly by the threads (5000/s, "
                    + "5000, 2.5/s); latency from each operation's intended start. Default: none, a closed loop "
                    + "(back to back, latency is service time).")
    SoakRate rate;

    @Option(
            names = "--interval",
            paramLabel = "TIME",
            converter = SoakDuration.class,
            description = "Sampling interval. Default: 1s for runs up to 10m, else 10s.")
    Duration interval;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            converter = SoakDuration.class,
            description = "Intervals starting within this time are warmup rows in series.csv (plotted, not fitted). "
                    + "Default: 10%% of the duration, at most 5m.")
    Duration warmup;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output directory (created). Default: results/soak-<scenario>-<yyyyMMdd-HHmmss>.")
    Path out;

    @Option(
            names = "--fault",
            paramLabel = "NAME",
            defaultValue = "none",
            description = "Inject a known leak to prove detection: unbounded-cache, connection-leak, watch-leak, "
                    + "listener-leak, alloc-bloat, offheap-leak, mvcc-history. Default: ${DEFAULT-VALUE}.")
    String fault;

    @Option(
            names = "--fault-every",
            paramLabel = "N",
            defaultValue = "100",
            description = "One leak every N operations. Default: ${DEFAULT-VALUE}.")
    int faultEvery;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Dataset seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--documents",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Documents in the dataset (folders scale with it). Default: ${DEFAULT-VALUE}.")
    int documents;

    @Option(
            names = "--users",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Users in the dataset (groups scale with it). Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Churn tuples live at any time (mixed: the rolling write window). Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--expand-limit",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Most subjects an expand returns. Default: ${DEFAULT-VALUE}.")
    int expandLimit;

    @Option(
            names = "--target-option",
            paramLabel = "KEY=VALUE",
            description = "Target provider option, repeatable, e.g. --target-option cacheCapacity=1000.")
    Map<String, String> targetOptions = new LinkedHashMap<>();

    @Option(
            names = "--jfr",
            description = "Record JFR old-object samples for the whole run and summarise them at the end.")
    boolean jfr;

    @Option(names = "--quiet", description = "No progress line (the CSV files are still written every interval).")
    boolean quiet;

    /** Parses and validates; for tests and for {@link SoakRunner}. */
    public static SoakOptions parse(String... args) {
        SoakOptions o = new SoakOptions();
        CommandLine cl = new CommandLine(o);
        cl.parseArgs(args);
        o.validate(cl);
        return o;
    }

    /**
     * Fills the defaults that depend on other options and rejects combinations that cannot run.
     *
     * @throws CommandLine.ParameterException with a message that names the option
     */
    void validate(CommandLine cl) {
        if (interval == null) {
            interval = duration.compareTo(SHORT_RUN) <= 0 ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        }
        if (warmup == null) {
            Duration tenth = duration.dividedBy(10);
            warmup = tenth.compareTo(MAX_DEFAULT_WARMUP) > 0 ? MAX_DEFAULT_WARMUP : tenth;
        }
        if (out == null) {
            out = Path.of(
                    "results",
                    "soak-" + scenario.id() + "-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(cl, "--threads must be at least 1, was " + threads);
        }
        if (faultEvery < 1) {
            throw new CommandLine.ParameterException(cl, "--fault-every must be at least 1, was " + faultEvery);
        }
        if (interval.toMillis() < 50) {
            throw new CommandLine.ParameterException(
                    cl, "--interval must be at least 50ms, was " + SoakDuration.format(interval));
        }
        if (interval.compareTo(duration) > 0) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--interval " + SoakDuration.format(interval) + " is longer than --duration "
                            + SoakDuration.format(duration));
        }
        if (warmup.compareTo(duration) >= 0) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--warmup " + SoakDuration.format(warmup) + " leaves no measurement within --duration "
                            + SoakDuration.format(duration));
        }
        try {
            FaultKind.parse(fault);
            dataset();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    public SoakScenario scenario() {
        return scenario;
    }

    public String target() {
        return target;
    }

    public int threads() {
        return threads;
    }

    public Duration duration() {
        return duration;
    }

    public Duration interval() {
        return interval;
    }

    public Duration warmup() {
        return warmup;
    }

    /** The open loop's rate, or null for a closed loop (no {@code --rate}). */
    public SoakRate rate() {
        return rate;
    }

    /** Whether {@code --rate} was given. */
    public boolean openLoop() {
        return rate != null;
    }

    public Path out() {
        return out;
    }

    public String fault() {
        return fault;
    }

    public int faultEvery() {
        return faultEvery;
    }

    public int window() {
        return window;
    }

    public int expandLimit() {
        return expandLimit;
    }

    public Map<String, String> targetOptions() {
        return Map.copyOf(targetOptions);
    }

    public boolean jfr() {
        return jfr;
    }

    public boolean quiet() {
        return quiet;
    }

    public DatasetSpec dataset() {
        return DatasetSpec.sized(seed, documents, users);
    }

    /**
     * The series' parameters: what identifies this run among others of the same scenario
     * ({@code fault}, {@code faultEvery} when a fault is set, {@code rate} in an open loop,
     * {@code target}, {@code threads}).
     */
    public Map<String, String> seriesParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("target", target);
        p.put("threads", String.valueOf(threads));
        p.put("fault", fault);
        if (!"none".equals(fault)) {
            p.put("faultEvery", String.valueOf(faultEvery));
        }
        if (rate != null) {
            p.put(
                    "rate",
                    rate.perSecond() == Math.rint(rate.perSecond())
                            ? String.valueOf((long) rate.perSecond())
                            : String.valueOf(rate.perSecond()));
        }
        return p;
    }

    /** Converts {@code --scenario} names, listing the known ones on a typo. */
    static final class ScenarioConverter implements CommandLine.ITypeConverter<SoakScenario> {
        @Override
        public SoakScenario convert(String value) {
            try {
                return SoakScenario.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
