package dev.leakbench.profile;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.UnsupportedTargetOperationException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A minimal system under test for the profiler's own tests: a bounded ring of records that every
 * check replaces (steady state: garbage, but constant retained size), exposed as a root the way a
 * real target exposes its data, plus any extra roots a test wants sized.
 *
 * <p>Single-threaded by design (the test benchmarks run one thread).
 */
final class StubTarget implements Target {
    private static final int RING = 1 << 10;

    /** What the ring holds: a record, so sizing it needs JOL's self-attach (see RootSizer). */
    record Decision(ObjectRef resource, String permission, long revision) {
    }

    private final Decision[] ring = new Decision[RING];
    private final ObjectRef resource = ObjectRef.of("document", "readme");
    private final Map<String, Object> extraRoots;
    private long revision;

    StubTarget() {
        this(Map.of());
    }

    /** A stub that also reports {@code extraRoots} (live data a test wants sized). */
    StubTarget(Map<String, Object> extraRoots) {
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
    public String name() {
        return "stub";
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CHECK);
    }

    @Override
    public boolean check(ObjectRef resource, String permission, SubjectRef subject) {
        return step().revision() % 2 == 0;
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        throw new UnsupportedTargetOperationException(name(), Operation.WRITE, "test");
    }

    @Override
    public Set<SubjectRef> expand(ObjectRef resource, String relation, int limit) {
        throw new UnsupportedTargetOperationException(name(), Operation.EXPAND, "test");
    }

    @Override
    public List<RelationTuple> read(TupleFilter filter, int limit) {
        throw new UnsupportedTargetOperationException(name(), Operation.READ, "test");
    }

    @Override
    public ChangeStream watch(int bufferCapacity) {
        throw new UnsupportedTargetOperationException(name(), Operation.WATCH, "test");
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

    @Override
    public void close() {
        // nothing held beyond the ring, which goes with the target
    }
}
