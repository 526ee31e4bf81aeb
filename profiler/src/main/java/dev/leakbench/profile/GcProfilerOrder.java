package dev.leakbench.profile;

import org.openjdk.jmh.results.IterationResult;

/**
 * Detects the profiler order in which JMH's {@code -prof gc} counts the LeakProfiler's own
 * forced GCs.
 *
 * <p>JMH calls the profilers' {@code beforeIteration} in command-line order and their
 * {@code afterIteration} in reverse order ({@code BenchmarkHandler.startProfilers} /
 * {@code stopProfilers}, which walks {@code profilersRev}). GCProfiler counts the collections
 * between its two hooks, so only {@code -prof dev.leakbench.profile.LeakProfiler -prof gc}
 * (LeakProfiler first) keeps our GCs outside its window; with {@code -prof gc} first they land in
 * {@code gc.count} and {@code gc.time}. Nothing the LeakProfiler can do inside its hooks avoids
 * that, so it tells the user instead.
 *
 * <p>How it knows: profilers whose {@code afterIteration} ran before ours have already added
 * their results to the iteration result we are handed. If {@code gc.count} is absent then but
 * present once the iteration is over (checked at the next {@code beforeIteration}), GCProfiler
 * ran after us, i.e. it was listed first.
 */
final class GcProfilerOrder {
    private static final String GC_COUNT = "gc.count";
    private static final String GC_COUNT_OLD = "\u00b7gc.count";

    private IterationResult pending;
    private boolean reported;

    /** Called from our {@code afterIteration} with the result JMH is still filling in. */
    void afterOurIteration(IterationResult result) {
        if (!reported) {
            pending = hasGcCount(result) ? null : result;
        }
    }

    /**
     * Called from our next {@code beforeIteration}; returns a warning when GCProfiler ran after
     * us, once per trial, else null. Drops the iteration result it held either way.
     */
    String check() {
        IterationResult previous = pending;
        pending = null;
        if (previous == null || reported || !hasGcCount(previous)) {
            return null;
        }
        reported = true;
        return "-prof gc is listed before the LeakProfiler, so JMH runs GCProfiler's afterIteration after ours and "
                + "gc.count/gc.time include the LeakProfiler's forced full GCs (gc.alloc.rate.norm is not "
                + "affected). List the LeakProfiler first: -prof dev.leakbench.profile.LeakProfiler -prof gc";
    }

    /**
     * Looks at the raw secondary results only: {@code getSecondaryResults()} also aggregates the
     * primary result, which throws {@code NoSuchElementException} on an iteration without one.
     */
    private static boolean hasGcCount(IterationResult result) {
        for (String label : result.getRawSecondaryResults().keys()) {
            if (label.equals(GC_COUNT) || label.equals(GC_COUNT_OLD)) {
                return true;
            }
        }
        return false;
    }
}
