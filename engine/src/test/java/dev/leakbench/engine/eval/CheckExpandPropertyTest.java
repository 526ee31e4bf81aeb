package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random small schemas and data; for every object, relation and user, check, expand and a naive
 * reference evaluator must agree.
 *
 * <p>The reference evaluator shares no code with {@link Evaluator}: it computes every relation's full
 * member table by fixpoint iteration, relation by relation. That is only well defined when negation
 * is stratified, so the generator orders relations globally ({@code r0, r1, ...}) and lets a relation
 * refer to itself or earlier ones only, and only to strictly earlier ones under {@code -}. The data
 * is free to form cycles (groups in groups, parents of parents), which is exactly what the engine's
 * path cut must get right.
 *
 * <p>Generation is driven by a seed (reported on failure) rather than by jqwik's combinators: the
 * structure is easier to keep valid that way, and a failing seed reproduces exactly.
 */
class CheckExpandPropertyTest {

    static final int OBJECTS_PER_TYPE = 3;
    static final int USERS = 4;

    /** One generated relation: its global index, its type, and either a pointer target or an expression. */
    static final class Rel {
        final int index;
        final int type;
        /** For a pointer (pure tupleset) relation, the type its tuples point to; otherwise -1. */
        final int pointsTo;

        Expr expr;

        Rel(int index, int type, int pointsTo) {
            this.index = index;
            this.type = type;
            this.pointsTo = pointsTo;
        }

        String name() {
            return "r" + index;
        }

        boolean isPointer() {
            return pointsTo >= 0;
        }

        boolean isDirect() {
            return isPointer() || expr.hasThis();
        }
    }

    sealed interface Expr {
        boolean hasThis();

        String text();
    }

    record This() implements Expr {
        public boolean hasThis() {
            return true;
        }

        public String text() {
            return "this";
        }
    }

    record Computed(Rel rel) implements Expr {
        public boolean hasThis() {
            return false;
        }

        public String text() {
            return rel.name();
        }
    }

    record Ttu(Rel pointer, Rel target) implements Expr {
        public boolean hasThis() {
            return false;
        }

        public String text() {
            return target.name() + " from " + pointer.name();
        }
    }

    record Op(char op, List<Expr> children) implements Expr {
        public boolean hasThis() {
            return children.stream().anyMatch(Expr::hasThis);
        }

