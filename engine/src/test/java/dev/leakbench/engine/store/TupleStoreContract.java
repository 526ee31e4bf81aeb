package dev.leakbench.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The semantics every {@link TupleStore} must have, whatever holds the tuples. Extend it, implement
 * {@link #newStore}, and the store is held to the SPI: revisions, MVCC visibility, idempotent
 * mutations, Read order and paging, bounded history under compaction, leases, watches with bounded
 * buffers, behaviour after close, and concurrent writers.
 *
 * <p>Stores this class creates are closed after each test; override {@link #disposeStore} to clean up
 * more (a database, a directory).
 */
public abstract class TupleStoreContract {

    /** A new, empty store keeping {@code retainedRevisions} revisions behind the current one readable. */
    protected abstract TupleStore newStore(int retainedRevisions);

    /** Releases a store after a test; the default closes it. */
    protected void disposeStore(TupleStore store) {
        store.close();
    }

    /**
     * How many revisions past its retention window a store may keep before it compacts them. A store
     * that compacts on every write can return 0; one that compacts every n writes returns n. The bounds
     * on retained history are the retention window plus this lag.
     */
    protected int compactionLagRevisions() {
        return 64;
    }

    private final List<TupleStore> stores = new ArrayList<>();

    /** A new store, disposed of after the test. */
    protected final TupleStore open(int retainedRevisions) {
        TupleStore store = newStore(retainedRevisions);
        stores.add(store);
        return store;
    }

    @AfterEach
    void disposeStores() {
        for (TupleStore store : stores) {
            try {
                disposeStore(store);
            } catch (StoreClosedException alreadyClosedByTheTest) {
                // the SPI lets close() on a closed store throw; the store is released either way
            }
        }
        stores.clear();
    }

    // ---- revisions and visibility ----

    @Test
    void anEmptyStoreIsAtRevisionZeroAndHoldsNothing() {
        TupleStore store = open(10);
        assertEquals(0, store.currentRevision(), "current revision of an empty store");
        assertEquals(0, store.oldestReadableRevision(), "oldest readable revision of an empty store");
        Page page = store.read(TupleFilter.all(), 0, 10, null);
        assertEquals(List.of(), page.rows(), "rows of an empty store");
        assertEquals(0, page.revision(), "revision of the page");
        assertNull(page.nextCursor(), "an empty store has no next page");
        StoreStats stats = store.stats();
        assertEquals(0, stats.liveTuples(), "live tuples: " + stats);
        assertEquals(0, stats.retainedVersions(), "retained versions: " + stats);
        assertEquals(0, stats.changeLogEntries(), "change log entries: " + stats);
        assertEquals(0, stats.openWatches(), "open watches: " + stats);
        assertEquals(0, stats.pinnedRevisions(), "pinned revisions: " + stats);
    }

    @Test
    void everyWriteIsExactlyOneNewRevisionEvenWhenItChangesNothing() {
        TupleStore store = open(100);
        assertEquals(1, write(store, "document:a#viewer@user:alice"), "first write");
        assertEquals(
                2,
                store.write(List.of(
                        TupleMutation.write(t("document:b#viewer@user:alice")),
                        TupleMutation.write(t("document:c#viewer@user:alice")),
                        TupleMutation.delete(t("document:a#viewer@user:alice")))),
                "a batch of 3 mutations is one revision");
        assertEquals(
                3, write(store, "document:b#viewer@user:alice"), "writing an existing tuple still yields a revision");
        assertEquals(
                4,
                delete(store, "document:zzz#viewer@user:nobody"),
                "deleting a missing tuple still yields a revision");
        assertEquals(4, store.currentRevision(), "current revision after 4 writes");
    }

    @Test
    void writesAndDeletesAreVisibleFromTheirRevisionOnwardsAndNotBefore() {
        TupleStore store = open(100);
        RelationTuple tuple = t("document:readme#viewer@user:alice");
        ObjectRef readme = tuple.resource();
        long before = write(store, "document:other#viewer@user:bob");
        long written = write(store, tuple.toString());
        long deleted = delete(store, tuple.toString());

        assertEquals(List.of(), store.subjects(readme, "viewer", before), "subjects before the write, at " + before);
        assertEquals(
                List.of(tuple.subject()),
                store.subjects(readme, "viewer", written),
                "subjects at the write, " + written);
        assertEquals(List.of(tuple), store.tuples(readme, "viewer", written), "tuples at the write, " + written);
        assertEquals(List.of(), store.subjects(readme, "viewer", deleted), "subjects at the delete, " + deleted);
        assertEquals(List.of(tuple), readAll(store, TupleFilter.resource(readme), written, 10), "read at " + written);
        assertEquals(List.of(), readAll(store, TupleFilter.resource(readme), deleted, 10), "read at " + deleted);

        StoreStats stats = store.stats();
        assertEquals(1, stats.liveTuples(), "only document:other is live: " + stats);
        assertEquals(2, stats.retainedVersions(), "the deleted version is retained within the window: " + stats);
        assertEquals(3, stats.changeLogEntries(), "write, write, delete are logged: " + stats);
    }

    @Test
    void writingAnExistingTupleIsIdempotent() {
        TupleStore store = open(100);
        String tuple = "document:readme#viewer@user:alice";
        for (int i = 0; i < 3; i++) {
            write(store, tuple);
        }
        long revision = store.currentRevision();
        assertEquals(
                List.of(t(tuple)), readAll(store, TupleFilter.all(), revision, 10), "one row after 3 writes of it");
        StoreStats stats = store.stats();
        assertEquals(1, stats.liveTuples(), "live tuples after 3 writes of one tuple: " + stats);
        assertEquals(1, stats.retainedVersions(), "versions after 3 writes of one tuple: " + stats);
        assertEquals(1, stats.changeLogEntries(), "only the first write changed anything: " + stats);

        long deleted = delete(store, tuple);
        delete(store, tuple);
        assertEquals(List.of(), readAll(store, TupleFilter.all(), deleted, 10), "one delete removes it");
        assertEquals(0, store.stats().liveTuples(), "live tuples after delete: " + store.stats());
    }

    @Test
    void aBatchIsAppliedInOrderAsOneRevision() {
        TupleStore store = open(100);
        write(store, "document:old#viewer@user:alice");
        long revision = store.write(List.of(
                TupleMutation.write(t("document:a#viewer@user:alice")),
                TupleMutation.write(t("document:b#viewer@user:alice")),
                TupleMutation.delete(t("document:a#viewer@user:alice")), // written and deleted: absent
                TupleMutation.delete(t("document:old#viewer@user:alice")),
                TupleMutation.write(t("document:old#viewer@user:alice")), // deleted and written: present
                TupleMutation.write(t("document:c#viewer@user:alice"))));
        assertEquals(2, revision, "the batch is revision 2");
        assertEquals(
                tuples(
                        "document:b#viewer@user:alice",
                        "document:c#viewer@user:alice",
                        "document:old#viewer@user:alice"),
                readAll(store, TupleFilter.all(), revision, 10),
                "rows at the batch's revision");
        assertEquals(
                tuples("document:old#viewer@user:alice"),
                readAll(store, TupleFilter.all(), revision - 1, 10),
                "nothing of the batch is visible before it");
        assertEquals(3, store.stats().liveTuples(), "live tuples: " + store.stats());
    }

    @Test
    void subjectsReturnsPlainUsersetAndWildcardSubjects() {
        TupleStore store = open(100);
        store.write(mutations(
                TupleMutation.Operation.WRITE,
                "folder:docs#viewer@user:alice",
                "folder:docs#viewer@group:eng#member",
                "folder:docs#viewer@user:*",
                "folder:docs#editor@user:bob",
                "folder:other#viewer@user:carol"));
        long revision = store.currentRevision();
        ObjectRef docs = ObjectRef.parse("folder:docs");
        assertEquals(
                Set.of(
                        SubjectRef.of("user", "alice"),
                        SubjectRef.userset("group", "eng", "member"),
                        SubjectRef.wildcard("user")),
                new HashSet<>(store.subjects(docs, "viewer", revision)),
                "viewers of folder:docs");
        assertEquals(
                List.of(SubjectRef.of("user", "bob")),
                store.subjects(docs, "editor", revision),
                "editors of folder:docs");
        assertEquals(List.of(), store.subjects(docs, "owner", revision), "no owners");
        assertEquals(List.of(), store.subjects(ObjectRef.parse("folder:none"), "viewer", revision), "unknown resource");
    }

    // ---- read ----

    @Test
    void readReturnsEveryMatchingRowExactlyOnceInTupleOrderAcrossPages() {
        TupleStore store = open(100);
        List<RelationTuple> all = dataset();
        store.write(all.stream().map(TupleMutation::write).toList());
        long revision = store.currentRevision();

        List<TupleFilter> filters = List.of(
                TupleFilter.all(),
                new TupleFilter("document", null, null, null),
                new TupleFilter("document", "Zeta", null, null),
                TupleFilter.resource(ObjectRef.of("document", "alpha"), "viewer"),
                new TupleFilter(null, null, "editor", null),
                TupleFilter.subject(SubjectRef.of("user", "alice")),
                TupleFilter.subject(SubjectRef.userset("group", "eng", "member")),
                TupleFilter.subject(SubjectRef.wildcard("user")),
                new TupleFilter("folder", "root", "viewer", SubjectRef.of("user", "Bob")),
                new TupleFilter("nothing", null, null, null));
        for (TupleFilter filter : filters) {
            List<RelationTuple> expected =
                    all.stream().filter(filter::matches).sorted().toList();
            for (int limit : new int[] {1, 2, 7, expected.size() == 0 ? 1 : expected.size(), 1000}) {
                assertEquals(
                        expected,
                        readAll(store, filter, revision, limit),
                        "read " + filter + " with limit " + limit + ": " + expected.size()
                                + " rows expected in tuple order");
            }
        }
    }

    @Test
    void pagingAtARevisionIgnoresWritesMadeBetweenPages() {
        TupleStore store = open(1000);
        List<RelationTuple> all = dataset();
        store.write(all.stream().map(TupleMutation::write).toList());
        long revision = store.currentRevision();
        List<RelationTuple> expected = all.stream().sorted().toList();

        List<RelationTuple> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page page = store.read(TupleFilter.all(), revision, 5, cursor);
            assertEquals(revision, page.revision(), "page revision");
            seen.addAll(page.rows());
            cursor = page.nextCursor();
            // rows before and after the cursor position change between pages
            store.write(List.of(
                    TupleMutation.write(t("document:aaa" + pages + "#viewer@user:x")),
                    TupleMutation.write(t("user:zzz" + pages + "#viewer@user:x")),
                    TupleMutation.delete(expected.get(pages))));
            pages++;
            assertTrue(pages <= expected.size() + 1, "paging did not end after " + pages + " pages");
        } while (cursor != null);
        assertEquals(
                expected,
                seen,
                "all " + expected.size() + " rows of revision " + revision + " despite " + pages
                        + " writes between pages");
    }

    @Test
    void readRejectsABadLimitAndCursorsTheStoreDidNotIssue() {
        TupleStore store = open(100);
        store.write(dataset().stream().map(TupleMutation::write).toList());
        long revision = store.currentRevision();
        assertThrows(IllegalArgumentException.class, () -> store.read(TupleFilter.all(), revision, 0, null), "limit 0");
        assertThrows(
                IllegalArgumentException.class, () -> store.read(TupleFilter.all(), revision, -5, null), "limit -5");
        for (String bad : List.of("not-a-cursor", "%%%", "bm90IGEgY3Vyc29y" /* base64 of "not a cursor" */)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.read(TupleFilter.all(), revision, 5, bad),
                    "cursor '" + bad + "' was never issued");
        }
        // the store still works after rejecting them
        assertEquals(
                dataset().size(), readAll(store, TupleFilter.all(), revision, 5).size(), "rows after bad cursors");
    }

    @Test
    void readingARevisionInTheFutureFails() {
        TupleStore store = open(100);
        long current = write(store, "document:a#viewer@user:alice");
        ObjectRef a = ObjectRef.parse("document:a");
        // RevisionCompactedException documents "a revision ... in the future" as its case too
        assertThrows(
                RevisionCompactedException.class, () -> store.read(TupleFilter.all(), current + 1, 10, null), "read");
        assertThrows(RevisionCompactedException.class, () -> store.subjects(a, "viewer", current + 1), "subjects");
        assertThrows(RevisionCompactedException.class, () -> store.pin(current + 1), "pin");
    }

    // ---- compaction and leases ----

    @Test
    void compactionKeepsHistoryBoundedUnderSteadyWriteDeleteLoad() {
        int retained = 5;
        int window = 8;
        int cycles = 600;
        TupleStore store = open(retained);
        long maxVersions = 0;
        long maxChanges = 0;
        for (int i = 0; i < cycles; i++) {
            write(store, "document:d" + i + "#viewer@user:u" + i);
            if (i >= window) {
                delete(store, "document:d" + (i - window) + "#viewer@user:u" + (i - window));
            }
            if (i % 10 == 0 || i == cycles - 1) {
                StoreStats stats = store.stats();
                maxVersions = Math.max(maxVersions, stats.retainedVersions());
                maxChanges = Math.max(maxChanges, stats.changeLogEntries());
            }
        }
        long current = store.currentRevision();
        // one change per revision, at most one deleted version per revision
        long historyBound = retained + compactionLagRevisions() + 1;
        StoreStats stats = store.stats();
        assertEquals(window, stats.liveTuples(), "steady state keeps " + window + " live tuples: " + stats);
        assertTrue(
                maxVersions <= window + historyBound,
                "retained versions peaked at " + maxVersions + " after "
                        + current + " revisions; bound is " + window + " live + " + historyBound
                        + " deleted (retention "
                        + retained + ", compaction lag " + compactionLagRevisions() + ")");
        assertTrue(
                maxChanges <= historyBound,
                "change log peaked at " + maxChanges + " entries after " + current + " revisions; bound is "
                        + historyBound);

        long oldest = store.oldestReadableRevision();
        assertTrue(
                oldest <= current - retained,
                "the retention window must stay readable: oldest " + oldest + ", current " + current + ", retained "
                        + retained);
        assertTrue(
                oldest >= current - historyBound,
                "oldest readable revision " + oldest + " lags current " + current + " by more than " + historyBound);
        assertThrows(RevisionCompactedException.class, () -> store.read(TupleFilter.all(), 1, 10, null), "revision 1");
        assertThrows(
                RevisionCompactedException.class,
                () -> store.read(TupleFilter.all(), oldest - 1, 10, null),
                "revision " + (oldest - 1) + " just below the oldest readable " + oldest);
        assertThrows(
                RevisionCompactedException.class,
                () -> store.subjects(ObjectRef.parse("document:d1"), "viewer", oldest - 1),
                "subjects below the oldest");
        int rowsAtOldest = readAll(store, TupleFilter.all(), oldest, 100).size();
        // between a cycle's write and its delete one more tuple is live
        assertTrue(
                rowsAtOldest == window || rowsAtOldest == window + 1,
                rowsAtOldest + " rows at the oldest readable revision " + oldest + ", expected " + window + " or "
                        + (window + 1));
    }

    @Test
    void theRetentionWindowShowsEachRevisionAsItWas() {
        int retained = 10;
        TupleStore store = open(retained);
        Map<Long, List<RelationTuple>> snapshots = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            write(store, "document:d" + i + "#viewer@user:u" + i);
            delete(store, "document:d" + (i / 2) + "#viewer@user:u" + (i / 2));
            snapshots.put(store.currentRevision(), readAll(store, TupleFilter.all(), store.currentRevision(), 50));
        }
        long current = store.currentRevision();
        for (long revision = current - retained; revision <= current; revision++) {
            if (snapshots.containsKey(revision)) {
                assertEquals(
                        snapshots.get(revision),
                        readAll(store, TupleFilter.all(), revision, 7),
                        "revision " + revision + " read again later (current " + current + ")");
            }
        }
    }

    @Test
    void aLeaseKeepsItsRevisionReadableUntilClosed() {
        int retained = 2;
        TupleStore store = open(retained);
        store.write(
                mutations(TupleMutation.Operation.WRITE, "document:a#viewer@user:alice", "document:b#viewer@user:bob"));
        long pinned = store.currentRevision();
        List<RelationTuple> snapshot = readAll(store, TupleFilter.all(), pinned, 10);
        int churn = retained + compactionLagRevisions() + 50;

        RevisionLease lease = store.pin(pinned);
        assertEquals(pinned, lease.revision(), "lease revision");
        assertEquals(1, store.stats().pinnedRevisions(), "pinned revisions: " + store.stats());
        churn(store, churn);
        assertTrue(
                store.oldestReadableRevision() <= pinned,
                "oldest readable " + store.oldestReadableRevision() + " passed the pinned revision " + pinned);
        assertEquals(
                snapshot,
                readAll(store, TupleFilter.all(), pinned, 10),
                "pinned revision " + pinned + " after " + churn + " more writes");

        lease.close();
        lease.close(); // idempotent
        assertEquals(0, store.stats().pinnedRevisions(), "pinned revisions after close: " + store.stats());
        churn(store, churn);
        assertThrows(
                RevisionCompactedException.class,
                () -> store.read(TupleFilter.all(), pinned, 10, null),
                "revision " + pinned + " after its lease closed and " + churn + " more writes (current "
                        + store.currentRevision() + ")");
        assertThrows(RevisionCompactedException.class, () -> store.pin(pinned), "pinning a compacted revision");
    }

    @Test
    void twoLeasesOnOneRevisionKeepItUntilBothClose() {
        TupleStore store = open(0);
        long pinned = write(store, "document:a#viewer@user:alice");
        RevisionLease first = store.pin(pinned);
        RevisionLease second = store.pin(pinned);
        assertEquals(2, store.stats().pinnedRevisions(), "two leases: " + store.stats());
        first.close();
        churn(store, compactionLagRevisions() + 10);
        assertEquals(1, readAll(store, TupleFilter.all(), pinned, 10).size(), "still pinned by the second lease");
        second.close();
        churn(store, compactionLagRevisions() + 10);
        assertThrows(
                RevisionCompactedException.class,
                () -> store.read(TupleFilter.all(), pinned, 10, null),
                "revision " + pinned + " after both leases closed");
    }

    // ---- watch ----

    @Test
    void watchReplaysHistoryAfterARevisionThenDeliversLiveChangesInOrder() throws Exception {
        TupleStore store = open(100);
        long r1 = write(store, "document:a#viewer@user:alice");
        long r2 = write(store, "document:b#viewer@user:bob");
        long r3 = delete(store, "document:a#viewer@user:alice");
        long r4 = write(store, "document:c#viewer@user:carol");
        write(store, "document:c#viewer@user:carol"); // no-op: a revision without a change

        try (WatchSubscription watch = store.watch(r1, 100)) {
            assertTrue(watch.isOpen(), "a new watch is open");
            assertEquals(r1, watch.lastDeliveredRevision(), "nothing delivered yet");
            assertEquals(
                    new Change(r2, TupleMutation.Operation.WRITE, t("document:b#viewer@user:bob")),
                    poll(watch),
                    "replay 1");
            assertEquals(
                    new Change(r3, TupleMutation.Operation.DELETE, t("document:a#viewer@user:alice")),
                    poll(watch),
                    "replay 2");
            assertEquals(
                    new Change(r4, TupleMutation.Operation.WRITE, t("document:c#viewer@user:carol")),
                    poll(watch),
                    "replay 3");
            assertEquals(r4, watch.lastDeliveredRevision(), "last delivered after replay");
            assertNull(watch.poll(Duration.ofMillis(50)), "no change after the replay until a write");

            long r6 = store.write(List.of(
                    TupleMutation.write(t("document:d#viewer@user:dan")),
                    TupleMutation.delete(t("document:b#viewer@user:bob"))));
            assertEquals(
                    List.of(
                            new Change(r6, TupleMutation.Operation.WRITE, t("document:d#viewer@user:dan")),
                            new Change(r6, TupleMutation.Operation.DELETE, t("document:b#viewer@user:bob"))),
                    watch.drain(10),
                    "a live batch in batch order");
            assertEquals(r6, watch.lastDeliveredRevision(), "last delivered after the live batch");

            // a consumer blocked in poll is woken by a write from another thread
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<Long> r7 = writer.submit(() -> {
                    Thread.sleep(100);
                    return write(store, "document:e#viewer@user:eve");
                });
                Change live = watch.poll(Duration.ofSeconds(10));
                assertNotNull(live, "poll was not woken by a write from another thread within 10 s");
                assertEquals(
                        new Change(
                                r7.get(10, TimeUnit.SECONDS),
                                TupleMutation.Operation.WRITE,
                                t("document:e#viewer@user:eve")),
                        live,
                        "the change written while polling");
            } finally {
                writer.shutdownNow();
            }
        }
    }

    @Test
    void watchFromTheCurrentRevisionSeesOnlyNewChanges() throws Exception {
        TupleStore store = open(100);
        write(store, "document:a#viewer@user:alice");
        try (WatchSubscription watch = store.watch(store.currentRevision(), 10)) {
            assertEquals(List.of(), watch.drain(10), "no history after the current revision");
            long r = write(store, "document:b#viewer@user:bob");
            assertEquals(
                    new Change(r, TupleMutation.Operation.WRITE, t("document:b#viewer@user:bob")),
                    poll(watch),
                    "live change");
        }
    }

    @Test
    void aSlowConsumerOverflowsInsteadOfBufferingMoreThanItsCapacity() throws Exception {
        int capacity = 4;
        TupleStore store = open(100);
        WatchSubscription watch = store.watch(store.currentRevision(), capacity);
        for (int i = 0; i < capacity; i++) {
            write(store, "document:d" + i + "#viewer@user:u");
        }
        List<Change> exactlyFull = watch.drain(100);
        assertEquals(capacity, exactlyFull.size(), "a buffer of " + capacity + " holds " + capacity + " changes");
        long delivered = watch.lastDeliveredRevision();
        assertEquals(store.currentRevision(), delivered, "last delivered revision");

        for (int i = 0; i <= capacity; i++) {
            write(store, "document:e" + i + "#viewer@user:u");
        }
        assertThrows(
                WatchOverflowException.class,
                () -> watch.drain(100),
                (capacity + 1) + " unconsumed changes overflow a buffer of " + capacity);
        assertThrows(
                WatchOverflowException.class, () -> watch.poll(Duration.ZERO), "an overflowed watch stays overflowed");
        assertEquals(delivered, watch.lastDeliveredRevision(), "nothing was delivered after the overflow");
        assertEquals(1, store.stats().openWatches(), "an overflowed watch is open until closed: " + store.stats());
        watch.close();
        assertEquals(0, store.stats().openWatches(), "closed: " + store.stats());

        // the documented recovery: re-subscribe from the last delivered revision
        try (WatchSubscription again = store.watch(delivered, 2 * capacity)) {
            List<Change> missed = again.drain(100);
            assertEquals(capacity + 1, missed.size(), "changes after revision " + delivered + ": " + missed);
            assertEquals(store.currentRevision(), again.lastDeliveredRevision(), "caught up");
        }
    }

    @Test
    void closingWatchesReleasesThem() throws Exception {
        TupleStore store = open(100);
        WatchSubscription a = store.watch(0, 10);
        WatchSubscription b = store.watch(0, 10);
        WatchSubscription c = store.watch(0, 10);
        assertEquals(3, store.stats().openWatches(), "three watches: " + store.stats());
        b.close();
        b.close(); // idempotent
        assertFalse(b.isOpen(), "closed watch reports closed");
        assertEquals(2, store.stats().openWatches(), "after closing one (twice): " + store.stats());
        assertThrows(StoreClosedException.class, () -> b.poll(Duration.ZERO), "poll on a closed watch");
        assertThrows(StoreClosedException.class, () -> b.drain(1), "drain on a closed watch");
        for (int i = 0; i < 20; i++) {
            write(store, "document:d" + i + "#viewer@user:u");
        }
        assertEquals(2, store.stats().openWatches(), "writes do not resurrect a closed watch: " + store.stats());
        a.close();
        c.close();
        assertEquals(0, store.stats().openWatches(), "all closed: " + store.stats());
    }

    @Test
    void watchFromACompactedRevisionFails() {
        TupleStore store = open(3);
        churn(store, 3 + compactionLagRevisions() + 20);
        long oldest = store.oldestReadableRevision();
        assertTrue(oldest > 0, "history was compacted: oldest readable " + oldest);
        assertThrows(RevisionCompactedException.class, () -> store.watch(0, 10), "watch after revision 0 < " + oldest);
        try (WatchSubscription ok = store.watch(oldest, 100)) {
            assertEquals(
                    store.currentRevision() - oldest,
                    ok.drain(1000).size(),
                    "one change per revision after the oldest readable " + oldest);
        }
    }

    // ---- close ----

    @Test
    void everyMethodFailsAfterTheStoreIsClosed() throws Exception {
        TupleStore store = open(100);
        long revision = write(store, "document:a#viewer@user:alice");
        WatchSubscription watch = store.watch(0, 10);
        RevisionLease lease = store.pin(revision);
        store.close();

        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("currentRevision", store::currentRevision);
        calls.put("oldestReadableRevision", store::oldestReadableRevision);
        calls.put("write", () -> write(store, "document:b#viewer@user:bob"));
        calls.put("subjects", () -> store.subjects(ObjectRef.parse("document:a"), "viewer", revision));
        calls.put("tuples", () -> store.tuples(ObjectRef.parse("document:a"), "viewer", revision));
        calls.put("read", () -> store.read(TupleFilter.all(), revision, 10, null));
        calls.put("watch", () -> store.watch(revision, 10));
        calls.put("pin", () -> store.pin(revision));
        calls.put("stats", store::stats);
        calls.put("poll on a watch of the closed store", () -> watch.poll(Duration.ZERO));
        calls.put("drain on a watch of the closed store", () -> watch.drain(10));
        for (Map.Entry<String, Executable> call : calls.entrySet()) {
            assertThrows(StoreClosedException.class, call.getValue(), call.getKey() + " after close");
        }
        assertFalse(watch.isOpen(), "closing the store closes its watches");
        lease.close(); // closing a lease of a closed store is harmless
    }

    // ---- concurrency ----

    @Test
    void concurrentWritersGetDistinctConsecutiveRevisionsAndKeepAllTheirTuples() throws Exception {
        int threads = 4;
        int writesEach = 50;
        TupleStore store = open(10_000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> revisions = new ArrayList<>();
                    for (int i = 0; i < writesEach; i++) {
                        revisions.add(write(store, "document:w" + writer + "_" + i + "#viewer@user:u" + writer));
                    }
                    return revisions;
                }));
            }
            start.countDown();
            List<Long> revisions = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                List<Long> own = result.get(60, TimeUnit.SECONDS);
                for (int i = 1; i < own.size(); i++) {
                    assertTrue(own.get(i) > own.get(i - 1), "one writer's revisions increase: " + own);
                }
                revisions.addAll(own);
            }
            int total = threads * writesEach;
            assertEquals(
                    LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()),
                    revisions.stream().sorted().toList(),
                    total + " writes get exactly the revisions 1.." + total);
            assertEquals(total, store.currentRevision(), "current revision");
            assertEquals(total, readAll(store, TupleFilter.all(), total, 64).size(), "tuples at revision " + total);
            assertEquals(total, store.stats().liveTuples(), "live tuples: " + store.stats());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    protected static RelationTuple t(String text) {
        return RelationTuple.parse(text);
    }

    private static List<RelationTuple> tuples(String... texts) {
        return Arrays.stream(texts).map(RelationTuple::parse).toList();
    }

    private static List<TupleMutation> mutations(TupleMutation.Operation op, String... texts) {
        return Arrays.stream(texts).map(text -> new TupleMutation(op, t(text))).toList();
    }

    protected static long write(TupleStore store, String tuple) {
        return store.write(List.of(TupleMutation.write(t(tuple))));
    }

    protected static long delete(TupleStore store, String tuple) {
        return store.write(List.of(TupleMutation.delete(t(tuple))));
    }

    /** Writes and deletes a tuple {@code revisions} times, one revision each: history without growth. */
    private static void churn(TupleStore store, int revisions) {
        for (int i = 0; i < revisions; i++) {
            String tuple = "churn:c" + (i / 2) + "#viewer@user:u";
            if (i % 2 == 0) {
                write(store, tuple);
            } else {
                delete(store, tuple);
            }
        }
    }

    /** All rows of a Read at {@code revision}, page by page; fails on a page over the limit or endless paging. */
    protected static List<RelationTuple> readAll(TupleStore store, TupleFilter filter, long revision, int limit) {
        List<RelationTuple> rows = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page page = store.read(filter, revision, limit, cursor);
            assertTrue(page.rows().size() <= limit, "page of " + page.rows().size() + " rows over the limit " + limit);
            assertEquals(revision, page.revision(), "page revision");
            rows.addAll(page.rows());
            cursor = page.nextCursor();
            if (++pages > 10_000) {
                fail("paging " + filter + " at limit " + limit + " did not end after " + pages + " pages");
            }
        } while (cursor != null);
        return rows;
    }

    private static Change poll(WatchSubscription watch) throws InterruptedException {
        Change change = watch.poll(Duration.ofSeconds(5));
        assertNotNull(change, "no change within 5 s");
        return change;
    }

    /**
     * Tuples whose order exercises every sort key: upper case before lower case (as String order has
     * it), digits, plain subjects before usersets of the same object, wildcards and usersets.
     */
    private static List<RelationTuple> dataset() {
        List<RelationTuple> tuples = new ArrayList<>();
        String[] resources = {
            "document:alpha", "document:Zeta", "document:beta_2", "document:beta10", "folder:root", "folder:Root"
        };
        String[] relations = {"viewer", "editor", "owner"};
        String[] subjects = {"user:alice", "user:Bob", "user:*", "group:eng#member", "group:eng", "group:eng#admin"};
        int i = 0;
        for (String resource : resources) {
            for (String relation : relations) {
                for (String subject : subjects) {
                    if (i++ % 3 != 1) { // leave gaps so filters differ
                        tuples.add(t(resource + "#" + relation + "@" + subject));
                    }
                }
            }
        }
        return tuples;
    }
}
