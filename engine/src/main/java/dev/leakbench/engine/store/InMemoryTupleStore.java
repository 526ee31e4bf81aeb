package dev.leakbench.engine.store;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default store: MVCC tuple versions on the heap.
 *
 * <p>Readers take no lock. Each (resource, relation) holds an immutable array of versions that the
 * single writer replaces copy-on-write, and the current revision is published only after a whole
 * batch is in place, so a reader at revision {@code r} sees exactly the tuples with
 * {@code created <= r < deleted}.
 *
 * <p>Compaction is incremental: every delete is queued with its revision, and after each write the
 * queue head is drained while it is older than the watermark
 * {@code min(current - retainedRevisions, oldest pinned lease)}. The cost is O(1) amortised per
 * delete and a steady write/delete load holds at most {@code retainedRevisions} revisions of history.
 * A reader whose revision is overtaken by compaction mid-read gets {@link RevisionCompactedException}
 * rather than a wrong answer: the watermark is published before any version is removed, and every
 * read re-checks it after loading.
 */
public final class InMemoryTupleStore implements TupleStore {

    /** Revisions kept readable without a lease: long enough for any in-flight check to finish. */
    public static final int DEFAULT_RETAINED_REVISIONS = 64;

    private static final String CURSOR_PREFIX = "mem1:";

    private final int retainedRevisions;
    private final ConcurrentHashMap<ObjectRef, ResourceEntry> resources = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();

    // Guarded by writeLock.
    private final ArrayDeque<PendingRemoval> removals = new ArrayDeque<>();
    private final ArrayDeque<Change> changeLog = new ArrayDeque<>();
    private final TreeMap<Long, Integer> pins = new TreeMap<>();
    private long retainedVersions;
    private long liveTuples;

    private final Set<InMemoryWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile long currentRevision;
    private volatile long watermark;
    private volatile boolean closed;

    public InMemoryTupleStore() {
        this(DEFAULT_RETAINED_REVISIONS);
    }

    /**
     * @param retainedRevisions how many revisions before the current one stay readable without a
     *                          lease; 0 keeps only the current revision
     */
    public InMemoryTupleStore(int retainedRevisions) {
        if (retainedRevisions < 0) {
            throw new IllegalArgumentException("retainedRevisions must be >= 0, was " + retainedRevisions);
        }
        this.retainedRevisions = retainedRevisions;
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return currentRevision;
    }

    @Override
    public long oldestReadableRevision() {
        ensureOpen();
        return watermark;
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        List<TupleMutation> batch = List.copyOf(mutations);
        writeLock.lock();
        try {
            ensureOpen();
            long revision = currentRevision + 1;
            List<Change> changes = new ArrayList<>(batch.size());
            for (TupleMutation m : batch) {
                boolean changed = m.operation() == TupleMutation.Operation.WRITE
                        ? insert(m.tuple(), revision)
                        : remove(m.tuple(), revision);
                if (changed) {
                    changes.add(new Change(revision, m.operation(), m.tuple()));
                }
            }
            changeLog.addAll(changes);
            currentRevision = revision; // publish: readers at this revision now see the whole batch
            for (InMemoryWatch w : watches) {
                w.offerAll(changes);
            }
            compact();
            return revision;
        } finally {
            writeLock.unlock();
        }
    }

    private boolean insert(RelationTuple t, long revision) {
        ResourceEntry entry = resources.computeIfAbsent(t.resource(), r -> new ResourceEntry());
        Version[] versions = entry.versions(t.relation());
        for (Version v : versions) {
            if (v.deleted == Long.MAX_VALUE && v.subject.equals(t.subject())) {
                return false; // already live: idempotent
            }
        }
        Version[] next = Arrays.copyOf(versions, versions.length + 1);
        next[versions.length] = new Version(t.subject(), revision, Long.MAX_VALUE);
        entry.put(t.relation(), next);
        retainedVersions++;
        liveTuples++;
        return true;
    }

    private boolean remove(RelationTuple t, long revision) {
        ResourceEntry entry = resources.get(t.resource());
        if (entry == null) {
            return false;
        }
        Version[] versions = entry.versions(t.relation());
        for (int i = 0; i < versions.length; i++) {
            Version v = versions[i];
            if (v.deleted == Long.MAX_VALUE && v.subject.equals(t.subject())) {
                Version[] next = versions.clone();
                next[i] = new Version(v.subject, v.created, revision);
                entry.put(t.relation(), next);
                removals.addLast(new PendingRemoval(t, revision));
                liveTuples--;
                return true;
            }
        }
        return false;
    }

