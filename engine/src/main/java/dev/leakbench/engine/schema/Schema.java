package dev.leakbench.engine.schema;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A validated authorization schema: object types and their relations, in a language modelled on
 * InferaDB's IPL.
 *
 * <pre>
 * type user {}
 * type group { relation member: user | group#member }
 * type folder { relation owner; relation viewer = this | owner }
 * type document {
 *   relation owner: user
 *   relation parent: folder
 *   relation banned
 *   relation viewer: user | user:* | group#member = this | owner | viewer from parent
 *   relation can_view = viewer - banned
 * }
 * </pre>
 *
 * <h2>Grammar</h2>
 * <pre>
 * schema       = typeDef { typeDef }
 * typeDef      = "type" NAME "{" { relationDef } "}"
 * relationDef  = "relation" NAME [ ":" allowed { "|" allowed } ] [ "=" exclusion ] [ ";" ]
 * allowed      = NAME | NAME "#" NAME | NAME ":" "*"        (user | group#member | user:*)
 * exclusion    = union { "-" union }
 * union        = intersection { "|" intersection }
 * intersection = primary { "&amp;" primary }
 * primary      = "this" | NAME | NAME "from" NAME | "(" exclusion ")"
 * </pre>
 * A relation without {@code =} is direct ({@code this}). {@code X from R} is a tuple-to-userset:
 * relation {@code X} on every object that the tuples of relation {@code R} point to. Comments run
 * from {@code //} to the end of the line ({@code #} is not a comment: it writes usersets). The
 * {@code ;} after a relation is optional. {@code type}, {@code relation}, {@code this} and
 * {@code from} are reserved and cannot be names.
 *
 * <h2>Precedence</h2>
 * {@code &} binds tightest, then {@code |}, then {@code -} (loosest); all three are
 * left-associative, and parentheses override. So {@code this | owner - banned} means
 * {@code (this | owner) - banned}, {@code a - b | c} means {@code a - (b | c)},
 * {@code a | b & c} means {@code a | (b & c)}, and {@code a - b - c} means {@code (a - b) - c}.
 * Exclusion is loosest so that "everyone who ... except banned" reads as it is written.
 *
 * <h2>Rejected at load</h2>
 * Syntax errors; a name used twice (type, or relation within a type); a reference to an unknown
 * type or relation (a computed userset must exist on the same type; in {@code X from R}, {@code R}
 * must be a direct relation of the same type and {@code X} must exist on every type {@code R}
 * allows, or on at least one type when {@code R} has no restriction); a restriction on a relation
 * without {@code this}; expressions nested deeper than 64; and computed usersets that form a cycle
 * within a type ({@code relation a = this | b; relation b = a}): such a cycle has no base case, so
 * a cycle must pass through {@code this} data or a tuple-to-userset. Each error is a
 * {@link SchemaException} naming line and column.
 *
 * <p>Instances are immutable and thread-safe; equal schemas compare equal, and {@link #toString()}
 * prints a canonical text that parses back to an equal schema.
 */
public final class Schema {

    private final Map<String, TypeDefinition> types;

    Schema(Map<String, TypeDefinition> types) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /**
     * Parses and validates schema text.
     *
     * @throws SchemaException with line and column when the text is malformed or inconsistent
     */
    public static Schema parse(String text) {
        Objects.requireNonNull(text, "schema text");
        return SchemaParser.parse(text);
    }

    /** Type name to definition, in declaration order. */
    public Map<String, TypeDefinition> types() {
        return types;
    }

    /** The type called {@code name}, or null. Null rather than Optional: evaluation calls this per step. */
    public TypeDefinition type(String name) {
        return types.get(name);
    }

    /** The relation {@code type#relation}, or null if either is unknown. */
    public RelationDefinition relation(String type, String relation) {
        TypeDefinition t = types.get(type);
        return t == null ? null : t.relation(relation);
    }

    /**
     * The relation {@code type#relation}.
     *
     * @throws IllegalArgumentException naming the unknown type or relation
     */
    public RelationDefinition requireRelation(String type, String relation) {
        TypeDefinition t = types.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown type '" + type + "': the schema defines " + types.keySet());
        }
        RelationDefinition r = t.relation(relation);
        if (r == null) {
            throw new IllegalArgumentException("type '" + type + "' has no relation '" + relation + "': it defines "
                    + t.relations().keySet());
        }
        return r;
    }

    /**
     * Checks that a subject names a type the schema defines and, for a userset, a relation of it.
     *
     * @throws IllegalArgumentException naming the unknown type or relation
     */
    public void requireSubject(SubjectRef subject) {
        TypeDefinition t = types.get(subject.type());
        if (t == null) {
            throw new IllegalArgumentException("unknown subject type '" + subject.type() + "' in '" + subject
                    + "': the schema defines " + types.keySet());
        }
        if (subject.isUserset() && t.relation(subject.relation()) == null) {
            throw new IllegalArgumentException(
                    "type '" + subject.type() + "' has no relation '" + subject.relation() + "' (subject '" + subject
                            + "'): it defines " + t.relations().keySet());
        }
    }

    /**
     * Checks that a tuple may be stored: its resource type and relation exist, the relation is direct
     * (uses {@code this}), and the subject exists and satisfies the relation's type restriction.
     *
     * @throws IllegalArgumentException starting with {@code invalid tuple '<tuple>': } and saying why
     */
    public void validateTuple(RelationTuple tuple) {
        Objects.requireNonNull(tuple, "tuple");
        RelationDefinition relation;
        try {
            relation = requireRelation(tuple.resource().type(), tuple.relation());
            requireSubject(tuple.subject());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tuple '" + tuple + "': " + e.getMessage(), e);
        }
        if (!relation.isDirect()) {
            throw new IllegalArgumentException("invalid tuple '" + tuple + "': relation '"
                    + tuple.resource().type() + "#" + tuple.relation()
                    + "' is computed (no 'this' in its definition), so it cannot be written");
        }
        if (!relation.allows(tuple.subject())) {
            throw new IllegalArgumentException("invalid tuple '" + tuple + "': relation '"
                    + tuple.resource().type()
                    + "#" + tuple.relation() + "' does not allow subject '" + tuple.subject() + "' (allowed: "
                    + String.join(
                            " | ",
                            relation.allowedSubjects().stream()
                                    .map(AllowedSubject::toString)
                                    .toList()) + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && types.equals(s.types);
    }

    @Override
    public int hashCode() {
        return types.hashCode();
    }

    /** The schema in canonical text form; {@code Schema.parse(toString())} equals this schema. */
    @Override
    public String toString() {
        return SchemaPrinter.render(this);
    }
}
