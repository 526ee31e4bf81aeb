package dev.leakbench.soak;

import dev.leakbench.profile.HeapAfterGc;
import dev.leakbench.profile.JfrLeakRecorder;
import dev.leakbench.profile.ProcessResources;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.TrialSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * One soak run: sets up the scenario on the target through the shared {@link TrialFixture}, drives
 * it with {@link SoakWorkers} for the duration (a closed loop, or with {@code --rate} an open loop on
 * a {@link RateSchedule}; docs/soak-latency.md), and at every interval writes a sample row, a
 * latency-log line and a series row and prints the progress line. {@link #requestStop()} (the
 * shutdown hook on Ctrl-C / SIGTERM, or a test) ends it early the same way the clock does: the
 * partial last interval is recorded, the summary written, every file closed.
 */
public final class SoakRun {

    /** How a run ended. */
    public enum Outcome {
        COMPLETED,
        STOPPED,
        FAILED
    }

    /**
     * @param summary the summary lines as printed
     */
    public record Result(
            Outcome outcome,
            long operations,
            long wrongAnswers,
            Path samples,
            Path latencyLog,
            Path series,
            Path summaryFile,
            List<String> summary) {}

    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);
    /** At most one "rate not held" warning per this much run time on stderr; the summary has the totals. */
    private static final Duration RATE_WARNING_EVERY = Duration.ofMinutes(1);

    private final SoakOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private Duration lastRateWarning;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A run whose warnings for stderr go to {@code System.err}. */
    public SoakRun(SoakOptions options, PrintStream out) {
        this(options, out, System.err);
    }

    /**
     * @param out progress, configuration and summary
     * @param err the warnings that must not be missed in a log of progress lines (an open loop not holding its rate)
     */
    public SoakRun(SoakOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Ends the run at the next moment the sampler wakes (at once): it then finishes as if its time were up. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** Waits until {@link #run()} has written the summary and closed its files (or failed). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Result run() throws IOException, InterruptedException {
        try {
            return runToEnd();
        } finally {
            finished.countDown();
        }
    }

    private Result runToEnd() throws IOException, InterruptedException {
        Files.createDirectories(options.out());
        HeapAfterGc heap;
        try {
            heap = HeapAfterGc.forThisJvm();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the soak runner: " + e.getMessage(), e);
        }
        SoakConfiguration.lines(options, heap.collectorNames()).forEach(out::println);
        SoakConfiguration.warnIfOversubscribed(options);
        SoakConfiguration.warnings(options).forEach(out::println);

        Path samplesFile = options.out().resolve("samples.csv");
        Path hlogFile = options.out().resolve("latency.hlog");
        Path seriesFile = SoakSeries.csv(options.out());
        Path summaryFile = options.out().resolve("summary.txt");
        List<Path> files = new ArrayList<>(List.of(samplesFile, hlogFile, seriesFile, summaryFile));

        TrialSpec spec = new TrialSpec(
                options.scenario().kind(),
                options.target(),
                options.fault(),
                options.faultEvery(),
                options.dataset(),
                options.targetOptions());
        try (TrialFixture fixture = TrialFixture.open(spec)) {
            SoakScenario.Load load = options.scenario().open(fixture, options.window(), options.expandLimit());
            // one full GC before the load: setup garbage goes and the first reading exists; none after this
            System.gc();

            Recorder recorder = new Recorder(3);
            RateSchedule schedule = options.openLoop() ? new RateSchedule(options.rate(), options.threads()) : null;
            IntervalSampler sampler = new IntervalSampler(
                    recorder,
                    schedule,
                    heap,
                    ProcessResources.forThisProcess(),
                    fixture.target().gauges(),
                    options.warmup());
            HeapTrend trend = new HeapTrend();
            SoakSummary summary = new SoakSummary(schedule);
            ProgressLine progress = new ProgressLine(options.duration());
            String end;
            Outcome outcome;
            JfrLeakRecorder jfr = null;
            long startMillis = System.currentTimeMillis();
            try (SampleCsvWriter samples = new SampleCsvWriter(samplesFile, sampler.metricNames());
                    LatencyLog hlog = new LatencyLog(
                            hlogFile,
                            startMillis,
                            options.scenario().benchmark() + " "
                                    + options.seriesParams() + ", latency in nanoseconds, "
                                    + (schedule == null
                                            ? "service time (closed loop)"
                                            : "from each operation's intended start (open loop at " + schedule.rate()
                                                    + ")"));
                    SoakSeries series = new SoakSeries(
                            options.out(),
                            options.scenario().benchmark(),
                            options.seriesParams(),
                            sampler.metricNames())) {
                if (options.jfr()) {
                    jfr = JfrLeakRecorder.start();
                }
                SoakWorkers workers = new SoakWorkers(load, recorder, schedule, this::requestStop);
                long start = System.nanoTime();
                sampler.start(start);
                workers.start(options.threads());
                out.println("# soak: started; progress every " + SoakDuration.format(options.interval())
                        + " (Ctrl-C stops cleanly)");

                long intervalNanos = options.interval().toNanos();
                long endNanos = start + options.duration().toNanos();
                long next = start + intervalNanos;
                boolean stopped = false;
                while (true) {
                    long due = Math.min(next, endNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0 && stopRequested.await(wait, TimeUnit.NANOSECONDS)) {
                        stopped = true;
                        break;
                    }
                    if (due == endNanos) {
                        break;
                    }
                    record(sampler.sample(System.nanoTime()), samples, hlog, series, trend, summary, progress);
                    next += intervalNanos;
                    if (next < System.nanoTime()) { // the sampler fell behind (a long pause): resume the schedule
                        out.println("# soak: WARNING sampling fell behind by more than one interval; skipping ahead");
                        next = System.nanoTime() + intervalNanos;
                    }
                }
                List<String> stuck = workers.stopAndJoin(WORKER_GRACE);
                if (schedule != null) {
                    summary.unissued(schedule.unissued());
                }
                IntervalSample last = sampler.sample(System.nanoTime());
                if (last.ops() > 0 || !last.end().equals(last.start())) {
                    record(last, samples, hlog, series, trend, summary, progress);
                }
                if (!stuck.isEmpty()) {
                    out.println("# soak: WARNING workers still in an operation after "
                            + SoakDuration.format(WORKER_GRACE) + ": " + stuck);
                }
                Throwable failure = workers.failure();
                if (failure != null) {
                    outcome = Outcome.FAILED;
                    end = "failed: " + failure;
                } else if (stopped) {
                    outcome = Outcome.STOPPED;
                    end = "stopped on request";
                } else {
                    outcome = Outcome.COMPLETED;
                    end = "completed";
                }
            } finally {
                if (jfr != null) {
                    Path jfrFile = options.out().resolve("recording.jfr");
                    Path oldObjects = options.out().resolve("old-objects.txt");
                    jfr.stopAndReport(jfrFile, oldObjects, out::println);
                    files.add(jfrFile);
                    files.add(oldObjects);
                }
            }
            long wrong = load.wrongAnswers();
            if (wrong > 0 && outcome != Outcome.FAILED) {
                outcome = Outcome.FAILED;
                try {
                    load.verify();
                } catch (IllegalStateException e) {
                    end = "failed: " + e.getMessage();
                }
            }
            List<String> lines = summary.lines(options, end, trend, wrong, files);
            SoakSummary.write(summaryFile, lines);
            lines.forEach(out::println);
            out.flush();
            String rateWarning = summary.rateWarning();
            if (rateWarning != null) {
                err.println(rateWarning);
                err.flush();
            }
            return new Result(outcome, summary.ops(), wrong, samplesFile, hlogFile, seriesFile, summaryFile, lines);
        }
    }

    private void record(
            IntervalSample s,
            SampleCsvWriter samples,
            LatencyLog hlog,
            SoakSeries series,
            HeapTrend trend,
            SoakSummary summary,
            ProgressLine progress)
            throws IOException {
        warnIfRateNotHeld(s);
        samples.append(s);
        hlog.append(s.latency());
        series.append(s);
        trend.add(s);
        summary.add(s);
        if (!options.quiet()) {
            out.println(progress.format(s, trend));
        }
    }

    /** An open-loop interval with more than 1% of its starts late: a line on stderr, at most one a minute. */
    private void warnIfRateNotHeld(IntervalSample s) {
        IntervalSample.Schedule sc = s.schedule();
        if (sc == null || sc.held()) {
            return;
        }
        if (lastRateWarning != null && s.end().minus(lastRateWarning).compareTo(RATE_WARNING_EVERY) < 0) {
            return;
        }
        lastRateWarning = s.end();
        err.println("# soak: WARNING rate " + options.rate() + " not held in the interval ending "
                + SoakDuration.clock(s.end()) + " (" + s.phase() + "): " + Units.count(sc.late()) + " of "
                + Units.count(sc.starts()) + " starts more than "
                + Units.latency(sc.lateThresholdNanos()) + " behind schedule, up to " + Units.latency(sc.maxLagNanos())
                + " behind; their latency counts the wait"
                + " (at most one such warning a minute; totals in the summary)");
        err.flush();
    }
}
