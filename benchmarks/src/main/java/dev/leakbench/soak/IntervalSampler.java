package dev.leakbench.soak;

import dev.leakbench.profile.HeapAfterGc;
import dev.leakbench.profile.ProcessResources;
import dev.leakbench.vocabulary.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Takes one {@link IntervalSample} at the end of each interval: swaps the latency recorder's
 * interval histogram (in an open loop also the schedule's lag histogram), and reads the heap
 * after the last GC ({@link HeapAfterGc#latest()}), the process resources and the target's gauges,
 * with the LeakProfiler's own classes. Nothing here forces a GC or stops the workers. One thread
 * calls it (the soak's sampler).
 */
final class IntervalSampler {

    private final Recorder recorder;
    private final RateSchedule schedule;
    private final HeapAfterGc heap;
    private final ProcessResources resources;
    private final Map<String, LongSupplier> gauges;
    private final Duration warmup;
    private final List<String> metricNames;
    private Histogram recycled;
    private Histogram recycledLag;
    private long loadStartNanos;
    private long lastNanos;
    private long opsCumulative;
    private int index;

    /**
     * @param schedule the open loop's schedule, whose lag it takes with the latency; null for a closed loop
     * @param gauges   the target's gauges, by their name without the {@code gauge.} prefix
     */
    IntervalSampler(
            Recorder recorder,
            RateSchedule schedule,
            HeapAfterGc heap,
            ProcessResources resources,
            Map<String, LongSupplier> gauges,
            Duration warmup) {
        this.recorder = recorder;
        this.schedule = schedule;
        this.heap = heap;
        this.resources = resources;
        this.warmup = warmup;
        Map<String, LongSupplier> named = new TreeMap<>();
        gauges.forEach((name, g) -> named.put(MetricNames.gauge(name), g));
        this.gauges = named;
        // the LeakProfiler's column order: resources in their fixed order, then the gauges by name
        List<String> names = new ArrayList<>(resources.names());
        names.addAll(this.gauges.keySet());
        this.metricNames = MetricNames.inColumnOrder(names);
    }

    /** The resource and gauge columns every sample has, in order. */
    List<String> metricNames() {
        return metricNames;
    }

    /** Marks the start of the load: resets the recorder so setup time is not counted. */
    void start(long nanos) {
        recorder.reset();
        if (schedule != null) {
            schedule.reset();
        }
        loadStartNanos = nanos;
        lastNanos = nanos;
    }

    /** Ends the current interval at {@code nanos} and starts the next. */
    IntervalSample sample(long nanos) {
        recycled = recorder.getIntervalHistogram(recycled);
        Histogram latency = recycled;
        long ops = latency.getTotalCount();
        opsCumulative += ops;
        IntervalSample.Schedule kept = null;
        if (schedule != null) {
            recycledLag = schedule.intervalLag(recycledLag);
            kept = new IntervalSample.Schedule(
                    recycledLag.getTotalCount(),
                    schedule.late(recycledLag),
                    schedule.lateThresholdNanos(),
                    schedule.behind(nanos),
                    recycledLag);
        }
        HeapAfterGc.Reading h = heap.latest();
        Map<String, Long> metrics = new LinkedHashMap<>();
        Map<String, Long> r = resources.read(0);
        for (String name : metricNames) {
            LongSupplier g = gauges.get(name);
            metrics.put(name, g != null ? g.getAsLong() : r.get(name));
        }
        Duration start = Duration.ofNanos(lastNanos - loadStartNanos);
        Duration end = Duration.ofNanos(nanos - loadStartNanos);
        lastNanos = nanos;
        index++;
        return new IntervalSample(
                index,
                start.compareTo(warmup) < 0,
                start,
                end,
                Instant.now(),
                ops,
                opsCumulative,
                latency,
                h.bytes(),
                h.collections(),
                metrics,
                kept);
    }
}
