package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.CheckResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.store.InMemoryTupleStore;
import dev.leakbench.engine.store.RevisionCompactedException;
import dev.leakbench.engine.store.RevisionLease;
import org.junit.jupiter.api.Test;

/** Grant, check, revoke, check again: at the new revision and at the old one, pinned by a snapshot. */
class RevisionSemanticsTest {

    static final ObjectRef DOC = ObjectRef.parse("document:plan");
    static final SubjectRef ALICE = SubjectRef.parse("user:alice");

    static AuthorizationEngine engine(InMemoryTupleStore store, long cacheCapacity) {
        return AuthorizationEngine.builder()
                .schema(CheckSemanticsTest.SCHEMA)
                .store(store)
                .cacheCapacity(cacheCapacity)
                .build();
    }

    @Test
    void revocationIsSeenFromItsRevisionOnAndTheOldRevisionStillAllows() {
        try (AuthorizationEngine engine = engine(new InMemoryTupleStore(0), 100)) {
            long granted = engine.write(
                    RelationTuple.parse("document:plan#viewer@group:eng#member"),
                    RelationTuple.parse("group:eng#member@user:alice"));
            assertEquals(new CheckResult(true, granted), engine.check(DOC, "can_view", ALICE));

            try (RevisionLease old = engine.snapshot()) {
                assertEquals(granted, old.revision());
                long revoked = engine.delete(RelationTuple.parse("group:eng#member@user:alice"));
                assertEquals(granted + 1, revoked);

                assertEquals(new CheckResult(false, revoked), engine.check(DOC, "can_view", ALICE));
                assertEquals(new CheckResult(false, revoked), engine.check(DOC, "can_view", ALICE, revoked));
                assertEquals(new CheckResult(true, granted), engine.check(DOC, "can_view", ALICE, granted));
                assertEquals(true, engine.expand(DOC, "can_view", 10, granted).includes(ALICE));
                assertEquals(false, engine.expand(DOC, "can_view", 10, revoked).includes(ALICE));

                long regranted = engine.write(RelationTuple.parse("document:plan#viewer@user:alice"));
                assertEquals(new CheckResult(true, regranted), engine.check(DOC, "can_view", ALICE));
                assertEquals(new CheckResult(false, revoked), engine.check(DOC, "can_view", ALICE, revoked));

                long banned = engine.write(RelationTuple.parse("document:plan#banned@user:alice"));
                assertEquals(new CheckResult(false, banned), engine.check(DOC, "can_view", ALICE));
                assertEquals(new CheckResult(true, regranted), engine.check(DOC, "can_view", ALICE, regranted));
            }
        }
    }

    @Test
    void anOldRevisionIsUnreadableOnceItsSnapshotIsClosed() {
        // no cache: a cached decision would (correctly) still answer for the old revision
        try (AuthorizationEngine engine = engine(new InMemoryTupleStore(0), 0)) {
            long first = engine.write(RelationTuple.parse("document:plan#viewer@user:alice"));
            RevisionLease lease = engine.snapshot();
            engine.delete(RelationTuple.parse("document:plan#viewer@user:alice"));
            engine.write(RelationTuple.parse("document:plan#viewer@user:bob"));
            assertEquals(true, engine.check(DOC, "viewer", ALICE, first).allowed());
            lease.close();
            engine.write(RelationTuple.parse("document:plan#viewer@user:carol"));

            RevisionCompactedException e =
                    assertThrows(RevisionCompactedException.class, () -> engine.check(DOC, "viewer", ALICE, first));
            assertEquals(
                    "revision 1 was compacted: the oldest readable revision is 4"
                            + " (retain more revisions or pin one with a lease)",
                    e.getMessage());
        }
    }

    @Test
    void aFutureRevisionIsRejectedAndNeverCached() {
        try (AuthorizationEngine engine = engine(new InMemoryTupleStore(), 100)) {
            long current = engine.write(RelationTuple.parse("document:plan#viewer@user:alice"));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> engine.check(DOC, "viewer", ALICE, current + 1));
            assertEquals("revision 2 is in the future: the current revision is 1", e.getMessage());
            long next = engine.delete(RelationTuple.parse("document:plan#viewer@user:alice"));
            assertEquals(current + 1, next);
            assertEquals(false, engine.check(DOC, "viewer", ALICE, next).allowed());

            IllegalArgumentException negative =
                    assertThrows(IllegalArgumentException.class, () -> engine.check(DOC, "viewer", ALICE, -1));
            assertEquals("revision must be >= 0, was -1", negative.getMessage());
        }
    }

    @Test
    void revisionZeroIsTheEmptyStore() {
        try (AuthorizationEngine engine = engine(new InMemoryTupleStore(), 100)) {
            assertEquals(0, engine.currentRevision());
            assertEquals(new CheckResult(false, 0), engine.check(DOC, "viewer", ALICE));
            long rev = engine.write(RelationTuple.parse("document:plan#viewer@user:alice"));
            assertEquals(new CheckResult(false, 0), engine.check(DOC, "viewer", ALICE, 0));
            assertEquals(new CheckResult(true, rev), engine.check(DOC, "viewer", ALICE));
        }
    }
}
