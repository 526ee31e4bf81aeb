package dev.leakbench.engine.store;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import java.util.List;

/**
 * Versioned (MVCC) storage of relation tuples. Every {@link #write} is one new revision; reads name
 * the revision they see. Versions no reader can see any more are compacted, so a steady-state
 * write/delete load keeps memory bounded.
 *
 * <p>A revision stays readable while it is within the store's retention window
 * ({@code currentRevision() - retainedRevisions}) or pinned by an open {@link RevisionLease}.
 * Reading an older one, or one newer than the current revision, throws
 * {@link RevisionCompactedException}. Every method but {@code close()} (which is idempotent) throws
 * {@link StoreClosedException} after {@link #close()}. Implementations are thread-safe.
 */
public interface TupleStore extends AutoCloseable {

    /** The newest revision; 0 for an empty store. */
    long currentRevision();

    /** The oldest revision that can still be read. */
    long oldestReadableRevision();

    /**
     * Applies the mutations atomically as one new revision and returns it. Writing a tuple that
     * exists, or deleting one that does not, changes nothing but still yields a revision.
     */
    long write(List<TupleMutation> mutations);

    /**
     * The subjects of the tuples {@code resource#relation@*} visible at {@code revision}, in no
     * particular order. The hot path of check and expand.
     */
    List<SubjectRef> subjects(ObjectRef resource, String relation, long revision);

    /**
     * Tuples matching the filter visible at {@code revision}, in {@link RelationTuple} order,
     * at most {@code limit}, starting after {@code cursor} (null for the first page).
     *
     * @throws IllegalArgumentException for a limit below 1 or a cursor this store did not issue
     */
    Page read(TupleFilter filter, long revision, int limit, String cursor);

    /**
     * Subscribes to changes after {@code afterRevision}: history still held is replayed first, then
     * new writes are delivered as they commit. At most {@code bufferCapacity} changes wait for the
     * consumer; past that the subscription overflows instead of growing.
     */
    WatchSubscription watch(long afterRevision, int bufferCapacity);

    /** Keeps {@code revision} readable until the lease is closed. */
    RevisionLease pin(long revision);

    /** Counters for gauges and tests: versions held, subscriptions and connections open. */
    StoreStats stats();

    /** Releases the store and closes its open watches; calling it again does nothing. */
    @Override
    void close();

    /** Convenience for the visible tuples of one resource and relation. */
    default List<RelationTuple> tuples(ObjectRef resource, String relation, long revision) {
        return subjects(resource, relation, revision).stream()
                .map(s -> new RelationTuple(resource, relation, s))
                .toList();
    }
}
