package dev.leakbench.soak;

import java.time.Duration;

/**
 * The live line printed every interval: where the run is, how fast, how slow at p99, the heap
 * after GC and its trend so far. A full line each time (not a carriage-return overwrite) so that
 * the output of a 24-hour run piped to a log stays readable.
 */
final class ProgressLine {
    private final Duration total;

    ProgressLine(Duration total) {
        this.total = total;
    }

    /** In an open loop the line ends with the late starts, when there were any. */
    String format(IntervalSample s, HeapTrend trend) {
        String line = String.format(
                "[%s/%s] %s  %s ops/s  p99 %s  heap after GC %s  trend %s",
                SoakDuration.clock(s.end()),
                SoakDuration.clock(total),
                s.warmup() ? "warmup     " : "measurement",
                Units.count(s.opsPerSecond()),
                s.ops() == 0 ? "n/a" : Units.latency(s.latency().getValueAtPercentile(99)),
                Units.bytes(s.heapAfterGc()),
                trend.describe());
        IntervalSample.Schedule sc = s.schedule();
        if (sc != null && (sc.late() > 0 || !sc.held())) {
            line += "  late " + Units.count(sc.late()) + " (up to " + Units.latency(sc.maxLagNanos()) + " behind)"
                    + (sc.held() ? "" : " RATE NOT HELD");
        }
        return line;
    }
}
