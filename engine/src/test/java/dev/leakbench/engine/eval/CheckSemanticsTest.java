package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fixture, one row per question: each construct of the language, allowed and denied, and the
 * edge cases between them. Every row is also checked against expand, which computes the answer the
 * other way round (all members, then membership).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckSemanticsTest {

    static final String SCHEMA = """
            type user {}
            type group { relation member: user | user:* | group#member }
            type folder {
              relation owner: user
              relation viewer: user | group#member = this | owner
            }
            type document {
              relation owner: user
              relation parent: folder
              relation banned: user | group#member
              relation viewer: user | user:* | group#member = this | owner | viewer from parent
              relation editor: user = this | owner
              relation can_delete = owner & editor
              relation can_view = viewer - banned
              relation reviewer: user
              relation can_review = reviewer & viewer
            }
            """;

    static final String[] FIXTURE = {
        "document:d1#viewer@user:alice",
        "document:d2#viewer@user:*",
        "document:d3#viewer@group:eng#member",
        "group:eng#member@user:bob",
        "group:eng#member@group:sub#member",
        "group:sub#member@user:carl",
        "document:d4#owner@user:olga",
        "document:d4#editor@user:ed",
        "document:d5#parent@folder:f1",
        "document:d5#parent@folder:f3",
        "folder:f1#viewer@user:fay",
        "folder:f1#owner@user:fox",
        "folder:f3#viewer@group:eng#member",
        "document:d6#viewer@user:ann",
        "document:d6#banned@user:ann",
        "document:d6#viewer@user:ben",
        "document:d6#viewer@user:cat",
        "document:d6#banned@group:blocked#member",
        "group:blocked#member@user:cat",
        "document:d7#viewer@user:*",
        "document:d7#banned@user:zed",
        "document:d8#reviewer@user:rita",
        "document:d8#reviewer@user:sam",
        "document:d8#viewer@user:sam",
        "group:all#member@user:*",
        "document:d9#viewer@group:all#member",
    };

    AuthorizationEngine engine;

    @BeforeAll
    void load() {
        engine = AuthorizationEngine.builder().schema(SCHEMA).build();
        RelationTuple[] tuples = new RelationTuple[FIXTURE.length];
        for (int i = 0; i < FIXTURE.length; i++) {
            tuples[i] = RelationTuple.parse(FIXTURE[i]);
        }
        assertEquals(1, engine.write(tuples));
    }

    @AfterAll
    void close() {
        engine.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // this
                row("document:d1", "viewer", "user:alice", true, "direct tuple"),
                row("document:d1", "viewer", "user:bob", false, "no tuple for this subject"),
                row("document:nothing", "viewer", "user:alice", false, "object without tuples is denied"),
                row("document:d1", "owner", "user:alice", false, "a tuple on another relation does not count"),
                // wildcard
                row("document:d2", "viewer", "user:anyone", true, "user:* matches every user"),
                row("document:d2", "viewer", "user:*", true, "a wildcard query matches the wildcard tuple exactly"),
                row("document:d1", "viewer", "user:*", false, "one user is not everyone"),
                row("document:d2", "viewer", "group:eng#member", false, "user:* does not match a userset"),
                row("document:d2", "viewer", "group:eng", false, "user:* does not match another type"),
                row("document:d9", "viewer", "user:zoe", true, "wildcard inside a group the document points to"),
                // userset subjects
                row("document:d3", "viewer", "user:bob", true, "member of group:eng"),
                row("document:d3", "viewer", "user:carl", true, "member of group:sub, which is a member of group:eng"),
                row("document:d3", "viewer", "user:dan", false, "member of no group"),
                row("document:d3", "viewer", "group:eng#member", true, "queried userset equals the tuple's subject"),
                row(
                        "document:d3",
                        "viewer",
                        "group:sub#member",
                        true,
                        "queried userset is contained by group:eng#member"),
                row("document:d3", "viewer", "group:other#member", false, "unrelated userset"),
                row("document:d3", "viewer", "group:eng", false, "the group object is not its members"),
                // computed userset
                row("document:d4", "viewer", "user:olga", true, "owner is a viewer"),
                row("document:d4", "editor", "user:olga", true, "owner is an editor"),
                row("document:d4", "editor", "user:ed", true, "direct editor"),
                row("document:d4", "owner", "user:ed", false, "editor is not owner"),
                // tuple-to-userset
                row("document:d5", "viewer", "user:fay", true, "viewer of the parent folder"),
                row("document:d5", "viewer", "user:fox", true, "owner of the parent folder (computed on the folder)"),
                row("document:d5", "viewer", "user:carl", true, "second parent, through nested groups"),
                row("document:d5", "owner", "user:fox", false, "folder owner is not document owner"),
                row("document:d1", "viewer", "user:fay", false, "d1 has no parent"),
                // intersection
                row("document:d4", "can_delete", "user:olga", true, "owner and (through owner) editor"),
                row("document:d4", "can_delete", "user:ed", false, "editor but not owner"),
                row("document:d8", "can_review", "user:rita", false, "reviewer, viewer side empty"),
                row("document:d8", "can_review", "user:sam", true, "reviewer and viewer"),
                row("document:d1", "can_review", "user:alice", false, "viewer, reviewer side empty"),
                // exclusion
                row("document:d6", "can_view", "user:ben", true, "viewer, not banned"),
                row("document:d6", "can_view", "user:ann", false, "excluded although also a direct viewer"),
                row("document:d6", "can_view", "user:cat", false, "excluded through a banned group"),
                row("document:d6", "can_view", "user:nobody", false, "neither viewer nor banned"),
                row("document:d7", "can_view", "user:yan", true, "wildcard viewer, not banned"),
                row("document:d7", "can_view", "user:zed", false, "wildcard viewer minus a banned user"),
                row("document:d7", "can_view", "user:*", true, "the wildcard itself is not banned"),
                row("document:d5", "can_view", "user:fay", true, "exclusion over a tuple-to-userset"));
    }

    static Arguments row(String resource, String relation, String subject, boolean allowed, String why) {
        return Arguments.of(resource, relation, subject, allowed, why);
    }

    @ParameterizedTest(name = "{0}#{1}@{2} -> {3}: {4}")
    @MethodSource("cases")
    void checkAnswers(String resource, String relation, String subject, boolean allowed, String why) {
        ObjectRef r = ObjectRef.parse(resource);
        SubjectRef s = SubjectRef.parse(subject);
        assertEquals(allowed, engine.check(r, relation, s).allowed(), why);
        // the same question at an explicit revision, served from the cache this time
        assertEquals(allowed, engine.check(r, relation, s, 1).allowed(), why + " (cached)");
        if (!s.isUserset()) {
            ExpandResult expand = engine.expand(r, relation, 1000);
            assertFalse(expand.truncated());
            assertEquals(allowed, expand.includes(s), why + " (expand: " + expand.subjects() + ")");
        }
    }
}
