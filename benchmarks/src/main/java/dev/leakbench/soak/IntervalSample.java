package dev.leakbench.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one interval measured. {@code latency} is the interval's own histogram (nanoseconds), valid
 * only until the next interval is taken: writers must use it right away.
 *
 * @param index         1, 2, ... over the whole run
 * @param warmup        the interval started within the warmup time
 * @param start         the interval's start, since the load began
 * @param end           the interval's end, since the load began
 * @param wallClock     when it ended
 * @param ops           operations completed in it (exactly the histogram's count)
 * @param opsCumulative operations completed since the load began
 * @param heapAfterGc   heap used after the latest GC, bytes
 * @param collections   GCs since the JVM started
 * @param metrics       process resources and target gauges by DESIGN.md name ({@code threads.live}, {@code gauge.x}, ...)
 * @param schedule      how the open loop kept its schedule in this interval; null for a closed loop
 */
record IntervalSample(
        int index,
        boolean warmup,
        Duration start,
        Duration end,
        Instant wallClock,
        long ops,
        long opsCumulative,
        Histogram latency,
        long heapAfterGc,
        long collections,
        Map<String, Long> metrics,
        Schedule schedule) {

    /**
     * The open loop's starts in one interval. {@code lag} is the interval's own histogram of how
     * late each start was (nanoseconds), valid only until the next interval is taken.
     *
     * @param starts operations started in the interval
     * @param late   starts that lagged by more than {@code lateThresholdNanos}
     * @param lateThresholdNanos the schedule's threshold for a late start ({@link RateSchedule#lateThresholdNanos()})
     * @param behindNanos how overdue the oldest start not yet issued was at the interval's end ({@link RateSchedule#behind})
     * @param lag    the starts' lag behind their intended times
     */
    record Schedule(long starts, long late, long lateThresholdNanos, long behindNanos, Histogram lag) {

        /**
         * Whether at most {@link RateSchedule#LATE_FRACTION} of the starts were late and the
         * schedule was not behind by more than the threshold at the end.
         */
        boolean held() {
            return RateSchedule.held(late, starts) && behindNanos <= lateThresholdNanos;
        }

        /** The largest lag, nanoseconds: of a start in the interval, or of a start still due at its end. */
        long maxLagNanos() {
            return Math.max(starts == 0 ? 0 : lag.getMaxValue(), behindNanos);
        }
    }

    /** Operations per second over this interval. */
    double opsPerSecond() {
        double seconds = end.minus(start).toNanos() / 1e9;
        return seconds <= 0 ? 0 : ops / seconds;
    }

    String phase() {
        return warmup ? "warmup" : "measurement";
    }
}