    /** Drops versions and changes no readable revision can see. Called under the write lock. */
    private void compact() {
        long target = Math.max(0, currentRevision - retainedRevisions);
        if (!pins.isEmpty()) {
            target = Math.min(target, pins.firstKey());
        }
        if (target <= watermark) {
            return;
        }
        watermark = target; // publish before removing, so overtaken readers notice
        while (!removals.isEmpty() && removals.peekFirst().deletedAt <= target) {
            PendingRemoval r = removals.pollFirst();
            purge(r.tuple, r.deletedAt);
        }
        while (!changeLog.isEmpty() && changeLog.peekFirst().revision() <= target) {
            changeLog.pollFirst();
        }
    }

    private void purge(RelationTuple t, long deletedAt) {
        ResourceEntry entry = resources.get(t.resource());
        if (entry == null) {
            return;
        }
        Version[] versions = entry.versions(t.relation());
        for (int i = 0; i < versions.length; i++) {
            Version v = versions[i];
            if (v.deleted == deletedAt && v.subject.equals(t.subject())) {
                Version[] next = new Version[versions.length - 1];
                System.arraycopy(versions, 0, next, 0, i);
                System.arraycopy(versions, i + 1, next, i, versions.length - i - 1);
                entry.put(t.relation(), next);
                retainedVersions--;
                if (entry.isEmpty()) {
                    resources.remove(t.resource());
                }
                return;
            }
        }
    }

    @Override
    public List<SubjectRef> subjects(ObjectRef resource, String relation, long revision) {
        checkReadable(revision);
        ResourceEntry entry = resources.get(resource);
        List<SubjectRef> out;
        if (entry == null) {
            out = List.of();
        } else {
            Version[] versions = entry.versions(relation);
            out = new ArrayList<>(versions.length);
            for (Version v : versions) {
                if (v.visibleAt(revision)) {
                    out.add(v.subject);
                }
            }
        }
        recheckAfterRead(revision);
        return out;
    }

