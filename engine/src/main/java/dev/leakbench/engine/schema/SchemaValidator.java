package dev.leakbench.engine.schema;

import dev.leakbench.engine.schema.SchemaLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks that need the whole schema: every reference resolves, tuple-to-usersets can reach their
 * target relation, and no relation is defined in terms of itself through computed usersets alone.
 * Each failure is a {@link SchemaException} at the token that refers to the missing or cyclic thing.
 */
final class SchemaValidator {

    private final Map<String, TypeDefinition> types;
    private final SourceMap sources;

    private SchemaValidator(Map<String, TypeDefinition> types, SourceMap sources) {
        this.types = types;
        this.sources = sources;
    }

    static void validate(Map<String, TypeDefinition> types, SourceMap sources) {
        SchemaValidator v = new SchemaValidator(types, sources);
        // restrictions first: the tuple-to-userset check reads them and trusts that their types exist
        for (SourceMap.Reference ref : sources.references) {
            if (ref instanceof SourceMap.Restriction r) {
                v.checkRestriction(r);
            }
        }
        for (SourceMap.Reference ref : sources.references) {
            if (ref instanceof SourceMap.ComputedRef c) {
                v.checkComputed(c);
            } else if (ref instanceof SourceMap.TupleToUsersetRef t) {
                v.checkTupleToUserset(t);
            }
        }
        for (TypeDefinition type : types.values()) {
            v.checkNoComputedCycle(type);
        }
    }

    private void checkRestriction(SourceMap.Restriction r) {
        AllowedSubject s = r.subject();
        TypeDefinition type = types.get(s.type());
        if (type == null) {
            throw SchemaParser.error(
                    r.typeToken(),
                    "unknown type '" + s.type() + "' in the type restriction of relation '" + r.ownerType() + "#"
                            + r.ownerRelation() + "'");
        }
        if (s.relation() != null && type.relation(s.relation()) == null) {
            throw SchemaParser.error(
                    r.relationToken(),
                    "unknown relation '" + s.relation() + "' on type '" + s.type()
                            + "' in the type restriction of relation '" + r.ownerType() + "#" + r.ownerRelation()
                            + "'");
        }
    }

    private void checkComputed(SourceMap.ComputedRef c) {
        if (types.get(c.ownerType()).relation(c.relation()) == null) {
            throw SchemaParser.error(
                    c.at(),
                    "unknown relation '" + c.relation() + "' in type '" + c.ownerType() + "' (used by relation '"
                            + c.ownerRelation() + "')");
        }
    }

    private void checkTupleToUserset(SourceMap.TupleToUsersetRef t) {
        Rewrite.TupleToUserset ttu = t.rewrite();
        RelationDefinition tupleset = types.get(t.ownerType()).relation(ttu.tupleset());
        if (tupleset == null) {
            throw SchemaParser.error(
                    t.tupleset(),
                    "unknown relation '" + ttu.tupleset() + "' in type '" + t.ownerType() + "' (used by '" + ttu
                            + "' in relation '" + t.ownerRelation() + "')");
        }
        if (!tupleset.isDirect()) {
            throw SchemaParser.error(
                    t.tupleset(),
                    "'" + ttu + "' follows relation '" + ttu.tupleset()
                            + "', which has no 'this' and so holds no tuples to follow");
        }
        if (tupleset.isRestricted()) {
            for (AllowedSubject target : tupleset.allowedSubjects()) {
                if (target.wildcard()) {
                    throw SchemaParser.error(
                            t.tupleset(),
                            "'" + ttu + "' cannot follow the wildcard '" + target + "' that relation '" + ttu.tupleset()
                                    + "' allows");
                }
                if (types.get(target.type()).relation(ttu.computedRelation()) == null) {
                    throw SchemaParser.error(
                            t.computed(),
                            "relation '" + ttu.computedRelation() + "' (in '" + ttu
                                    + "') does not exist on type '" + target.type() + "', which relation '"
                                    + ttu.tupleset() + "' allows");
                }
            }
            return;
        }
        for (TypeDefinition type : types.values()) {
            if (type.relation(ttu.computedRelation()) != null) {
                return;
            }
        }
        throw SchemaParser.error(
                t.computed(),
                "relation '" + ttu.computedRelation() + "' (in '" + ttu + "') does not exist on any type");
    }

    /**
     * Depth-first search over "relation uses computed userset" edges of one type. Evaluation stops at
     * a revisited (object, relation) on its path, so such a cycle would not loop forever, but it has
     * no base case in the definitions: its meaning would depend on where evaluation entered it.
     * Iterative so that a long chain of definitions cannot overflow the stack.
     */
    private void checkNoComputedCycle(TypeDefinition type) {
        Map<String, List<String>> uses = new HashMap<>();
        for (RelationDefinition r : type.relations().values()) {
            List<String> targets = new ArrayList<>();
            collectComputed(r.rewrite(), targets);
            uses.put(r.name(), targets);
        }
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (String root : type.relations().keySet()) {
            if (state.containsKey(root)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Iterator<String>> pending = new ArrayDeque<>();
            path.push(root);
            pending.push(uses.get(root).iterator());
            state.put(root, 1);
            while (!path.isEmpty()) {
                Iterator<String> it = pending.peek();
                if (!it.hasNext()) {
                    state.put(path.pop(), 2);
                    pending.pop();
                    continue;
                }
                String next = it.next();
                Integer s = state.get(next);
                if (s == null) {
                    path.push(next);
                    pending.push(uses.get(next).iterator());
                    state.put(next, 1);
                } else if (s == 1) {
                    throw cycle(type, path, next);
                }
            }
        }
    }

    private SchemaException cycle(TypeDefinition type, Deque<String> path, String closing) {
        // path is a stack (top = deepest); walk it bottom-up from where the cycle starts
        List<String> bottomUp = new ArrayList<>(path);
        Collections.reverse(bottomUp);
        List<String> cycle = new ArrayList<>(bottomUp.subList(bottomUp.indexOf(closing), bottomUp.size()));
        cycle.add(closing);
        Token at = sources.relationTokens.get(type.name()).get(closing);
        return SchemaParser.error(
                at,
                "cyclic definition in type '" + type.name() + "': " + String.join(" -> ", cycle)
                        + "; a cycle must pass through 'this' or a tuple-to-userset ('X from R') to terminate");
    }

    private static void collectComputed(Rewrite r, List<String> out) {
        if (r instanceof Rewrite.ComputedUserset c) {
            out.add(c.relation());
        } else if (r instanceof Rewrite.Union u) {
            for (Rewrite child : u.children()) {
                collectComputed(child, out);
            }
        } else if (r instanceof Rewrite.Intersection n) {
            for (Rewrite child : n.children()) {
                collectComputed(child, out);
            }
        } else if (r instanceof Rewrite.Exclusion e) {
            collectComputed(e.base(), out);
            collectComputed(e.subtracted(), out);
        }
    }
}
