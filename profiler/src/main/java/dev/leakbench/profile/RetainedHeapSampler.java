package dev.leakbench.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures the retained heap: forces full GCs until the heap stops shrinking and reads the heap
 * used right after the last one from the collector's own accounting ({@link HeapAfterGc}, which the
 * soak runner reads too, without forcing anything).
 *
 * <p>Under G1 with {@code -XX:MarkSweepDeadRatio=0} ({@link #forkJvmArgs()}) two readings with
 * nothing kept in between are byte-exact; what still moves them in a running JVM is real: a
 * thread parking (a 32-byte wait node) or the JIT resolving a compiled method's string constants.
 *
 * <p>{@code -XX:+DisableExplicitGC} turns {@link System#gc()} into a no-op and
 * {@code -XX:+ExplicitGCInvokesConcurrent} into a concurrent cycle that neither compacts nor
 * finishes before it returns; under either the sampler triggers its full GCs through the class
 * histogram diagnostic command instead, which always runs a real full GC.
 */
final class RetainedHeapSampler {

    /** How a full GC is forced. */
    enum Trigger {
        /** {@link System#gc()}: a full stop-the-world collection under G1, Parallel and Serial. */
        SYSTEM_GC,
        /** {@code GC.class_histogram}: slower (it also walks the heap), but never disabled. */
        HEAP_INSPECTION
    }

    /**
     * One sample: the retained bytes, how many GCs it took and how long, and the class histogram
     * taken with it (null when none was asked for).
     */
    record Sample(long bytes, int rounds, long nanos, String histogram) {}

    private final HeapAfterGc heap;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Trigger trigger;
    private final DiagnosticCommand diagnostics;
    private final int maxRounds;
    private final String triggerReason;

    private RetainedHeapSampler(
            HeapAfterGc heap, Trigger trigger, String triggerReason, DiagnosticCommand diagnostics, int maxRounds) {
        this.heap = heap;
        this.trigger = trigger;
        this.triggerReason = triggerReason;
        this.diagnostics = diagnostics;
        this.maxRounds = maxRounds;
    }

    /**
     * A sampler for this JVM, choosing the GC trigger from its flags.
     *
     * @param maxRounds most full GCs per sample, at least 2 (one to collect, one to confirm)
     * @throws IllegalStateException when the heap after GC cannot be read on this JVM
     */
    static RetainedHeapSampler forThisJvm(int maxRounds) {
        if (maxRounds < 2) {
            throw new IllegalArgumentException("maxRounds must be at least 2, was " + maxRounds);
        }
        HeapAfterGc heap;
        try {
            heap = HeapAfterGc.forThisJvm();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("LeakProfiler: " + e.getMessage(), e);
        }
        String disabling = explicitGcDisablingFlag();
        Trigger trigger = disabling == null ? Trigger.SYSTEM_GC : Trigger.HEAP_INSPECTION;
        DiagnosticCommand diagnostics = null;
        if (trigger == Trigger.HEAP_INSPECTION) {
            try {
                diagnostics = DiagnosticCommand.platform();
            } catch (IllegalStateException e) {
                throw new IllegalStateException(
                        "LeakProfiler: " + disabling + " makes System.gc() unable to force "
                                + "the full GC a retained-heap reading needs, and the fallback is unavailable ("
                                + e.getMessage() + "). Remove " + disabling + " from the benchmark JVM's options.",
                        e);
            }
        }
        return new RetainedHeapSampler(
                heap, trigger, disabling == null ? null : disabling + " is set", diagnostics, maxRounds);
    }

    /**
     * The fork JVM options exact readings need: {@code -XX:MarkSweepDeadRatio=0}. By default a
     * full GC (G1's, Serial's) leaves regions that are at least 95% live uncompacted, their dead
     * objects still counted as used: up to 5% garbage in a reading, more of it as a leak fills the
     * heap with dense regions (a leak of 1.040 bytes/op then reads as 1.04 to 1.08).
     */
    static List<String> forkJvmArgs() {
        return List.of("-XX:MarkSweepDeadRatio=0");
    }

    /** A warning when this JVM's full GCs may leave dead objects in the reading, else null. */
    static String deadWoodWarning() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            String ratio = hotspot == null
                    ? "0"
                    : hotspot.getVMOption("MarkSweepDeadRatio").getValue();
            return "0".equals(ratio)
                    ? null
                    : "-XX:MarkSweepDeadRatio is " + ratio + ", so full GCs may leave up to "
                            + ratio + "% dead objects in dense regions and heap.retained counts them; run forked (the "
                            + "profiler sets it to 0) or pass -XX:MarkSweepDeadRatio=0";
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The flag that makes {@link System#gc()} useless for a reading, or null when there is none. */
    private static String explicitGcDisablingFlag() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return null;
        }
        for (String flag : List.of("DisableExplicitGC", "ExplicitGCInvokesConcurrent")) {
            try {
                if ("true".equals(hotspot.getVMOption(flag).getValue())) {
                    return "-XX:+" + flag;
                }
            } catch (IllegalArgumentException e) {
                // the flag does not exist in this JVM version: it cannot be set either
            }
        }
        return null;
    }

    /** How this sampler forces full GCs. */
    Trigger trigger() {
        return trigger;
    }

    /** Why the trigger is not {@link Trigger#SYSTEM_GC}, or null when it is. */
    String triggerReason() {
        return triggerReason;
    }

    /**
     * Forces full GCs until the heap stops shrinking (two readings agree, or the heap grows
     * because something else allocated) and returns the smallest reading.
     *
     * @throws IllegalStateException when a forced GC did not happen (e.g. Epsilon GC)
     */
    Sample sample() {
        return sample(null);
    }

    /**
     * As {@link #sample()}, with the class histogram as the confirming collection: HotSpot runs a
     * full GC before it counts, so the second round of the reading and the class counts are one
     * stop-the-world pause instead of two. When the heap still shrank in that round, the loop goes
     * on and the histogram is taken again after the last round, so it always counts what the
     * reading holds.
     *
     * @param histogram takes the class histogram (and so a full GC), or null for none
     * @throws IllegalStateException when a forced GC did not happen (e.g. Epsilon GC)
     */
    Sample sample(Supplier<String> histogram) {
        long start = System.nanoTime();
        long best = collect(null);
        int rounds = 1;
        String[] counted = new String[1];
        boolean histogramIsLast = false;
        while (rounds < maxRounds) {
            // objects only reachable from finalizable ones die in a GC after their finalizer ran; only
            // ask for it when something is pending: it runs finalizers in a new thread, and a thread
            // that is just ending is still a GC root for a moment (a few hundred bytes in the reading)
            if (memory.getObjectPendingFinalizationCount() > 0) {
                System.runFinalization();
            }
            boolean viaHistogram = histogram != null && counted[0] == null;
            long next = collect(viaHistogram ? () -> counted[0] = histogram.get() : null);
            rounds++;
            histogramIsLast = viaHistogram;
            if (next >= best) {
                break;
            }
            best = next;
        }
        String text = null;
        if (histogram != null) {
            // a histogram of an earlier round may count objects a later round freed: count again
            text = histogramIsLast ? counted[0] : histogram.get();
        }
        return new Sample(best, rounds, System.nanoTime() - start, text);
    }

    /**
     * One forced full GC; returns the heap used right after it, by the collector's accounting.
     *
     * @param via what forces it (the class histogram), or null for this sampler's trigger
     */
    private long collect(Runnable via) {
        long[] before = heap.collectionCounts();
        if (via != null) {
            via.run();
        } else if (trigger == Trigger.SYSTEM_GC) {
            System.gc();
        } else {
            diagnostics.classHistogram();
        }
        // the collection we caused is the latest one among the collectors that ran since
        long after = heap.afterCollectionsSince(before);
        if (after < 0) {
            throw new IllegalStateException("LeakProfiler: forcing a full GC (" + trigger + ") ran no collection, "
                    + "so the heap after GC cannot be read. A collector that never collects (Epsilon) cannot "
                    + "measure retained heap; use G1 (the default).");
        }
        return after;
    }
}