    @Override
    public Page read(TupleFilter filter, long revision, int limit, String cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("read limit must be >= 1, was " + limit);
        }
        RelationTuple after = decodeCursor(cursor);
        checkReadable(revision);
        List<RelationTuple> matches = new ArrayList<>();
        if (filter.resourceId() != null) {
            ObjectRef resource = new ObjectRef(filter.resourceType(), filter.resourceId());
            collect(resource, resources.get(resource), filter, revision, after, matches);
        } else {
            // Unindexed scan: reads without a resource id walk every resource (O(n) per page).
            for (Map.Entry<ObjectRef, ResourceEntry> e : resources.entrySet()) {
                if (filter.resourceType() == null
                        || filter.resourceType().equals(e.getKey().type())) {
                    collect(e.getKey(), e.getValue(), filter, revision, after, matches);
                }
            }
        }
        recheckAfterRead(revision);
        Collections.sort(matches);
        if (matches.size() <= limit) {
            return new Page(matches, revision, null);
        }
        List<RelationTuple> rows = matches.subList(0, limit);
        return new Page(rows, revision, encodeCursor(rows.get(limit - 1)));
    }

    private static void collect(
            ObjectRef resource,
            ResourceEntry entry,
            TupleFilter filter,
            long revision,
            RelationTuple after,
            List<RelationTuple> out) {
        if (entry == null) {
            return;
        }
        for (RelationSlot slot : entry.slots) {
            if (filter.relation() != null && !filter.relation().equals(slot.relation)) {
                continue;
            }
            for (Version v : slot.versions) {
                if (!v.visibleAt(revision)
                        || (filter.subject() != null && !filter.subject().equals(v.subject))) {
                    continue;
                }
                RelationTuple t = new RelationTuple(resource, slot.relation, v.subject);
                if (after == null || t.compareTo(after) > 0) {
                    out.add(t);
                }
            }
        }
    }

    private static String encodeCursor(RelationTuple last) {
        return CURSOR_PREFIX
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(last.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static RelationTuple decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        if (!cursor.startsWith(CURSOR_PREFIX)) {
            throw new IllegalArgumentException("invalid read cursor '" + cursor + "': not issued by this store");
        }
        try {
            byte[] raw = java.util.Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length()));
            return RelationTuple.parse(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid read cursor '" + cursor + "': " + e.getMessage(), e);
        }
    }

    @Override
    public WatchSubscription watch(long afterRevision, int bufferCapacity) {
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("watch buffer capacity must be >= 1, was " + bufferCapacity);
        }
        writeLock.lock();
        try {
            ensureOpen();
            checkReadable(afterRevision);
            InMemoryWatch w = new InMemoryWatch(this, afterRevision, bufferCapacity);
            List<Change> replay = new ArrayList<>();
            for (Change c : changeLog) {
                if (c.revision() > afterRevision) {
                    replay.add(c);
                }
            }
            w.offerAll(replay);
            watches.add(w);
            return w;
        } finally {
            writeLock.unlock();
        }
    }

    void unregister(InMemoryWatch w) {
        watches.remove(w);
    }

    @Override
    public RevisionLease pin(long revision) {
        writeLock.lock();
        try {
            checkReadable(revision);
            pins.merge(revision, 1, Integer::sum);
            return new ReleasedOnce(revision, this::unpin);
        } finally {
            writeLock.unlock();
        }
    }

    private void unpin(long revision) {
        writeLock.lock();
        try {
            pins.computeIfPresent(revision, (r, n) -> n == 1 ? null : n - 1);
            if (!closed) {
                compact();
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public StoreStats stats() {
        writeLock.lock();
        try {
            ensureOpen();
            int pinned = 0;
            for (int n : pins.values()) {
                pinned += n;
            }
            return new StoreStats(liveTuples, retainedVersions, changeLog.size(), watches.size(), pinned, 0, 0);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (InMemoryWatch w : List.copyOf(watches)) {
                w.close();
            }
            resources.clear();
            removals.clear();
            changeLog.clear();
        } finally {
            writeLock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException("the tuple store is closed");
        }
    }

    private void checkReadable(long revision) {
        ensureOpen();
        long current = currentRevision;
        if (revision > current) {
            throw new RevisionCompactedException(
                    "revision " + revision + " is in the future: the current revision is " + current);
        }
        long oldest = watermark;
        if (revision < oldest) {
            throw new RevisionCompactedException(
                    "revision " + revision + " was compacted: the oldest readable revision is " + oldest
                            + " (retain more revisions or pin one with a lease)");
        }
    }

    private void recheckAfterRead(long revision) {
        long oldest = watermark;
        if (revision < oldest) {
            throw new RevisionCompactedException("revision " + revision
                    + " was compacted during the read: the oldest readable revision is now " + oldest);
        }
        ensureOpen();
    }

    private static final class Version {
        final SubjectRef subject;
        final long created;
        final long deleted;

        Version(SubjectRef subject, long created, long deleted) {
            this.subject = subject;
            this.created = created;
            this.deleted = deleted;
        }

        boolean visibleAt(long revision) {
            return created <= revision && revision < deleted;
        }
    }

    private record RelationSlot(String relation, Version[] versions) {}

    /** The relations of one resource: a small array, replaced copy-on-write by the writer. */
    private static final class ResourceEntry {
        private static final Version[] NONE = new Version[0];
        volatile RelationSlot[] slots = new RelationSlot[0];

        Version[] versions(String relation) {
            for (RelationSlot s : slots) {
                if (s.relation.equals(relation)) {
                    return s.versions;
                }
            }
            return NONE;
        }

        void put(String relation, Version[] versions) {
            RelationSlot[] current = slots;
            for (int i = 0; i < current.length; i++) {
                if (current[i].relation.equals(relation)) {
                    RelationSlot[] next;
                    if (versions.length == 0) {
                        next = new RelationSlot[current.length - 1];
                        System.arraycopy(current, 0, next, 0, i);
                        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    } else {
                        next = current.clone();
                        next[i] = new RelationSlot(relation, versions);
                    }
                    slots = next;
                    return;
                }
            }
            if (versions.length > 0) {
                RelationSlot[] next = Arrays.copyOf(current, current.length + 1);
                next[current.length] = new RelationSlot(relation, versions);
                slots = next;
            }
        }

        boolean isEmpty() {
            return slots.length == 0;
        }
    }

    private record PendingRemoval(RelationTuple tuple, long deletedAt) {}
}
