package dev.leakbench.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A minimal system under test for the profiler's own tests: a bounded ring of records that every
 * operation replaces (steady state: garbage, but constant retained size), exposed as a root the
 * way a real benchmark exposes its data, plus any extra roots a test wants sized.
 *
 * <p>Single-threaded by design (the test benchmarks run one thread).
 */
final class StubProbe implements LeakProbe {
    private static final int RING = 1 << 10;

    /** What the ring holds: a record, so sizing it needs JOL's self-attach (see RootSizer). */
    record Decision(String resource, String permission, long revision) {}

    private final Decision[] ring = new Decision[RING];
    private final String resource = "document:readme";
    private final Map<String, Object> extraRoots;
    private long revision;

    StubProbe() {
        this(Map.of());
    }

    /** A stub that also reports {@code extraRoots} (live data a test wants sized). */
    StubProbe(Map<String, Object> extraRoots) {
        this.extraRoots = Map.copyOf(extraRoots);
        for (int i = 0; i < RING; i++) {
            ring[i] = new Decision(resource, "viewer", i);
        }
    }

    /** One steady-state operation: replaces a ring slot with a fresh record of the same size. */
    Decision step() {
        long r = ++revision;
        int slot = (int) (r & (RING - 1));
        Decision previous = ring[slot];
        ring[slot] = new Decision(resource, "viewer", r);
        return previous;
    }

    @Override
    public Map<String, Object> roots() {
        Map<String, Object> roots = new HashMap<>(extraRoots);
        roots.put("ring", ring);
        return roots;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("ring.size", () -> RING);
    }
}
