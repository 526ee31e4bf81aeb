package dev.leakbench.engine.schema;

import dev.leakbench.engine.schema.SchemaLexer.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the parser saw each declaration and reference. Kept beside the AST rather than in it so
 * that the AST compares by meaning, not by layout.
 */
final class SourceMap {

    /** Name token of every type. */
    final Map<String, Token> typeTokens = new HashMap<>();
    /** Per type, name token of every relation in declaration order. */
    final Map<String, Map<String, Token>> relationTokens = new HashMap<>();
    /** Name token of each relation definition object (identity: equal definitions may stand in two types). */
    final Map<RelationDefinition, Token> definitions = new IdentityHashMap<>();
    /** Every name a definition refers to, in source order. */
    final List<Reference> references = new ArrayList<>();

    sealed interface Reference permits ComputedRef, TupleToUsersetRef, Restriction {
        /** The type whose relation holds the reference. */
        String ownerType();

        /** The relation whose definition holds the reference. */
        String ownerRelation();
    }

    /** {@code relation} used as a computed userset. */
    record ComputedRef(String ownerType, String ownerRelation, String relation, Token at) implements Reference {}

    /** {@code X from R}: {@code computed} is the X token, {@code tupleset} the R token. */
    record TupleToUsersetRef(
            String ownerType, String ownerRelation, Rewrite.TupleToUserset rewrite, Token computed, Token tupleset)
            implements Reference {}

    /** An entry of a type restriction; {@code relationToken} is null unless it is {@code type#relation}. */
    record Restriction(
            String ownerType, String ownerRelation, AllowedSubject subject, Token typeToken, Token relationToken)
            implements Reference {}
}
