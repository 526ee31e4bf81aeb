package dev.leakbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.engine.schema.SchemaException;
import dev.leakbench.engine.store.InMemoryTupleStore;
import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.engine.store.StoreClosedException;
import dev.leakbench.engine.store.WatchOverflowException;
import dev.leakbench.engine.store.WatchSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationEngineTest {

    static final String SCHEMA = """
            type user {}
            type group { relation member: user | group#member }
            type folder { relation viewer: user | group#member }
            type document {
              relation owner: user
              relation parent: folder
              relation viewer: user | user:* | group#member = this | owner | viewer from parent
              relation can_view = viewer
              relation note
            }
            """;

    static final ObjectRef DOC = ObjectRef.parse("document:d");
    static final SubjectRef ALICE = SubjectRef.parse("user:alice");

    AuthorizationEngine engine;

    @BeforeEach
    void setUp() {
        engine = AuthorizationEngine.builder().schema(SCHEMA).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    static RelationTuple t(String text) {
        return RelationTuple.parse(text);
    }

    // ---------------------------------------------------------------- builder

    @Test
    void builderDefaults() {
        assertEquals(10_000, engine.cache().capacity());
        assertEquals(32, engine.maxDepth());
        assertEquals(1024, engine.watchBufferCapacity());
        assertInstanceOf(InMemoryTupleStore.class, engine.store());
        assertEquals(0, engine.currentRevision());
        assertEquals("document", engine.schema().type("document").name());
    }

    @Test
    void builderRejectsMissingSchemaAndBadSettings() {
        IllegalStateException noSchema = assertThrows(
                IllegalStateException.class, () -> AuthorizationEngine.builder().build());
        assertEquals(
                "a schema is required: call schema(String) or schema(Schema) before build()", noSchema.getMessage());
        IllegalArgumentException watch = assertThrows(
                IllegalArgumentException.class,
                () -> AuthorizationEngine.builder().watchBufferCapacity(0));
        assertEquals("watchBufferCapacity must be >= 1, was 0", watch.getMessage());
        SchemaException schema = assertThrows(
                SchemaException.class, () -> AuthorizationEngine.builder().schema("type user { relation }"));
        assertEquals("line 1, column 22: expected relation name after 'relation', found '}'", schema.getMessage());
    }

    @Test
    void usesTheStoreItIsGivenAndClosesIt() {
        InMemoryTupleStore store = new InMemoryTupleStore(5);
        AuthorizationEngine own =
                AuthorizationEngine.builder().schema(SCHEMA).store(store).build();
        assertEquals(store, own.store());
        own.write(t("document:d#viewer@user:alice"));
        assertEquals(1, store.currentRevision());
        own.close();
        StoreClosedException e = assertThrows(StoreClosedException.class, store::currentRevision);
        assertEquals("the tuple store is closed", e.getMessage());
    }

    // ---------------------------------------------------------------- writes

    static Stream<Arguments> invalidTuples() {
        return Stream.of(
                Arguments.of(
                        "doc:x#viewer@user:a",
                        "invalid tuple 'doc:x#viewer@user:a': unknown type 'doc': the schema defines [user, group, folder, document]"),
                Arguments.of(
                        "document:x#viewr@user:a",
                        "invalid tuple 'document:x#viewr@user:a': type 'document' has no relation 'viewr': it defines"
                                + " [owner, parent, viewer, can_view, note]"),
                Arguments.of(
                        "document:x#can_view@user:a",
                        "invalid tuple 'document:x#can_view@user:a': relation 'document#can_view' is computed"
                                + " (no 'this' in its definition), so it cannot be written"),
                Arguments.of(
                        "document:x#parent@user:a",
                        "invalid tuple 'document:x#parent@user:a': relation 'document#parent' does not allow subject"
                                + " 'user:a' (allowed: folder)"),
                Arguments.of(
                        "document:x#owner@user:*",
                        "invalid tuple 'document:x#owner@user:*': relation 'document#owner' does not allow subject"
                                + " 'user:*' (allowed: user)"),
                Arguments.of(
                        "document:x#viewer@group:eng",
                        "invalid tuple 'document:x#viewer@group:eng': relation 'document#viewer' does not allow subject"
                                + " 'group:eng' (allowed: user | user:* | group#member)"),
                Arguments.of(
                        "document:x#viewer@team:eng#member",
                        "invalid tuple 'document:x#viewer@team:eng#member': unknown subject type 'team' in"
                                + " 'team:eng#member': the schema defines [user, group, folder, document]"),
                Arguments.of(
                        "document:x#viewer@group:eng#membr",
                        "invalid tuple 'document:x#viewer@group:eng#membr': type 'group' has no relation 'membr'"
                                + " (subject 'group:eng#membr'): it defines [member]"),
                Arguments.of(
                        "document:x#note@widget:w",
                        "invalid tuple 'document:x#note@widget:w': unknown subject type 'widget' in 'widget:w':"
                                + " the schema defines [user, group, folder, document]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTuples")
    void writesAreValidatedAgainstTheSchema(String tuple, String message) {
        IllegalArgumentException write = assertThrows(IllegalArgumentException.class, () -> engine.write(t(tuple)));
        assertEquals(message, write.getMessage());
        IllegalArgumentException delete = assertThrows(IllegalArgumentException.class, () -> engine.delete(t(tuple)));
        assertEquals(message, delete.getMessage());
        assertEquals(0, engine.currentRevision(), "nothing reached the store");
    }

    @Test
    void unrestrictedRelationAcceptsAnySubjectOfAKnownType() {
        long rev = engine.write(
                t("document:x#note@folder:f"), t("document:x#note@group:g#member"), t("document:x#note@user:*"));
        assertEquals(
                3,
                engine.read(TupleFilter.resource(ObjectRef.parse("document:x"), "note"), 10, null, rev)
                        .rows()
                        .size());
    }

    @Test
    void aBatchWithOneBadTupleWritesNothing() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> engine.write(List.of(
                        TupleMutation.write(t("document:d#viewer@user:alice")),
                        TupleMutation.write(t("document:d#viewr@user:bob")))));
        assertTrue(e.getMessage().startsWith("invalid tuple 'document:d#viewr@user:bob': "), e.getMessage());
        assertEquals(0, engine.currentRevision());
        assertEquals(List.of(), engine.read(TupleFilter.all(), 10, null).rows());
        assertFalse(engine.check(DOC, "viewer", ALICE).allowed());
    }

    @Test
    void nullMutationIsNamedByIndex() {
        List<TupleMutation> batch = new ArrayList<>();
        batch.add(TupleMutation.write(t("document:d#viewer@user:alice")));
        batch.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> engine.write(batch));
        assertEquals("mutation 1", e.getMessage());
    }

    @Test
    void eachWriteIsOneRevisionAndDeleteRemoves() {
        long first = engine.write(t("document:d#viewer@user:alice"), t("document:d#owner@user:bob"));
        long second = engine.delete(t("document:d#owner@user:bob"));
        long third = engine.write(List.of(
                TupleMutation.write(t("document:d#owner@user:carol")),
                TupleMutation.delete(t("document:d#viewer@user:alice"))));
        assertEquals(List.of(1L, 2L, 3L), List.of(first, second, third));
        assertEquals(3, engine.currentRevision());
        assertEquals(
                List.of(t("document:d#owner@user:carol")),
                engine.read(TupleFilter.resource(DOC), 10, null).rows());
        assertEquals(
                List.of(t("document:d#owner@user:bob"), t("document:d#viewer@user:alice")),
                engine.read(TupleFilter.resource(DOC), 10, null, first).rows());
    }

    static Stream<Arguments> malformedTuples() {
        return Stream.of(
                Arguments.of(
                        "document:x#viewer",
                        "malformed tuple 'document:x#viewer': expected resource#relation@subject (no '@')"),
                Arguments.of(
                        "document:x@user:a",
                        "malformed tuple 'document:x@user:a': expected resource#relation before '@' (no '#')"),
                Arguments.of(
                        "document:x#viewer@user:a@b",
                        "malformed tuple 'document:x#viewer@user:a@b': more than one '@'"),
                Arguments.of(
                        "document#viewer@user:a",
                        "malformed tuple 'document#viewer@user:a': malformed object 'document': expected type:id"),
                Arguments.of(
                        "document:x#vie wer@user:a",
                        "malformed tuple 'document:x#vie wer@user:a': invalid relation 'vie wer':"
                                + " expected a letter followed by letters, digits or '_' (at most 128)"),
                Arguments.of(
                        "document:x#viewer@user:a#",
                        "malformed tuple 'document:x#viewer@user:a#': malformed subject 'user:a#':"
                                + " missing relation after '#'"),
                Arguments.of(
                        "document:*#viewer@user:a",
                        "malformed tuple 'document:*#viewer@user:a': a resource cannot be a wildcard: document:*"),
                Arguments.of(
                        "document:x#viewer@user:*#member",
                        "malformed tuple 'document:x#viewer@user:*#member':"
                                + " a wildcard subject cannot carry a relation: user:*#member"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTuples")
    void malformedTuplesAreRejectedWhenParsed(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelationTuple.parse(text));
        assertEquals(message, e.getMessage());
    }

    // ---------------------------------------------------------------- checks

    @Test
    void checksNameUnknownTypesAndRelations() {
        Map<Executable, String> cases = Map.of(
                () -> engine.check(ObjectRef.parse("doc:d"), "viewer", ALICE),
                "unknown type 'doc': the schema defines [user, group, folder, document]",
                () -> engine.check(DOC, "editor", ALICE),
                "type 'document' has no relation 'editor': it defines [owner, parent, viewer, can_view, note]",
                () -> engine.check(DOC, "viewer", SubjectRef.parse("person:alice")),
                "unknown subject type 'person' in 'person:alice': the schema defines [user, group, folder, document]",
                () -> engine.check(DOC, "viewer", SubjectRef.parse("group:eng#admins")),
                "type 'group' has no relation 'admins' (subject 'group:eng#admins'): it defines [member]");
        for (Map.Entry<Executable, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.getKey());
            assertEquals(c.getValue(), e.getMessage());
        }
        // a bad question is not cached as an answer
        assertEquals(0, engine.cache().estimatedSize());
    }

    // ---------------------------------------------------------------- read

    @Test
    void readPagesThroughEveryRowInOrder() {
        long rev = engine.write(
                t("document:d#viewer@user:e"),
                t("document:d#viewer@user:a"),
                t("document:d#owner@user:c"),
                t("document:d#viewer@user:b"),
                t("document:d#viewer@user:d"),
                t("document:other#viewer@user:a"));
        List<RelationTuple> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page page = engine.read(TupleFilter.resource(DOC), 2, cursor);
            assertEquals(rev, page.revision());
            assertTrue(page.rows().size() <= 2);
            seen.addAll(page.rows());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(
                List.of(
                        t("document:d#owner@user:c"),
                        t("document:d#viewer@user:a"),
                        t("document:d#viewer@user:b"),
                        t("document:d#viewer@user:d"),
                        t("document:d#viewer@user:e")),
                seen);

        Page bySubject = engine.read(TupleFilter.subject(SubjectRef.parse("user:a")), 10, null);
        assertEquals(List.of(t("document:d#viewer@user:a"), t("document:other#viewer@user:a")), bySubject.rows());
        assertNull(bySubject.nextCursor());
    }

    @Test
    void readFiltersNamingUnknownThingsAreRejected() {
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class, () -> engine.read(new TupleFilter("doc", null, null, null), 10, null));
        assertEquals(
                "unknown type 'doc' in read filter: the schema defines [user, group, folder, document]",
                type.getMessage());
        IllegalArgumentException relation = assertThrows(
                IllegalArgumentException.class,
                () -> engine.read(new TupleFilter(null, null, "viewr", null), 10, null));
        assertEquals("no type defines relation 'viewr' (read filter)", relation.getMessage());
        IllegalArgumentException typed = assertThrows(
                IllegalArgumentException.class, () -> engine.read(TupleFilter.resource(DOC, "viewr"), 10, null));
        assertEquals(
                "type 'document' has no relation 'viewr': it defines [owner, parent, viewer, can_view, note]",
                typed.getMessage());
        IllegalArgumentException limit =
                assertThrows(IllegalArgumentException.class, () -> engine.read(TupleFilter.all(), 0, null));
        assertEquals("read limit must be >= 1, was 0", limit.getMessage());
    }

    // ---------------------------------------------------------------- watch and snapshot

    @Test
    void watchDeliversChangesAfterTheRevision() throws InterruptedException {
        long first = engine.write(t("document:d#viewer@user:alice"));
        try (WatchSubscription watch = engine.watch(first)) {
            long second = engine.delete(t("document:d#viewer@user:alice"));
            Change change = watch.poll(Duration.ofSeconds(5));
            assertEquals(new Change(second, TupleMutation.Operation.DELETE, t("document:d#viewer@user:alice")), change);
            assertNull(watch.poll(Duration.ofMillis(10)));
        }
    }

    @Test
    void watchUsesTheConfiguredBufferCapacity() {
        try (AuthorizationEngine small = AuthorizationEngine.builder()
                .schema(SCHEMA)
                .watchBufferCapacity(2)
                .build()) {
            for (int i = 0; i < 5; i++) {
                small.write(t("document:d#viewer@user:u" + i));
            }
            try (WatchSubscription overflowing = small.watch(0)) {
                assertThrows(WatchOverflowException.class, () -> overflowing.drain(10));
            }
            try (WatchSubscription roomy = small.watch(0, 10)) {
                assertEquals(5, roomy.drain(10).size());
            }
        }
    }

    @Test
    void snapshotPinsTheCurrentRevisionUntilClosed() {
        engine.write(t("document:d#viewer@user:alice"));
        try (RevisionLease lease = engine.snapshot()) {
            assertEquals(1, lease.revision());
            assertEquals(1, engine.store().stats().pinnedRevisions());
        }
        assertEquals(0, engine.store().stats().pinnedRevisions());
    }

    // ---------------------------------------------------------------- close

    @Test
    void everyOperationAfterCloseThrowsStoreClosed() {
        engine.write(t("document:d#viewer@user:alice"));
        WatchSubscription watch = engine.watch(0);
        engine.close();
        engine.close(); // idempotent
        assertTrue(engine.isClosed());
        assertFalse(watch.isOpen(), "closing the engine closes its store's watches");

        List<Executable> operations = Arrays.asList(
                engine::currentRevision,
                () -> engine.write(t("document:d#viewer@user:bob")),
                () -> engine.write(List.of()),
                () -> engine.delete(t("document:d#viewer@user:alice")),
                () -> engine.check(DOC, "viewer", ALICE),
                () -> engine.check(DOC, "viewer", ALICE, 1),
                () -> engine.expand(DOC, "viewer", 10),
                () -> engine.expand(DOC, "viewer", 10, 1),
                () -> engine.read(TupleFilter.all(), 10, null),
                () -> engine.read(TupleFilter.all(), 10, null, 1),
                () -> engine.watch(0),
                () -> engine.watch(0, 5),
                engine::snapshot);
        for (Executable op : operations) {
            StoreClosedException e = assertThrows(StoreClosedException.class, op);
            assertEquals("the authorization engine is closed; build a new one", e.getMessage());
        }
        // accessors stay usable for teardown gauges
        assertEquals(0, engine.cache().estimatedSize());
        assertEquals("user", engine.schema().type("user").name());
    }
}
