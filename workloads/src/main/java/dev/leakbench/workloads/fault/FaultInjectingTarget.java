package dev.leakbench.workloads.fault;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A target with a {@link Fault} on its path: every call is counted, and every {@code every}-th one
 * (across all threads and operation kinds) runs the fault after the real operation. The fault's
 * structure and counters join the target's roots ({@code fault.<name>}) and gauges
 * ({@code fault.injected}, {@code fault.<gauge>}) so the profiler can attribute the growth.
 */
public final class FaultInjectingTarget implements Target {

    private final Target delegate;
    private final Fault fault;
    private final long every;
    private final AtomicLong operations = new AtomicLong();

    FaultInjectingTarget(Target delegate, Fault fault, long every) {
        this.delegate = delegate;
        this.fault = fault;
        this.every = every;
    }

    public Fault fault() {
        return fault;
    }

    /** Counts one operation; returns its sequence number when the fault is due on it, else 0. */
    private long due() {
        long n = operations.incrementAndGet();
        return n % every == 0 ? n : 0;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Operation> operations() {
        return delegate.operations();
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        long revision = delegate.write(mutations);
        long n = due();
        if (n != 0) {
            fault.inject(new FaultSite(n, Operation.WRITE, null, null, null, revision));
        }
        return revision;
    }

    @Override
    public boolean check(ObjectRef resource, String permission, SubjectRef subject) {
        boolean allowed = delegate.check(resource, permission, subject);
        long n = due();
        if (n != 0) {
            fault.inject(new FaultSite(n, Operation.CHECK, resource, permission, subject, allowed));
        }
        return allowed;
    }

    @Override
    public Set<SubjectRef> expand(ObjectRef resource, String relation, int limit) {
        Set<SubjectRef> subjects = delegate.expand(resource, relation, limit);
        long n = due();
        if (n != 0) {
            fault.inject(new FaultSite(n, Operation.EXPAND, resource, relation, null, subjects));
        }
        return subjects;
    }

    @Override
    public List<RelationTuple> read(TupleFilter filter, int limit) {
        List<RelationTuple> rows = delegate.read(filter, limit);
        long n = due();
        if (n != 0) {
            ObjectRef resource =
                    filter.resourceId() == null ? null : ObjectRef.of(filter.resourceType(), filter.resourceId());
            fault.inject(new FaultSite(n, Operation.READ, resource, filter.relation(), filter.subject(), rows));
        }
        return rows;
    }

    @Override
    public ChangeStream watch(int bufferCapacity) {
        ChangeStream stream = delegate.watch(bufferCapacity);
        long n = due();
        if (n != 0) {
            fault.inject(new FaultSite(n, Operation.WATCH, null, null, null, stream));
        }
        return stream;
    }

    @Override
    public Map<String, Object> roots() {
        Map<String, Object> roots = new LinkedHashMap<>(delegate.roots());
        roots.put("fault." + fault.name(), fault.root());
        return roots;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        Map<String, LongSupplier> gauges = new LinkedHashMap<>(delegate.gauges());
        gauges.put("fault.injected", fault::injected);
        fault.gauges().forEach((k, v) -> gauges.put("fault." + k, v));
        return gauges;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return delegate.capability(type);
    }

    @Override
    public void close() {
        try {
            fault.close();
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return delegate + " with fault " + fault.name() + " every " + every + " operations";
    }
}
