package dev.leakbench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The end of a run in a few lines: how long it ran and why it ended, the load (closed or open
 * loop), throughput, latency percentiles over the measurement intervals, whether an open loop held
 * its rate, the heap after GC at the start and end of the measurement and its trend, and where the
 * files are. Printed and written to {@code summary.txt}.
 */
final class SoakSummary {

    private final RateSchedule schedule;
    private final Histogram measured = new Histogram(3);
    private long ops;
    private long measuredOps;
    private Duration elapsed = Duration.ZERO;
    private Duration measuredTime = Duration.ZERO;
    private int intervals;
    private int measuredIntervals;
    private long measuredStarts;
    private long measuredLate;
    private long measuredMaxLag;
    private int intervalsNotHeld;
    private long unissued;

    /** @param schedule the open loop's schedule, or null for a closed loop */
    SoakSummary(RateSchedule schedule) {
        this.schedule = schedule;
    }

    /** Adds an interval (before its histograms are recycled). */
    void add(IntervalSample s) {
        intervals++;
        ops += s.ops();
        elapsed = s.end();
        if (!s.warmup()) {
            measured.add(s.latency());
            measuredOps += s.ops();
            measuredTime = measuredTime.plus(s.end().minus(s.start()));
            measuredIntervals++;
            IntervalSample.Schedule sc = s.schedule();
            if (sc != null) {
                measuredStarts += sc.starts();
                measuredLate += sc.late();
                measuredMaxLag = Math.max(measuredMaxLag, sc.maxLagNanos());
                if (!sc.held()) {
                    intervalsNotHeld++;
                }
            }
        }
    }

    /** Starts that were due when the workers stopped but never issued ({@link RateSchedule#unissued()}). */
    void unissued(long count) {
        unissued = count;
    }

    /**
     * Whether the open loop held its rate over the measurement: at most 1% of the measured starts
     * late, counting the starts due but never issued at the stop as late; null for a closed loop.
     */
    Boolean rateHeld() {
        return schedule == null ? null : RateSchedule.held(measuredLate + unissued, measuredStarts + unissued);
    }

    /** The end-of-run warning when the open loop did not hold its rate, else null. */
    String rateWarning() {
        if (schedule == null || Boolean.TRUE.equals(rateHeld())) {
            return null;
        }
        return "# soak: WARNING rate " + schedule.rate() + " not held: " + lateDescription() + "; the target (or this "
                + "machine) cannot sustain the rate, and open-loop latency includes the wait. Lower --rate, or give the "
                + "load more threads or cores";
    }

    private String lateDescription() {
        return Units.count(measuredLate) + " of " + Units.count(measuredStarts) + " measured starts ("
                + String.format("%.1f%%", measuredStarts == 0 ? 0.0 : 100.0 * measuredLate / measuredStarts)
                + ") more than " + Units.latency(schedule.lateThresholdNanos()) + " behind schedule, at most "
                + Units.latency(measuredMaxLag) + " behind";
    }

    long ops() {
        return ops;
    }

    long measuredOps() {
        return measuredOps;
    }

    double measuredOpsPerSecond() {
        double s = measuredTime.toNanos() / 1e9;
        return s <= 0 ? Double.NaN : measuredOps / s;
    }

    /** Nanoseconds at {@code percentile} over the measurement intervals, NaN when none. */
    double measuredLatency(double percentile) {
        return measured.getTotalCount() == 0 ? Double.NaN : measured.getValueAtPercentile(percentile);
    }

    /**
     * @param end        how the run ended: "completed", "stopped by signal after ...", "failed: ..."
     * @param wrongAnswers checks that disagreed with the reference evaluator
     */
    List<String> lines(SoakOptions o, String end, HeapTrend trend, long wrongAnswers, List<Path> files) {
        List<String> l = new ArrayList<>();
        l.add("# soak summary: " + o.scenario().benchmark() + " target=" + o.target() + " threads=" + o.threads()
                + " fault=" + o.fault() + ("none".equals(o.fault()) ? "" : " faultEvery=" + o.faultEvery()));
        l.add("  ended:       " + end + " after " + SoakDuration.format(elapsed) + " of "
                + SoakDuration.format(o.duration()) + " (" + intervals + " intervals)");
        l.add("  operations:  " + Units.count(ops) + " in all, " + Units.count(measuredOps) + " measured, "
                + (Double.isNaN(measuredOpsPerSecond()) ? "n/a" : Units.count(measuredOpsPerSecond()))
                + " ops/s measured"
                + (schedule == null ? "" : " (--rate " + schedule.rate() + ")"));
        if (schedule == null) {
            l.add(
                    "  load:        closed loop (no --rate): operations back to back, latency is service time; a stall is "
                            + "one slow sample and the operations it delayed are not counted (--rate N/s counts them)");
        } else {
            l.add("  load:        open loop at " + schedule.rate() + " in all (" + SoakRate.format(schedule.perThread())
                    + " per thread, " + schedule.threads() + (schedule.threads() == 1 ? " thread" : " threads")
                    + "); latency from each operation's intended start");
        }
        if (measured.getTotalCount() > 0) {
            l.add("  latency:     p50 " + Units.latency(measuredLatency(50)) + "  p99 "
                    + Units.latency(measuredLatency(99))
                    + "  p99.9 " + Units.latency(measuredLatency(99.9)) + "  max "
                    + Units.latency(measured.getMaxValue())
                    + " (measurement intervals" + (schedule == null ? ", service time)" : ", from intended starts)"));
        } else {
            l.add("  latency:     no measurement interval completed");
        }
        if (schedule == null) {
            l.add("  rate held:   n/a (closed loop)");
        } else {
            String held = Boolean.TRUE.equals(rateHeld()) ? "yes" : "NO";
            StringBuilder b = new StringBuilder("  rate held:   " + held + ": " + lateDescription());
            b.append("; ")
                    .append(intervalsNotHeld)
                    .append(" of ")
                    .append(measuredIntervals)
                    .append(" measurement intervals did not hold it");
            if (unissued > 0) {
                b.append("; starts due but never issued when the run stopped: ").append(Units.count(unissued));
            }
            l.add(b.toString());
        }
        l.add("  heap after GC (measurement): first " + Units.bytes(trend.first()) + ", last "
                + Units.bytes(trend.last()) + ", min " + Units.bytes(trend.min()) + ", max " + Units.bytes(trend.max())
                + "; trend " + trend.describe());
        l.add("  answers:     "
                + (wrongAnswers == 0
                        ? "all checks agreed with the reference evaluator"
                        : wrongAnswers + " WRONG answers"));
        l.add("  files:       "
                + String.join(", ", files.stream().map(Path::toString).toList()));
        l.add("  verdict:     leakcheck findings " + SoakSeries.csv(o.out()));
        return l;
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
