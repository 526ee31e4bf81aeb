package dev.leakbench.engine.schema;

import dev.leakbench.engine.model.Names;
import dev.leakbench.engine.schema.SchemaLexer.Kind;
import dev.leakbench.engine.schema.SchemaLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for the schema language (grammar in {@link Schema}). It builds the AST
 * and records where every name and reference stands, so that {@link SchemaValidator} can point at
 * the offending token.
 */
final class SchemaParser {

    /**
     * Deepest expression accepted: at most this many nested operator nodes, and at most this many
     * nested parentheses. Evaluation and parsing recurse over the expression, so an unbounded one
     * would be a way to overflow the stack.
     */
    static final int MAX_EXPRESSION_DEPTH = 64;

    private final List<Token> tokens;
    private final SourceMap sources = new SourceMap();
    private int pos;
    private int nesting;
    // filled while parsing one relation, for reference bookkeeping
    private String currentType;
    private String currentRelation;

    private SchemaParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Schema parse(String text) {
        SchemaParser parser = new SchemaParser(SchemaLexer.tokenize(text));
        Map<String, TypeDefinition> types = parser.parseTypes();
        SchemaValidator.validate(types, parser.sources);
        return new Schema(types);
    }

    private Map<String, TypeDefinition> parseTypes() {
        Map<String, TypeDefinition> types = new LinkedHashMap<>();
        if (peek().kind() == Kind.END) {
            throw error(peek(), "the schema defines no types: expected 'type'");
        }
        while (peek().kind() != Kind.END) {
            if (!peek().isKeyword("type")) {
                throw expected("'type' to start a type definition", peek());
            }
            next(); // 'type'
            Token name = expectName("type name after 'type'", "type name");
            Token first = sources.typeTokens.putIfAbsent(name.text(), name);
            if (first != null) {
                throw error(name, "duplicate type '" + name.text() + "' (first defined at " + where(first) + ")");
            }
            currentType = name.text();
            sources.relationTokens.put(currentType, new LinkedHashMap<>());
            if (peek().kind() != Kind.LBRACE) {
                throw expected("'{' after 'type " + name.text() + "'", peek());
            }
            next();
            List<RelationDefinition> relations = new ArrayList<>();
            while (peek().kind() != Kind.RBRACE) {
                if (!peek().isKeyword("relation")) {
                    throw expected("'relation' or '}' in type '" + currentType + "'", peek());
                }
                relations.add(parseRelation());
            }
            next(); // '}'
            types.put(name.text(), TypeDefinition.of(name.text(), relations));
        }
        return types;
    }

    private RelationDefinition parseRelation() {
        next(); // 'relation'
        Token name = expectName("relation name after 'relation'", "relation name");
        Map<String, Token> declared = sources.relationTokens.get(currentType);
        Token first = declared.putIfAbsent(name.text(), name);
        if (first != null) {
            throw error(
                    name,
                    "duplicate relation '" + name.text() + "' in type '" + currentType + "' (first defined at "
                            + where(first) + ")");
        }
        currentRelation = name.text();

        List<AllowedSubject> allowed = new ArrayList<>();
        if (peek().kind() == Kind.COLON) {
            do {
                next(); // ':' or '|'
                Token entry = peek();
                addAllowed(allowed, entry, parseAllowedSubject());
            } while (peek().kind() == Kind.PIPE);
        }
        Rewrite rewrite = Rewrite.This.INSTANCE;
        boolean defined = peek().kind() == Kind.EQUALS;
        if (defined) {
            next();
            nesting = 0;
            rewrite = parseExclusion().rewrite();
        }
        if (peek().kind() == Kind.SEMICOLON) {
            next();
        } else if (!peek().isKeyword("relation") && peek().kind() != Kind.RBRACE) {
            String what;
            if (defined) {
                what = "an operator, ';', 'relation' or '}' in relation '" + currentRelation + "'";
            } else if (allowed.isEmpty()) {
                what = "':', '=', ';', 'relation' or '}' after 'relation " + currentRelation + "'";
            } else {
                what = "'|', '=', ';', 'relation' or '}' in the type restriction of relation '" + currentRelation + "'";
            }
            throw expected(what, peek());
        }
        if (!allowed.isEmpty() && !rewrite.includesThis()) {
            throw error(
                    name,
                    "relation '" + currentRelation + "' has a type restriction but no 'this' in its"
                            + " definition, so nothing can be written to it");
        }
        RelationDefinition def = new RelationDefinition(name.text(), rewrite, allowed);
        sources.definitions.put(def, name);
        return def;
    }

    private AllowedSubject parseAllowedSubject() {
        Token type = expectName("subject type after '" + previous().text() + "'", "type name");
        AllowedSubject subject;
        Token relation = null;
        if (peek().kind() == Kind.HASH) {
            next();
            relation = expectName("relation name after '" + type.text() + "#'", "relation name");
            subject = AllowedSubject.userset(type.text(), relation.text());
        } else if (peek().kind() == Kind.COLON) {
            next();
            if (peek().kind() != Kind.STAR) {
                throw expected("'*' after '" + type.text() + ":'", peek());
            }
            next();
            subject = AllowedSubject.wildcard(type.text());
        } else {
            subject = AllowedSubject.type(type.text());
        }
        sources.references.add(new SourceMap.Restriction(currentType, currentRelation, subject, type, relation));
        return subject;
    }

