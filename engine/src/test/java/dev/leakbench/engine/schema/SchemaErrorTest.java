package dev.leakbench.engine.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a schema is rejected, with the exact message, line and column. */
class SchemaErrorTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                // ---- syntax
                Arguments.of(
                        "relation name missing after 'from'",
                        "type document {\n  relation parent\n  relation viewer = this | viewer from | parent\n}",
                        3,
                        40,
                        "expected relation name after 'from', found '|'"),
                Arguments.of(
                        "unknown character",
                        "type user {}\ntype doc { relation a = this % b }",
                        2,
                        30,
                        "unexpected character '%'"),
                Arguments.of(
                        "'{' missing",
                        "type user\ntype doc {}",
                        2,
                        1,
                        "expected '{' after 'type user', found keyword 'type'"),
                Arguments.of(
                        "keyword as a relation name",
                        "type user { relation this }",
                        1,
                        22,
                        "expected relation name after 'relation', found keyword 'this'"),
                Arguments.of(
                        "unclosed parenthesis",
                        "type d {\n  relation a\n  relation b = (a | this\n}",
                        4,
                        1,
                        "expected ')' to close the '(' at line 3, column 16, found '}'"),
                Arguments.of(
                        "unclosed parenthesis, CRLF line ends",
                        "type d {\r\n  relation a\r\n  relation b = (a | this\r\n}",
                        4,
                        1,
                        "expected ')' to close the '(' at line 3, column 16, found '}'"),
                Arguments.of(
                        "two operands without operator",
                        "type d { relation a = this this }",
                        1,
                        28,
                        "expected an operator, ';', 'relation' or '}' in relation 'a', found keyword 'this'"),
                Arguments.of(
                        "operand missing after '|'",
                        "type d { relation a = this | }",
                        1,
                        30,
                        "expected 'this', a relation name or '(' after '|', found '}'"),
                Arguments.of("empty text", "", 1, 1, "the schema defines no types: expected 'type'"),
                Arguments.of("only a comment", "// nothing\n", 2, 1, "the schema defines no types: expected 'type'"),
                Arguments.of(
                        "'#' is not a comment",
                        "# types\ntype user {}",
                        1,
                        1,
                        "expected 'type' to start a type definition, found '#'"),
                Arguments.of(
                        "input ends inside a type",
                        "type d {\n  relation a",
                        2,
                        13,
                        "expected ':', '=', ';', 'relation' or '}' after 'relation a', found end of input"),
                Arguments.of(
                        "restriction followed by junk",
                        "type user {}\ntype d { relation v: user user }",
                        2,
                        27,
                        "expected '|', '=', ';', 'relation' or '}' in the type restriction of relation 'v', found 'user'"),
                Arguments.of(
                        "wildcard restriction without '*'",
                        "type user {}\ntype d { relation v: user:x }",
                        2,
                        27,
                        "expected '*' after 'user:', found 'x'"),
                Arguments.of(
                        "name starting with '_'",
                        "type _x {}",
                        1,
                        6,
                        "invalid type name '_x': a name starts with a letter and has only letters, digits and '_' (at most 128)"),
                Arguments.of(
                        "parentheses nested 65 deep",
                        "type d { relation a = " + "(".repeat(65) + "this" + ")".repeat(65) + " }",
                        1,
                        87,
                        "parentheses nest deeper than 64 levels"),
                Arguments.of(
                        "exclusion chained 64 times",
                        "type d { relation b relation x = this" + " - b".repeat(64) + " }",
                        1,
                        291,
                        "expression nests deeper than 64 levels"),
                // ---- declarations
                Arguments.of(
                        "restriction on a relation without 'this'",
                        "type user {}\ntype d { relation o: user relation v: user = o }",
                        2,
                        36,
                        "relation 'v' has a type restriction but no 'this' in its definition, so nothing can be written to it"),
                Arguments.of(
                        "restriction entry repeated",
                        "type user {}\ntype d { relation v: user | user }",
                        2,
                        29,
                        "duplicate entry 'user' in the type restriction of relation 'v'"),
                Arguments.of(
                        "duplicate type",
                        "type user {}\ntype doc {}\ntype user {}",
                        3,
                        6,
                        "duplicate type 'user' (first defined at line 1, column 6)"),
                Arguments.of(
                        "duplicate relation",
                        "type d {\n  relation a\n  relation a = this\n}",
                        3,
                        12,
                        "duplicate relation 'a' in type 'd' (first defined at line 2, column 12)"),
                // ---- references
                Arguments.of(
                        "unknown type in a restriction",
                        "type user {}\ntype d { relation v: usr }",
                        2,
                        22,
                        "unknown type 'usr' in the type restriction of relation 'd#v'"),
                Arguments.of(
                        "unknown relation in a userset restriction",
                        "type user {}\ntype group { relation member: user }\ntype d { relation v: group#membr }",
                        3,
                        28,
                        "unknown relation 'membr' on type 'group' in the type restriction of relation 'd#v'"),
                Arguments.of(
                        "unknown computed userset",
                        "type d {\n  relation owner\n  relation viewer = this | ownr\n}",
                        3,
                        28,
                        "unknown relation 'ownr' in type 'd' (used by relation 'viewer')"),
                Arguments.of(
                        "computed userset of another type's relation",
                        "type f { relation owner }\ntype d { relation viewer = owner }",
                        2,
                        28,
                        "unknown relation 'owner' in type 'd' (used by relation 'viewer')"),
                Arguments.of(
                        "unknown tupleset",
                        "type f { relation viewer }\ntype d { relation viewer = viewer from parnet }",
                        2,
                        40,
                        "unknown relation 'parnet' in type 'd' (used by 'viewer from parnet' in relation 'viewer')"),
                Arguments.of(
                        "tupleset that holds no tuples",
                        "type f { relation viewer }\ntype d {\n  relation p\n  relation q = p\n  relation viewer = viewer from q\n}",
                        5,
                        33,
                        "'viewer from q' follows relation 'q', which has no 'this' and so holds no tuples to follow"),
                Arguments.of(
                        "tuple-to-userset relation missing on an allowed target type",
                        "type user {}\ntype f { relation owner }\ntype d {\n  relation parent: f | user\n  relation viewer = this | owner from parent\n}",
                        5,
                        28,
                        "relation 'owner' (in 'owner from parent') does not exist on type 'user', which relation 'parent' allows"),
                Arguments.of(
                        "tuple-to-userset relation missing on every type",
                        "type d { relation parent relation viewer = viewr from parent }",
                        1,
                        44,
                        "relation 'viewr' (in 'viewr from parent') does not exist on any type"),
                Arguments.of(
                        "tuple-to-userset over a wildcard",
                        "type f { relation v }\ntype d { relation parent: f:* relation v = v from parent }",
                        2,
                        51,
                        "'v from parent' cannot follow the wildcard 'f:*' that relation 'parent' allows"),
                // ---- cycles
                Arguments.of(
                        "two relations defined by each other (the issue's example)",
                        "type d { relation a = b; relation b = a }",
                        1,
                        19,
                        "cyclic definition in type 'd': a -> b -> a; a cycle must pass through 'this' or a tuple-to-userset ('X from R') to terminate"),
                Arguments.of(
                        "three-step cycle with 'this' beside it",
                        "type d {\n  relation a = b\n  relation b = c | this\n  relation c = a\n}",
                        2,
                        12,
                        "cyclic definition in type 'd': a -> b -> c -> a; a cycle must pass through 'this' or a tuple-to-userset ('X from R') to terminate"),
                Arguments.of(
                        "relation defined by itself",
                        "type d { relation a = this | a }",
                        1,
                        19,
                        "cyclic definition in type 'd': a -> a; a cycle must pass through 'this' or a tuple-to-userset ('X from R') to terminate"),
                Arguments.of(
                        "cycle found from a relation outside it",
                        "type d {\n  relation top = b\n  relation b = this & c\n  relation c = viewer - b\n  relation viewer\n}",
                        3,
                        12,
                        "cyclic definition in type 'd': b -> c -> b; a cycle must pass through 'this' or a tuple-to-userset ('X from R') to terminate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsWithLineColumnAndWhatWasExpected(String name, String text, int line, int column, String problem) {
        SchemaException e = assertThrows(SchemaException.class, () -> Schema.parse(text));
        assertEquals("line " + line + ", column " + column + ": " + problem, e.getMessage());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(problem, e.problem());
    }

    @Test
    void schemaExceptionIsAnIllegalArgumentException() {
        assertInstanceOf(
                IllegalArgumentException.class, assertThrows(SchemaException.class, () -> Schema.parse("type")));
    }

    @Test
    void nullTextIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Schema.parse(null));
        assertEquals("schema text", e.getMessage());
    }
}
