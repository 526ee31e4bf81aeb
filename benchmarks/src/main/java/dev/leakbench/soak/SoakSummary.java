package dev.leakbench.soak;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a run in a few lines: how long it ran and why it ended, throughput, latency
 * percentiles over the measurement intervals, the heap after GC at the start and end of the
 * measurement and its trend, and where the files are. Printed and written to {@code summary.txt}.
 */
final class SoakSummary {

    private final Histogram measured = new Histogram(3);
    private long ops;
    private long measuredOps;
    private Duration elapsed = Duration.ZERO;
    private Duration measuredTime = Duration.ZERO;
    private int intervals;

    /** Adds an interval (before its histogram is recycled). */
    void add(IntervalSample s) {
        intervals++;
        ops += s.ops();
        elapsed = s.end();
        if (!s.warmup()) {
            measured.add(s.latency());
            measuredOps += s.ops();
            measuredTime = measuredTime.plus(s.end().minus(s.start()));
        }
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
        l.add("  ended:       " + end + " after " + SoakDuration.format(elapsed) + " of " + SoakDuration.format(o.duration())
                + " (" + intervals + " intervals)");
        l.add("  operations:  " + Units.count(ops) + " in all, " + Units.count(measuredOps) + " measured, "
                + (Double.isNaN(measuredOpsPerSecond()) ? "n/a" : Units.count(measuredOpsPerSecond())) + " ops/s measured");
        if (measured.getTotalCount() > 0) {
            l.add("  latency:     p50 " + Units.latency(measuredLatency(50)) + "  p99 " + Units.latency(measuredLatency(99))
                    + "  p99.9 " + Units.latency(measuredLatency(99.9)) + "  max " + Units.latency(measured.getMaxValue())
                    + " (measurement intervals)");
        } else {
            l.add("  latency:     no measurement interval completed");
        }
        l.add("  heap after GC (measurement): first " + Units.bytes(trend.first()) + ", last " + Units.bytes(trend.last())
                + ", min " + Units.bytes(trend.min()) + ", max " + Units.bytes(trend.max()) + "; trend " + trend.describe());
        l.add("  answers:     " + (wrongAnswers == 0 ? "all checks agreed with the reference evaluator"
                : wrongAnswers + " WRONG answers"));
        l.add("  files:       " + String.join(", ", files.stream().map(Path::toString).toList()));
        l.add("  verdict:     leakcheck findings " + SoakSeries.csv(o.out()));
        return l;
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