    private void addAllowed(List<AllowedSubject> allowed, Token at, AllowedSubject subject) {
        if (allowed.contains(subject)) {
            throw error(
                    at,
                    "duplicate entry '" + subject + "' in the type restriction of relation '" + currentRelation + "'");
        }
        allowed.add(subject);
    }

    /** A parsed expression and its height, so that chained operators count against the depth limit too. */
    private record Parsed(Rewrite rewrite, int height) {}

    // exclusion := union ('-' union)*      loosest, left-associative
    private Parsed parseExclusion() {
        Parsed left = parseUnion();
        while (peek().kind() == Kind.MINUS) {
            Token op = next();
            Parsed right = parseUnion();
            left = new Parsed(
                    new Rewrite.Exclusion(left.rewrite(), right.rewrite()),
                    checkedHeight(Math.max(left.height(), right.height()) + 1, op));
        }
        return left;
    }

    // union := intersection ('|' intersection)*
    private Parsed parseUnion() {
        Parsed first = parseIntersection();
        if (peek().kind() != Kind.PIPE) {
            return first;
        }
        Token op = peek();
        List<Rewrite> children = new ArrayList<>();
        int height = addFlattened(children, first, Rewrite.Union.class);
        while (peek().kind() == Kind.PIPE) {
            next();
            height = Math.max(height, addFlattened(children, parseIntersection(), Rewrite.Union.class));
        }
        return new Parsed(new Rewrite.Union(children), checkedHeight(height + 1, op));
    }

    // intersection := primary ('&' primary)*      tightest
    private Parsed parseIntersection() {
        Parsed first = parsePrimary();
        if (peek().kind() != Kind.AMP) {
            return first;
        }
        Token op = peek();
        List<Rewrite> children = new ArrayList<>();
        int height = addFlattened(children, first, Rewrite.Intersection.class);
        while (peek().kind() == Kind.AMP) {
            next();
            height = Math.max(height, addFlattened(children, parsePrimary(), Rewrite.Intersection.class));
        }
        return new Parsed(new Rewrite.Intersection(children), checkedHeight(height + 1, op));
    }

    /**
     * Adds a child, splicing in the children of a parenthesised operand of the same operator:
     * {@code a | (b | c)} is the same set as {@code a | b | c}, and one shape per meaning keeps
     * equality and printing simple. Returns the height the child contributes.
     */
    private static int addFlattened(List<Rewrite> children, Parsed child, Class<? extends Rewrite> operator) {
        if (operator.isInstance(child.rewrite())) {
            if (child.rewrite() instanceof Rewrite.Union u) {
                children.addAll(u.children());
            } else {
                children.addAll(((Rewrite.Intersection) child.rewrite()).children());
            }
            return child.height() - 1;
        }
        children.add(child.rewrite());
        return child.height();
    }

    // primary := 'this' | NAME | NAME 'from' NAME | '(' exclusion ')'
    private Parsed parsePrimary() {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            next();
            if (++nesting > MAX_EXPRESSION_DEPTH) {
                throw error(t, "parentheses nest deeper than " + MAX_EXPRESSION_DEPTH + " levels");
            }
            Parsed inner = parseExclusion();
            nesting--;
            if (peek().kind() != Kind.RPAREN) {
                throw expected("')' to close the '(' at " + where(t), peek());
            }
            next();
            return inner; // parentheses group; they add no node
        }
        if (t.isKeyword("this")) {
            next();
            return new Parsed(Rewrite.This.INSTANCE, 1);
        }
        if (t.kind() != Kind.NAME || t.isAnyKeyword()) {
            throw expected("'this', a relation name or '(' after '" + previous().text() + "'", t);
        }
        next();
        checkName(t, "relation name");
        if (peek().isKeyword("from")) {
            next();
            Token tupleset = expectName("relation name after 'from'", "relation name");
            Rewrite.TupleToUserset ttu = new Rewrite.TupleToUserset(tupleset.text(), t.text());
            sources.references.add(new SourceMap.TupleToUsersetRef(currentType, currentRelation, ttu, t, tupleset));
            return new Parsed(ttu, 1);
        }
        sources.references.add(new SourceMap.ComputedRef(currentType, currentRelation, t.text(), t));
        return new Parsed(new Rewrite.ComputedUserset(t.text()), 1);
    }

    /** The next token as a name; {@code what} says what was expected, {@code kind} what the name is for. */
    private static int checkedHeight(int height, Token operator) {
        if (height > MAX_EXPRESSION_DEPTH) {
            throw error(operator, "expression nests deeper than " + MAX_EXPRESSION_DEPTH + " levels");
        }
        return height;
    }

    private Token expectName(String what, String kind) {
        Token t = peek();
        if (t.kind() != Kind.NAME || t.isAnyKeyword()) {
            throw expected(what, t);
        }
        next();
        checkName(t, kind);
        return t;
    }

    private static void checkName(Token t, String what) {
        if (!Names.isIdentifier(t.text())) {
            throw error(
                    t,
                    "invalid " + what + " '" + t.text()
                            + "': a name starts with a letter and has only letters, digits and '_' (at most 128)");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token previous() {
        return tokens.get(Math.max(0, pos - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private static SchemaException expected(String what, Token found) {
        return error(found, "expected " + what + ", found " + found.describe());
    }

    static SchemaException error(Token at, String problem) {
        return new SchemaException(at.line(), at.column(), problem);
    }

    static String where(Token t) {
        return "line " + t.line() + ", column " + t.column();
    }
}