        public String text() {
            // always parenthesised: the point here is the evaluator, not precedence
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < children.size(); i++) {
                b.append(i == 0 ? "" : " " + op + " ").append(children.get(i).text());
            }
            return b.append(')').toString();
        }
    }

    /** A generated world: relations, tuples per (relation, object). */
    static final class World {
        final int types;
        final List<Rel> rels = new ArrayList<>();
        /** data.get(rel)[object] = subjects of the tuples rel:object#rel. */
        final List<List<List<SubjectRef>>> data = new ArrayList<>();

        World(int types) {
            this.types = types;
        }

        String schemaText() {
            StringBuilder b = new StringBuilder("type user {}\n");
            for (int t = 0; t < types; t++) {
                b.append("type t").append(t).append(" {\n");
                for (Rel r : rels) {
                    if (r.type == t) {
                        b.append("  relation ").append(r.name());
                        if (!r.isPointer()) {
                            b.append(" = ").append(r.expr.text());
                        }
                        b.append('\n');
                    }
                }
                b.append("}\n");
            }
            return b.toString();
        }

        List<RelationTuple> tuples() {
            List<RelationTuple> out = new ArrayList<>();
            for (Rel r : rels) {
                for (int o = 0; o < OBJECTS_PER_TYPE; o++) {
                    for (SubjectRef s : data.get(r.index).get(o)) {
                        out.add(new RelationTuple(object(r.type, o), r.name(), s));
                    }
                }
            }
            return out;
        }
    }

    static ObjectRef object(int type, int index) {
        return ObjectRef.of("t" + type, "o" + index);
    }

    static SubjectRef user(int index) {
        return SubjectRef.of("user", "u" + index);
    }

    static World generate(long seed) {
        Random random = new Random(seed);
        World w = new World(1 + random.nextInt(3));
        int count = 2 + random.nextInt(6);
        for (int g = 0; g < count; g++) {
            int type = random.nextInt(w.types);
            boolean pointer = g < count - 1 && random.nextInt(10) < 3;
            Rel r = new Rel(g, type, pointer ? random.nextInt(w.types) : -1);
            w.rels.add(r);
            if (!pointer) {
                r.expr = expr(random, w, r, 2, false);
            }
        }
        for (Rel r : w.rels) {
            List<List<SubjectRef>> perObject = new ArrayList<>();
            for (int o = 0; o < OBJECTS_PER_TYPE; o++) {
                Set<SubjectRef> subjects = new LinkedHashSet<>();
                if (r.isDirect()) {
                    int n = random.nextInt(3);
                    for (int k = 0; k < n; k++) {
                        subjects.add(
                                r.isPointer()
                                        ? SubjectRef.of(object(r.pointsTo, random.nextInt(OBJECTS_PER_TYPE)))
                                        : directSubject(random, w, r));
                    }
                }
                perObject.add(new ArrayList<>(subjects));
            }
            w.data.add(perObject);
        }
        return w;
    }

    /** A user, the wildcard, or a userset of a relation no later than {@code r} (possibly {@code r} itself). */
    static SubjectRef directSubject(Random random, World w, Rel r) {
        int pick = random.nextInt(10);
        if (pick == 0) {
            return SubjectRef.wildcard("user");
        }
        if (pick <= 3) {
            List<Rel> usersets = new ArrayList<>();
            for (Rel other : w.rels) {
                if (other.index <= r.index && !other.isPointer()) {
                    usersets.add(other);
                }
            }
            Rel target = usersets.get(random.nextInt(usersets.size()));
            return new SubjectRef(object(target.type, random.nextInt(OBJECTS_PER_TYPE)), target.name());
        }
        return user(random.nextInt(USERS));
    }

    /**
     * An expression for {@code self}. {@code lowerOnly} (inside the subtracted side of '-') forbids
     * {@code this} and any reference to {@code self}, so that negation only looks at finished relations.
     */
    static Expr expr(Random random, World w, Rel self, int depth, boolean lowerOnly) {
        if (depth > 0 && random.nextInt(10) < 4) {
            int kind = random.nextInt(3);
            if (kind == 2) {
                Expr base = expr(random, w, self, depth - 1, lowerOnly);
                Expr subtracted = lowerOnlyOrNull(random, w, self, depth - 1);
                if (subtracted != null) {
                    return new Op('-', List.of(base, subtracted));
                }
                return base;
            }
            List<Expr> children = new ArrayList<>();
            int n = 2 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                children.add(expr(random, w, self, depth - 1, lowerOnly));
            }
            return new Op(kind == 0 ? '|' : '&', children);
        }
        Expr atom = atom(random, w, self, lowerOnly);
        return atom != null ? atom : new This();
    }

    static Expr lowerOnlyOrNull(Random random, World w, Rel self, int depth) {
        if (atoms(w, self, true).isEmpty()) {
            return null; // nothing earlier to subtract
        }
        return expr(random, w, self, depth, true);
    }

    /** A random atom, or null if {@code lowerOnly} leaves none. */
    static Expr atom(Random random, World w, Rel self, boolean lowerOnly) {
        List<Expr> options = atoms(w, self, lowerOnly);
        return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
    }

    /**
     * Every atom {@code self} may use: {@code this}; computed usersets of earlier relations of its
     * type; and {@code X from P} for an earlier pointer P of its type, with X on P's target type no
     * later than {@code self} (X may be {@code self}: recursion through parent chains).
     */
    static List<Expr> atoms(World w, Rel self, boolean lowerOnly) {
        List<Expr> options = new ArrayList<>();
        if (!lowerOnly) {
            options.add(new This());
            options.add(new This());
        }
        for (Rel other : w.rels) {
            if (other.index >= self.index || other.type != self.type) {
                continue;
            }
            if (!other.isPointer()) {
                options.add(new Computed(other));
                continue;
            }
            for (Rel target : w.rels) {
                boolean earlyEnough = lowerOnly ? target.index < self.index : target.index <= self.index;
                if (target.type == other.pointsTo && !target.isPointer() && earlyEnough) {
                    options.add(new Ttu(other, target));
                }
            }
        }
        return options;
    }

    /**
     * The reference: members[rel][object][user], relation by relation in index order, each iterated
     * to its least fixpoint (monotone, since a relation refers to itself only outside '-').
     */
    static boolean[][][] reference(World w) {
        boolean[][][] members = new boolean[w.rels.size()][OBJECTS_PER_TYPE][USERS];
        for (Rel r : w.rels) {
            if (r.isPointer()) {
                continue; // pointers hold objects, never users
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int o = 0; o < OBJECTS_PER_TYPE; o++) {
                    for (int u = 0; u < USERS; u++) {
                        if (!members[r.index][o][u] && eval(w, members, r, r.expr, o, u)) {
                            members[r.index][o][u] = true;
                            changed = true;
                        }
                    }
                }
            }
        }
        return members;
    }

    static boolean eval(World w, boolean[][][] members, Rel r, Expr e, int o, int u) {
        if (e instanceof This) {
            for (SubjectRef s : w.data.get(r.index).get(o)) {
                if (s.equals(user(u)) || s.equals(SubjectRef.wildcard("user"))) {
                    return true;
                }
                if (s.isUserset()) {
                    Rel target = relNamed(w, s.relation());
                    if (members[target.index][objectIndex(s.object())][u]) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (e instanceof Computed c) {
            return members[c.rel().index][o][u];
        }
        if (e instanceof Ttu t) {
            for (SubjectRef s : w.data.get(t.pointer().index).get(o)) {
                if (members[t.target().index][objectIndex(s.object())][u]) {
                    return true;
                }
            }
            return false;
        }
        Op op = (Op) e;
        switch (op.op()) {
            case '|':
                for (Expr c : op.children()) {
                    if (eval(w, members, r, c, o, u)) {
                        return true;
                    }
                }
                return false;
            case '&':
                for (Expr c : op.children()) {
                    if (!eval(w, members, r, c, o, u)) {
                        return false;
                    }
                }
                return true;
            default:
                return eval(w, members, r, op.children().get(0), o, u)
                        && !eval(w, members, r, op.children().get(1), o, u);
        }
    }

    static Rel relNamed(World w, String name) {
        return w.rels.get(Integer.parseInt(name.substring(1)));
    }

    static int objectIndex(ObjectRef object) {
        return Integer.parseInt(object.id().substring(1));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 300)
    void checkExpandAndReferenceAgree(@ForAll("seeds") long seed) {
        World w = generate(seed);
        String schemaText = w.schemaText();
        Schema schema = Schema.parse(schemaText);
        assertEquals(schema, Schema.parse(schema.toString()), "printed schema parses back equal");
        boolean[][][] expected = reference(w);

        collectStatistics(w, schemaText);
        int allowed = 0;
        try (AuthorizationEngine engine =
                AuthorizationEngine.builder().schema(schema).build()) {
            engine.write(w.tuples().toArray(RelationTuple[]::new));
            for (Rel r : w.rels) {
                for (int o = 0; o < OBJECTS_PER_TYPE; o++) {
                    ObjectRef obj = object(r.type, o);
                    ExpandResult expand = engine.expand(obj, r.name(), 10_000);
                    assertFalse(expand.truncated());
                    for (int u = 0; u < USERS; u++) {
                        SubjectRef subject = user(u);
                        Supplier<String> where = () -> "seed " + seed + ": " + obj + "#" + r.name() + "@" + subject
                                + "\n" + schemaText + "tuples: " + w.tuples() + "\nexpand: " + expand.subjects()
                                + " except " + expand.wildcardExceptions();
                        boolean want = expected[r.index][o][u];
                        allowed += want ? 1 : 0;
                        assertEquals(
                                want, engine.check(obj, r.name(), subject).allowed(), () -> "check, " + where.get());
                        assertEquals(want, expand.includes(subject), () -> "expand, " + where.get());
                    }
                }
            }
        }
        Statistics.label("some check allowed").collect(allowed > 0);
    }

    /** Shown in the jqwik report: proof that the generated worlds exercise what they should. */
    static void collectStatistics(World w, String schemaText) {
        Statistics.label("uses '-'").collect(schemaText.contains(" - "));
        Statistics.label("uses '&'").collect(schemaText.contains(" & "));
        Statistics.label("uses 'from'").collect(schemaText.contains(" from "));
        String tuples = w.tuples().toString();
        Statistics.label("wildcard tuple").collect(tuples.contains("user:*"));
        boolean selfUserset = false;
        for (RelationTuple t : w.tuples()) {
            selfUserset |= t.subject().isUserset() && t.subject().relation().equals(t.relation());
        }
        Statistics.label("userset of its own relation (cycle-capable)").collect(selfUserset);
    }
}
