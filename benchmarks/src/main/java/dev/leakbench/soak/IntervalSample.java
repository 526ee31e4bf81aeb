package dev.leakbench.soak;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
 */
record IntervalSample(int index, boolean warmup, Duration start, Duration end, Instant wallClock, long ops,
                      long opsCumulative, Histogram latency, long heapAfterGc, long collections,
                      Map<String, Long> metrics) {

    /** Operations per second over this interval. */
    double opsPerSecond() {
        double seconds = end.minus(start).toNanos() / 1e9;
        return seconds <= 0 ? 0 : ops / seconds;
    }

    String phase() {
        return warmup ? "warmup" : "measurement";
    }
}
