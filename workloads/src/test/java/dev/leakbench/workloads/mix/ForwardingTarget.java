package dev.leakbench.workloads.mix;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** A target that forwards everything, for tests that break one operation. */
class ForwardingTarget implements Target {
    private final Target d;

    ForwardingTarget(Target d) {
        this.d = d;
    }

    @Override
    public String name() {
        return d.name();
    }

    @Override
    public Set<Operation> operations() {
        return d.operations();
    }

    @Override
    public long write(List<TupleMutation> m) {
        return d.write(m);
    }

    @Override
    public boolean check(ObjectRef r, String p, SubjectRef s) {
        return d.check(r, p, s);
    }

    @Override
    public Set<SubjectRef> expand(ObjectRef r, String rel, int limit) {
        return d.expand(r, rel, limit);
    }

    @Override
    public List<RelationTuple> read(TupleFilter f, int limit) {
        return d.read(f, limit);
    }

    @Override
    public ChangeStream watch(int b) {
        return d.watch(b);
    }

    @Override
    public Map<String, Object> roots() {
        return d.roots();
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return d.gauges();
    }

    @Override
    public void close() {
        d.close();
    }
}
