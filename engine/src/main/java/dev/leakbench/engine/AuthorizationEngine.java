package dev.leakbench.engine;

import dev.leakbench.engine.cache.DecisionCache;
import dev.leakbench.engine.eval.DepthExceededException;
import dev.leakbench.engine.eval.Evaluator;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.engine.schema.Schema;
import dev.leakbench.engine.schema.TypeDefinition;
import dev.leakbench.engine.store.InMemoryTupleStore;
import dev.leakbench.engine.store.RevisionCompactedException;
import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.engine.store.StoreClosedException;
import dev.leakbench.engine.store.TupleStore;
import dev.leakbench.engine.store.WatchSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedded ReBAC engine: a {@link Schema}, a {@link TupleStore}, an {@link Evaluator} and a
 * {@link DecisionCache} behind one thread-safe facade.
 *
 * <pre>{@code
 * try (AuthorizationEngine engine = AuthorizationEngine.builder()
 *         .schema("type user {} type document { relation viewer: user }")
 *         .build()) {
 *     long rev = engine.write(RelationTuple.parse("document:readme#viewer@user:alice"));
 *     engine.check(ObjectRef.parse("document:readme"), "viewer", SubjectRef.parse("user:alice")).allowed(); // true
 * }
 * }</pre>
 *
 * <p>Every write is a new revision. Calls without a revision work at the current one; calls with a
 * revision see exactly the tuples of that revision for as long as the store can still read it (pin
 * one with {@link #snapshot()}). Checks are cached per revision, so a write can never be answered
 * by a decision made before it.
 *
 * <p>Thread-safe: any number of threads may check, expand and read while others write.
 *
 * <p>After {@link #close()} every operation throws {@link StoreClosedException}; the accessors
 * {@link #schema()}, {@link #store()} and {@link #cache()} keep working so that gauges can still be
 * read during teardown.
 */
public final class AuthorizationEngine implements AutoCloseable {

    /** Watch buffer capacity used unless configured otherwise. */
    public static final int DEFAULT_WATCH_BUFFER_CAPACITY = 1024;

    /**
     * Operations at the current revision read it and then evaluate at it. A store that keeps few old
     * revisions may compact it in between under heavy writing; then the operation starts again at the
     * new current revision, a few times before giving up.
     */
    private static final int CURRENT_REVISION_ATTEMPTS = 4;

    private final Schema schema;
    private final TupleStore store;
    private final DecisionCache cache;
    private final Evaluator evaluator;
    private final int watchBufferCapacity;
    private volatile boolean closed;

    private AuthorizationEngine(Builder b) {
        this.schema = b.schema;
        this.store = b.store != null ? b.store : new InMemoryTupleStore();
        this.cache = new DecisionCache(b.cacheCapacity);
        this.evaluator = new Evaluator(schema, store, b.maxDepth);
        this.watchBufferCapacity = b.watchBufferCapacity;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Schema schema() {
        return schema;
    }

    public TupleStore store() {
        return store;
    }

    public DecisionCache cache() {
        return cache;
    }

    public int maxDepth() {
        return evaluator.maxDepth();
    }

    public int watchBufferCapacity() {
        return watchBufferCapacity;
    }

    /** The newest revision. */
    public long currentRevision() {
        ensureOpen();
        return store.currentRevision();
    }

    /**
     * Applies the mutations atomically as one new revision and returns it. Every tuple is validated
     * against the schema before the store is touched, so a bad batch changes nothing.
     *
     * @throws IllegalArgumentException {@code invalid tuple '<tuple>': <why>} for an unknown type or
     *                                  relation, a computed relation, or a subject the type
     *                                  restriction does not allow
     */
    public long write(List<TupleMutation> mutations) {
        ensureOpen();
        Objects.requireNonNull(mutations, "mutations");
        for (int i = 0; i < mutations.size(); i++) {
            TupleMutation m = Objects.requireNonNull(mutations.get(i), "mutation " + i);
            schema.validateTuple(m.tuple());
        }
        return store.write(mutations);
    }

    /** Writes the tuples as one revision; see {@link #write(List)}. */
    public long write(RelationTuple... tuples) {
        return write(mutations(TupleMutation.Operation.WRITE, tuples));
    }

    /** Deletes the tuples as one revision; see {@link #write(List)}. */
    public long delete(RelationTuple... tuples) {
        return write(mutations(TupleMutation.Operation.DELETE, tuples));
    }

    private static List<TupleMutation> mutations(TupleMutation.Operation operation, RelationTuple[] tuples) {
        Objects.requireNonNull(tuples, "tuples");
        List<TupleMutation> out = new ArrayList<>(tuples.length);
        for (RelationTuple t : tuples) {
            out.add(new TupleMutation(operation, t));
        }
        return out;
    }

    /**
     * Whether {@code subject} has {@code permission} (any relation of the schema) on {@code resource}
     * at the current revision.
     *
     * @throws IllegalArgumentException for a type or relation the schema does not define
     * @throws DepthExceededException   if the graph is deeper than the depth limit
     */
    public CheckResult check(ObjectRef resource, String permission, SubjectRef subject) {
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            long revision = store.currentRevision();
            try {
                return checkAt(resource, permission, subject, revision, true);
            } catch (RevisionCompactedException e) {
                if (attempt == CURRENT_REVISION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether {@code subject} has {@code permission} on {@code resource} at {@code revision}.
     * A decision still cached for that revision is returned even if the store has compacted the
     * revision since: it is still the right answer for it.
     *
     * @throws IllegalArgumentException    also for a revision that is negative or in the future
     * @throws RevisionCompactedException if the store no longer holds that revision (and no decision is cached)
     */
    public CheckResult check(ObjectRef resource, String permission, SubjectRef subject, long revision) {
        ensureOpen();
        return checkAt(resource, permission, subject, revision, false);
    }

    private CheckResult checkAt(
            ObjectRef resource, String permission, SubjectRef subject, long revision, boolean revisionIsCurrent) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(subject, "subject");
        DecisionCache.Key key = null;
        if (cache.isEnabled()) {
            key = new DecisionCache.Key(revision, resource, permission, subject);
            Boolean cached = cache.getIfPresent(key);
            if (cached != null) {
                return new CheckResult(cached, revision);
            }
        }
        if (!revisionIsCurrent) {
            // never evaluate, let alone cache, a revision the store has not reached: a later write
            // at that revision would otherwise be answered from this decision
            requireReadable(revision);
        }
        boolean allowed = evaluator.check(resource, permission, subject, revision);
        if (key != null) {
            cache.put(key, allowed);
        }
        return new CheckResult(allowed, revision);
    }

    /** The userset tree and terminal subjects of {@code resource#relation} at the current revision. */
    public ExpandResult expand(ObjectRef resource, String relation, int limit) {
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            long revision = store.currentRevision();
            try {
                return evaluator.expand(resource, relation, limit, revision);
            } catch (RevisionCompactedException e) {
                if (attempt == CURRENT_REVISION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The userset tree and at most {@code limit} terminal subjects of {@code resource#relation} at
     * {@code revision}; see {@link ExpandResult}.
     */
    public ExpandResult expand(ObjectRef resource, String relation, int limit, long revision) {
        ensureOpen();
        requireReadable(revision);
        return evaluator.expand(resource, relation, limit, revision);
    }

    /** One page of tuples matching {@code filter} at the current revision; pass the page's cursor to continue. */
    public Page read(TupleFilter filter, int limit, String cursor) {
        requireKnown(filter);
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            long revision = store.currentRevision();
            try {
                return store.read(filter, revision, limit, cursor);
            } catch (RevisionCompactedException e) {
                if (attempt == CURRENT_REVISION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** One page of tuples matching {@code filter} at {@code revision}. */
    public Page read(TupleFilter filter, int limit, String cursor, long revision) {
        ensureOpen();
        requireKnown(filter);
        requireReadable(revision);
        return store.read(filter, revision, limit, cursor);
    }

    /** Changes after {@code afterRevision}, with the configured buffer capacity. Close the subscription. */
    public WatchSubscription watch(long afterRevision) {
        return watch(afterRevision, watchBufferCapacity);
    }

    /** Changes after {@code afterRevision}; at most {@code bufferCapacity} wait for the consumer. */
    public WatchSubscription watch(long afterRevision, int bufferCapacity) {
        ensureOpen();
        return store.watch(afterRevision, bufferCapacity);
    }

    /** Pins the current revision so it stays readable until the lease is closed. */
    public RevisionLease snapshot() {
        for (int attempt = 1; ; attempt++) {
            ensureOpen();
            long revision = store.currentRevision();
            try {
                return store.pin(revision);
            } catch (RevisionCompactedException e) {
                if (attempt == CURRENT_REVISION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Closes the store (and with it open watches) and empties the cache. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            store.close();
        } finally {
            cache.invalidateAll();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("the authorization engine is closed; build a new one");
        }
    }

    private void requireReadable(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
        long current = store.currentRevision();
        if (revision > current) {
            throw new IllegalArgumentException(
                    "revision " + revision + " is in the future: the current revision is " + current);
        }
    }

    /** Rejects filters that name what the schema does not define: they could only ever match nothing. */
    private void requireKnown(TupleFilter filter) {
        Objects.requireNonNull(filter, "filter");
        if (filter.resourceType() != null) {
            if (filter.relation() != null) {
                schema.requireRelation(filter.resourceType(), filter.relation());
            } else if (schema.type(filter.resourceType()) == null) {
                throw new IllegalArgumentException(
                        "unknown type '" + filter.resourceType() + "' in read filter: the schema defines "
                                + schema.types().keySet());
            }
        } else if (filter.relation() != null && !anyTypeHas(filter.relation())) {
            throw new IllegalArgumentException("no type defines relation '" + filter.relation() + "' (read filter)");
        }
        if (filter.subject() != null) {
            schema.requireSubject(filter.subject());
        }
    }

    private boolean anyTypeHas(String relation) {
        for (TypeDefinition t : schema.types().values()) {
            if (t.relation(relation) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Configures an engine. Only the schema is required; the store defaults to a new
     * {@link InMemoryTupleStore}, which the engine then owns and closes.
     */
    public static final class Builder {
        private Schema schema;
        private TupleStore store;
        private long cacheCapacity = DecisionCache.DEFAULT_CAPACITY;
        private int maxDepth = Evaluator.DEFAULT_MAX_DEPTH;
        private int watchBufferCapacity = DEFAULT_WATCH_BUFFER_CAPACITY;

        private Builder() {}

        /**
         * Parses the schema now, so a bad one fails here.
         *
         * @throws dev.leakbench.engine.schema.SchemaException with line and column
         */
        public Builder schema(String ipl) {
            this.schema = Schema.parse(ipl);
            return this;
        }

        public Builder schema(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /** The store to use; the engine closes it on {@link AuthorizationEngine#close()}. */
        public Builder store(TupleStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Maximum cached decisions; 0 disables the cache. Default {@link DecisionCache#DEFAULT_CAPACITY}. */
        public Builder cacheCapacity(long capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException(
                        "cacheCapacity must be >= 0 (0 disables the cache), was " + capacity);
            }
            this.cacheCapacity = capacity;
            return this;
        }

        /** Nested object#relation steps allowed, 1 to {@link Evaluator#MAX_DEPTH_LIMIT}. Default 32. */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1 || maxDepth > Evaluator.MAX_DEPTH_LIMIT) {
                throw new IllegalArgumentException(
                        "maxDepth must be between 1 and " + Evaluator.MAX_DEPTH_LIMIT + ", was " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** Default buffer capacity of {@link AuthorizationEngine#watch(long)}. Default 1024. */
        public Builder watchBufferCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("watchBufferCapacity must be >= 1, was " + capacity);
            }
            this.watchBufferCapacity = capacity;
            return this;
        }

        /** @throws IllegalStateException if no schema was given */
        public AuthorizationEngine build() {
            if (schema == null) {
                throw new IllegalStateException(
                        "a schema is required: call schema(String) or schema(Schema) before build()");
            }
            return new AuthorizationEngine(this);
        }
    }
}
