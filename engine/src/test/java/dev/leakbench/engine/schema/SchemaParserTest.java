package dev.leakbench.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaParserTest {

    /** The example of the issue, verbatim apart from the type restrictions it leaves out. */
    static final String ISSUE_EXAMPLE = """
            type user {}
            type group { relation member = this }           // 'this' = direct tuples
            type folder { relation owner; relation viewer = this | owner }
            type document {
              relation owner;                 // no '=' means direct (this)
              relation parent;
              relation banned;
              relation viewer = this | owner | viewer from parent;   // tuple-to-userset
              relation editor = this | owner;
              relation can_delete = owner & editor;                  // intersection
              relation can_view = viewer - banned;                   // exclusion
            }
            """;

    static final Rewrite THIS = Rewrite.This.INSTANCE;

    static Rewrite c(String relation) {
        return new Rewrite.ComputedUserset(relation);
    }

    static Rewrite ttu(String computed, String tupleset) {
        return new Rewrite.TupleToUserset(tupleset, computed);
    }

    static Rewrite u(Rewrite... children) {
        return new Rewrite.Union(List.of(children));
    }

    static Rewrite i(Rewrite... children) {
        return new Rewrite.Intersection(List.of(children));
    }

    static Rewrite x(Rewrite base, Rewrite subtracted) {
        return new Rewrite.Exclusion(base, subtracted);
    }

    @Test
    void parsesTheIssueExampleIntoTheExpectedAst() {
        Schema schema = Schema.parse(ISSUE_EXAMPLE);

        assertEquals(
                List.of("user", "group", "folder", "document"),
                List.copyOf(schema.types().keySet()));
        assertTrue(schema.type("user").relations().isEmpty());
        assertEquals(THIS, schema.relation("group", "member").rewrite());
        assertEquals(u(THIS, c("owner")), schema.relation("folder", "viewer").rewrite());

        TypeDefinition document = schema.type("document");
        assertEquals(
                List.of("owner", "parent", "banned", "viewer", "editor", "can_delete", "can_view"),
                List.copyOf(document.relations().keySet()));
        assertEquals(THIS, document.relation("owner").rewrite());
        assertEquals(
                u(THIS, c("owner"), ttu("viewer", "parent")),
                document.relation("viewer").rewrite());
        assertEquals(i(c("owner"), c("editor")), document.relation("can_delete").rewrite());
        assertEquals(x(c("viewer"), c("banned")), document.relation("can_view").rewrite());

        assertTrue(document.relation("viewer").isDirect());
        assertFalse(document.relation("can_view").isDirect());
        assertFalse(document.relation("viewer").isRestricted());
        assertNull(document.relation("nope"));
        assertNull(schema.relation("nope", "viewer"));
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("a | b & c", u(c("a"), i(c("b"), c("c")))),
                Arguments.of("a & b | c", u(i(c("a"), c("b")), c("c"))),
                Arguments.of("this | a - b", x(u(THIS, c("a")), c("b"))),
                Arguments.of("a - b | c", x(c("a"), u(c("b"), c("c")))),
                Arguments.of("a - b - c", x(x(c("a"), c("b")), c("c"))),
                Arguments.of("a - (b - c)", x(c("a"), x(c("b"), c("c")))),
                Arguments.of("(a | b) & c", i(u(c("a"), c("b")), c("c"))),
                Arguments.of("a & b - c & this", x(i(c("a"), c("b")), i(c("c"), THIS))),
                Arguments.of("a | (b | c) | this", u(c("a"), c("b"), c("c"), THIS)),
                Arguments.of("((a & (b & c)))", i(c("a"), c("b"), c("c"))),
                Arguments.of("a from p | b", u(ttu("a", "p"), c("b"))),
                Arguments.of("a from p & b from p - c", x(i(ttu("a", "p"), ttu("b", "p")), c("c"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void operatorPrecedenceAndAssociativity(String expression, Rewrite expected) {
        Schema schema =
                Schema.parse("type t { relation a relation b relation c relation p relation r = " + expression + " }");
        Rewrite actual = schema.relation("t", "r").rewrite();
        assertEquals(expected, actual);
        // and the printed form means the same
        assertEquals(actual, Schema.parse(schema.toString()).relation("t", "r").rewrite());
    }

    @Test
    void typeRestrictionsParseInAllThreeForms() {
        Schema schema = Schema.parse("""
                type user {}
                type group { relation member: user | group#member }
                type document { relation viewer: user | group#member | user:* = this }
                """);
        RelationDefinition viewer = schema.relation("document", "viewer");
        assertEquals(
                List.of(
                        AllowedSubject.type("user"),
                        AllowedSubject.userset("group", "member"),
                        AllowedSubject.wildcard("user")),
                viewer.allowedSubjects());
        assertEquals(THIS, viewer.rewrite());
        assertEquals("relation viewer: user | group#member | user:*", viewer.toString());
    }

    @Test
    void printsCanonicalTextThatParsesBackEqual() {
        Schema schema = Schema.parse(ISSUE_EXAMPLE);
        String printed = schema.toString();
        assertEquals("""
                type user {}
                type group {
                  relation member
                }
                type folder {
                  relation owner
                  relation viewer = this | owner
                }
                type document {
                  relation owner
                  relation parent
                  relation banned
                  relation viewer = this | owner | viewer from parent
                  relation editor = this | owner
                  relation can_delete = owner & editor
                  relation can_view = viewer - banned
                }
                """, printed);
        assertEquals(schema, Schema.parse(printed));
        assertEquals(schema.hashCode(), Schema.parse(printed).hashCode());
    }

    @Test
    void semicolonsCommentsAndLineEndingsAreOptionalLayout() {
        Schema compact = Schema.parse("type user {} type d { relation o relation v = this | o }");
        Schema spread = Schema.parse(
                "type user {}\r\n// a comment\r\ntype d {\r\n relation o;\r\n relation v =\r\n   this   // direct\r\n | o;\r\n}");
        assertEquals(compact, spread);
    }

    @Test
    void aTupleToUsersetMayRecurseOnItsOwnRelation() {
        // cycles through data (a folder's parent's parent ...) terminate at evaluation; only
        // computed-userset cycles are rejected
        Schema schema = Schema.parse(
                "type user {} type folder { relation parent: folder relation viewer = this | viewer from parent }");
        assertEquals(
                u(THIS, ttu("viewer", "parent")),
                schema.relation("folder", "viewer").rewrite());
    }

    @Test
    void sixtyFourLevelsAreAccepted() {
        String parens = "(".repeat(64) + "this" + ")".repeat(64);
        assertEquals(
                THIS,
                Schema.parse("type d { relation a = " + parens + " }")
                        .relation("d", "a")
                        .rewrite());
        String chain = "this" + " - b".repeat(63);
        Rewrite r = Schema.parse("type d { relation b relation x = " + chain + " }")
                .relation("d", "x")
                .rewrite();
        int depth = 0;
        while (r instanceof Rewrite.Exclusion e) {
            depth++;
            r = e.base();
        }
        assertEquals(63, depth);
    }
}
