package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.ExpandNode;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpandTest {

    static final ObjectRef X = ObjectRef.parse("document:x");
    static final ObjectRef F = ObjectRef.parse("folder:f");

    AuthorizationEngine engine;

    @BeforeEach
    void setUp() {
        engine = AuthorizationEngine.builder().schema(CheckSemanticsTest.SCHEMA).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    static SubjectRef s(String text) {
        return SubjectRef.parse(text);
    }

    @Test
    void treeFollowsTheDefinitionAndSubjectsExpandUsersets() {
        long rev = engine.write(
                RelationTuple.parse("document:x#owner@user:o"),
                RelationTuple.parse("document:x#viewer@group:g#member"),
                RelationTuple.parse("group:g#member@user:m"),
                RelationTuple.parse("document:x#parent@folder:f"),
                RelationTuple.parse("folder:f#owner@user:fo"));

        ExpandResult r = engine.expand(X, "viewer", 100);

        ExpandNode expected = new ExpandNode.Union(
                X,
                "viewer",
                List.of(
                        new ExpandNode.Leaf(X, "viewer", List.of(s("group:g#member"))),
                        new ExpandNode.Computed(X, "viewer", new ExpandNode.Leaf(X, "owner", List.of(s("user:o")))),
                        new ExpandNode.TupleToUserset(
                                X,
                                "viewer",
                                "parent",
                                "viewer",
                                List.of(new ExpandNode.Union(
                                        F,
                                        "viewer",
                                        List.of(
                                                new ExpandNode.Leaf(F, "viewer", List.of()),
                                                new ExpandNode.Computed(
                                                        F,
                                                        "viewer",
                                                        new ExpandNode.Leaf(F, "owner", List.of(s("user:fo"))))))))));
        assertEquals(expected, r.tree());
        assertEquals(List.of(s("user:fo"), s("user:m"), s("user:o")), List.copyOf(r.subjects()));
        assertFalse(r.truncated());
        assertEquals(rev, r.revision());
        assertEquals("""
                document:x#viewer union:
                  document:x#viewer this: group:g#member
                  document:x#viewer computed:
                    document:x#owner this: user:o
                  document:x#viewer viewer from parent:
                    folder:f#viewer union:
                      folder:f#viewer this: (none)
                      folder:f#viewer computed:
                        folder:f#owner this: user:fo
                """, r.tree().render());
    }

    @Test
    void exclusionTreeAndWildcardExceptions() {
        engine.write(
                RelationTuple.parse("document:x#viewer@user:*"), RelationTuple.parse("document:x#banned@user:zed"));

        ExpandResult r = engine.expand(X, "can_view", 100);

        assertEquals(
                new ExpandNode.Exclusion(
                        X,
                        "can_view",
                        new ExpandNode.Computed(
                                X,
                                "can_view",
                                new ExpandNode.Union(
                                        X,
                                        "viewer",
                                        List.of(
                                                new ExpandNode.Leaf(X, "viewer", List.of(s("user:*"))),
                                                new ExpandNode.Computed(
                                                        X, "viewer", new ExpandNode.Leaf(X, "owner", List.of())),
                                                new ExpandNode.TupleToUserset(
                                                        X, "viewer", "parent", "viewer", List.of())))),
                        new ExpandNode.Computed(
                                X, "can_view", new ExpandNode.Leaf(X, "banned", List.of(s("user:zed"))))),
                r.tree());
        assertEquals(Set.of(s("user:*")), r.subjects());
        assertEquals(Map.of(s("user:*"), Set.of(s("user:zed"))), r.wildcardExceptions());
        assertTrue(r.includes(s("user:anyone")));
        assertFalse(r.includes(s("user:zed")));
        assertTrue(r.includes(s("user:*")));
        assertFalse(r.includes(s("group:g#member")));
    }

    @Test
    void intersectionWithAWildcardKeepsTheOtherSidesUsers() {
        engine.write(
                RelationTuple.parse("document:x#viewer@user:*"), RelationTuple.parse("document:x#reviewer@user:rita"));
        ExpandResult r = engine.expand(X, "can_review", 100);
        assertEquals(Set.of(s("user:rita")), r.subjects());
        assertEquals(Map.of(), r.wildcardExceptions());
    }

    @Test
    void everyoneMinusEveryoneIsNoOne() {
        // banned reaches user:* through a group, so the wildcard on both sides cancels out
        engine.write(
                RelationTuple.parse("document:x#viewer@user:*"),
                RelationTuple.parse("document:x#viewer@user:carl"),
                RelationTuple.parse("document:x#banned@group:all#member"),
                RelationTuple.parse("group:all#member@user:*"));
        ExpandResult r = engine.expand(X, "can_view", 100);
        assertEquals(Set.of(), r.subjects());
        assertEquals(Map.of(), r.wildcardExceptions());
        assertFalse(r.includes(s("user:carl")));
        assertFalse(engine.check(X, "can_view", s("user:carl")).allowed());
        assertFalse(engine.check(X, "can_view", s("user:*")).allowed());
    }

    @Test
    void limitTruncatesSubjectsAndSaysSo() {
        List<RelationTuple> tuples = new ArrayList<>();
        tuples.add(RelationTuple.parse("document:x#viewer@group:big#member"));
        for (int i = 0; i < 50; i++) {
            tuples.add(RelationTuple.parse("group:big#member@user:u" + i));
        }
        engine.write(tuples.toArray(RelationTuple[]::new));

        ExpandResult all = engine.expand(X, "viewer", 50);
        assertEquals(50, all.subjects().size());
        assertFalse(all.truncated());

        ExpandResult cut = engine.expand(X, "viewer", 10);
        assertEquals(10, cut.subjects().size());
        assertTrue(cut.truncated());
        assertTrue(all.subjects().containsAll(cut.subjects()));

        ExpandResult oneShort = engine.expand(X, "viewer", 49);
        assertEquals(49, oneShort.subjects().size());
        assertTrue(oneShort.truncated());
    }

    @Test
    void limitAlsoCapsTheDirectSubjectsInTheTree() {
        List<RelationTuple> tuples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tuples.add(RelationTuple.parse("document:x#viewer@user:u" + i));
        }
        engine.write(tuples.toArray(RelationTuple[]::new));
        ExpandResult r = engine.expand(X, "viewer", 5);
        ExpandNode.Leaf leaf =
                (ExpandNode.Leaf) ((ExpandNode.Union) r.tree()).children().get(0);
        assertEquals(5, leaf.subjects().size());
        assertEquals(5, r.subjects().size());
        assertTrue(r.truncated());
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException limit =
                assertThrows(IllegalArgumentException.class, () -> engine.expand(X, "viewer", 0));
        assertEquals("expand limit must be >= 1, was 0", limit.getMessage());
        IllegalArgumentException relation =
                assertThrows(IllegalArgumentException.class, () -> engine.expand(X, "viewr", 10));
        assertEquals(
                "type 'document' has no relation 'viewr': it defines [owner, parent, banned, viewer, editor,"
                        + " can_delete, can_view, reviewer, can_review]",
                relation.getMessage());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class, () -> engine.expand(ObjectRef.parse("doc:x"), "viewer", 10));
        assertEquals("unknown type 'doc': the schema defines [user, group, folder, document]", type.getMessage());
    }
}
