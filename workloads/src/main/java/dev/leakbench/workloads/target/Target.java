package dev.leakbench.workloads.target;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A system under test: what every workload drives. Implementations are found with
 * {@link java.util.ServiceLoader} through {@link TargetProvider}, so a jar on the class path adds one.
 *
 * <p>A target states the {@link Operation}s it supports; calling one it does not support throws
 * {@link UnsupportedTargetOperationException}, and a workload that needs it is skipped with that
 * message rather than run as a silent no-op. Methods are called from many benchmark threads at once.
 */
public interface Target extends AutoCloseable {

    /** The name used as the JMH {@code target} parameter, e.g. {@code embedded}. */
    String name();

    /** The operations this target implements. */
    Set<Operation> operations();

    /** Applies the mutations as one batch; returns the revision (or a counter) after it. */
    long write(List<TupleMutation> mutations);

    /** Is {@code subject} granted {@code permission} on {@code resource} at the latest revision? */
    boolean check(ObjectRef resource, String permission, SubjectRef subject);

    /** Expands {@code resource#relation} into at most {@code limit} subjects and returns them. */
    Set<SubjectRef> expand(ObjectRef resource, String relation, int limit);

    /** Rows matching the filter, at most {@code limit}. */
    List<RelationTuple> read(TupleFilter filter, int limit);

    /** Opens a change stream from the current revision; the caller must close it. */
    ChangeStream watch(int bufferCapacity);

    /**
     * Named object graphs whose retained size the profiler may measure (JOL), e.g. {@code cache},
     * {@code store}. Values must be the live objects, not copies.
     */
    Map<String, Object> roots();

    /**
     * Resource counters, named as in DESIGN.md without the {@code gauge.} prefix:
     * {@code connections.active}, {@code streams.open}, {@code cache.entries}, ...
     */
    Map<String, LongSupplier> gauges();

    /**
     * An optional facility of this target beyond the operations, such as {@link Snapshots},
     * {@link ConnectionPool} or {@link ChangeListeners}; faults and workloads that need one ask
     * here and skip with a clear message when it is absent. Decorators must delegate.
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Releases everything the target holds (pools, servers, subscriptions). */
    @Override
    void close();

    /** Fails fast with a message naming the target and the operation when it is not supported. */
    default void require(Operation operation, String workload) {
        if (!operations().contains(operation)) {
            throw new UnsupportedTargetOperationException(name(), operation, workload);
        }
    }
}
