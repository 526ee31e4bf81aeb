package dev.leakbench.workloads.target.embedded;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.engine.store.StoreStats;
import dev.leakbench.workloads.target.ChangeListeners;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.ConnectionPool;
import dev.leakbench.workloads.target.Gauges;
import dev.leakbench.workloads.target.ListenerRegistry;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Snapshots;
import dev.leakbench.workloads.target.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The embedded {@link AuthorizationEngine} as a target, on whichever store it was built with. Every
 * operation is supported; it also offers {@link Snapshots}, {@link ChangeListeners} (an adapter-side
 * registry fired after each applied write) and, on a JDBC store, its {@link ConnectionPool}.
 */
final class EmbeddedTarget implements Target, Snapshots {

    /** Tuples per revision while loading a dataset. */
    static final int LOAD_BATCH = 1_000;

    private static final Set<Operation> OPERATIONS = EnumSet.allOf(Operation.class);

    private final String name;
    private final AuthorizationEngine engine;
    private final ConnectionPool pool;
    private final List<AutoCloseable> owned;
    private final ListenerRegistry listeners = new ListenerRegistry();

    /**
     * @param pool  the store's pool, or null for a store without one
     * @param owned closed after the engine, in order (the pool, then the database server)
     */
    EmbeddedTarget(String name, AuthorizationEngine engine, ConnectionPool pool, List<AutoCloseable> owned) {
        this.name = name;
        this.engine = engine;
        this.pool = pool;
        this.owned = List.copyOf(owned);
    }

    /** Writes the dataset in batches of {@link #LOAD_BATCH}, one revision each. */
    void load(List<RelationTuple> tuples) {
        List<TupleMutation> batch = new ArrayList<>(LOAD_BATCH);
        for (RelationTuple t : tuples) {
            batch.add(TupleMutation.write(t));
            if (batch.size() == LOAD_BATCH) {
                engine.write(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            engine.write(batch);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        long revision = engine.write(mutations);
        listeners.fire(mutations);
        return revision;
    }

    @Override
    public boolean check(ObjectRef resource, String permission, SubjectRef subject) {
        return engine.check(resource, permission, subject).allowed();
    }

    @Override
    public Set<SubjectRef> expand(ObjectRef resource, String relation, int limit) {
        return engine.expand(resource, relation, limit).subjects();
    }

    @Override
    public List<RelationTuple> read(TupleFilter filter, int limit) {
        return engine.read(filter, limit, null).rows();
    }

    @Override
    public ChangeStream watch(int bufferCapacity) {
        return new EngineChangeStream(engine.watch(engine.currentRevision(), bufferCapacity));
    }

    @Override
    public RevisionLease snapshot() {
        return engine.snapshot();
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == ConnectionPool.class) {
            return Optional.ofNullable(type.cast(pool));
        }
        if (type == ChangeListeners.class) {
            return Optional.of(type.cast(listeners));
        }
        return Target.super.capability(type);
    }

    @Override
    public Map<String, Object> roots() {
        Map<String, Object> roots = new LinkedHashMap<>();
        roots.put("engine", engine);
        roots.put("cache", engine.cache());
        roots.put("store", engine.store());
        roots.put("listeners", listeners);
        return roots;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        Map<String, LongSupplier> gauges = new LinkedHashMap<>();
        gauges.put(Gauges.CACHE_ENTRIES, () -> engine.cache().estimatedSize());
        gauges.put(Gauges.STREAMS_OPEN, stat(StoreStats::openWatches));
        gauges.put(Gauges.TUPLES_LIVE, stat(StoreStats::liveTuples));
        gauges.put(Gauges.VERSIONS_RETAINED, stat(StoreStats::retainedVersions));
        gauges.put(Gauges.CHANGELOG_ENTRIES, stat(StoreStats::changeLogEntries));
        gauges.put(Gauges.REVISIONS_PINNED, stat(StoreStats::pinnedRevisions));
        gauges.put(Gauges.LISTENERS_REGISTERED, listeners::registeredListeners);
        if (pool != null) {
            gauges.put(Gauges.CONNECTIONS_ACTIVE, stat(StoreStats::activeConnections));
            gauges.put(Gauges.CONNECTIONS_OPEN, stat(StoreStats::openConnections));
        }
        return gauges;
    }

    private LongSupplier stat(ToLongFunction<StoreStats> field) {
        return () -> field.applyAsLong(engine.store().stats());
    }

    @Override
    public void close() {
        listeners.clear();
        RuntimeException failure = null;
        try {
            engine.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + c + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return name + " (" + engine.store().getClass().getSimpleName() + ", cache "
                + engine.cache().capacity() + ")";
    }
}
