package dev.leakbench.engine.schema;

import java.util.List;
import java.util.Objects;

/**
 * How a relation's members are computed: the right-hand side of {@code relation viewer = ...}.
 *
 * <p>The cases mirror Zanzibar's userset rewrites:
 * <ul>
 *   <li>{@link This} — the direct tuples of the relation ({@code this});</li>
 *   <li>{@link ComputedUserset} — another relation of the same object ({@code owner});</li>
 *   <li>{@link TupleToUserset} — a relation on every object another relation points to
 *       ({@code viewer from parent});</li>
 *   <li>{@link Union}, {@link Intersection}, {@link Exclusion} — {@code |}, {@code &}, {@code -}.</li>
 * </ul>
 * Every node is immutable and compares by value, so two parses of the same text are equal.
 */
public sealed interface Rewrite
        permits Rewrite.This,
                Rewrite.ComputedUserset,
                Rewrite.TupleToUserset,
                Rewrite.Union,
                Rewrite.Intersection,
                Rewrite.Exclusion {

    /** True if the direct tuples of the relation ({@code this}) take part anywhere in this rewrite. */
    boolean includesThis();

    /** The direct tuples of the relation being defined. */
    record This() implements Rewrite {
        /** The only instance anyone needs; {@code This} carries no data. */
        public static final This INSTANCE = new This();

        @Override
        public boolean includesThis() {
            return true;
        }

        @Override
        public String toString() {
            return "this";
        }
    }

    /** The members of {@code relation} on the same object. */
    record ComputedUserset(String relation) implements Rewrite {
        public ComputedUserset {
            Objects.requireNonNull(relation, "relation");
        }

        @Override
        public boolean includesThis() {
            return false;
        }

        @Override
        public String toString() {
            return relation;
        }
    }

    /**
     * {@code computedRelation from tupleset}: for every subject of the object's {@code tupleset}
     * tuples, the members of {@code computedRelation} on that subject's object.
     */
    record TupleToUserset(String tupleset, String computedRelation) implements Rewrite {
        public TupleToUserset {
            Objects.requireNonNull(tupleset, "tupleset");
            Objects.requireNonNull(computedRelation, "computedRelation");
        }

        @Override
        public boolean includesThis() {
            return false;
        }

        @Override
        public String toString() {
            return computedRelation + " from " + tupleset;
        }
    }

    /** Members of any child. Never directly contains another {@code Union} (the parser flattens). */
    record Union(List<Rewrite> children) implements Rewrite {
        public Union {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException("a union needs at least two children, got " + children.size());
            }
        }

        @Override
        public boolean includesThis() {
            return anyIncludesThis(children);
        }

        @Override
        public String toString() {
            return SchemaPrinter.render(this);
        }
    }

    /** Members of every child. Never directly contains another {@code Intersection}. */
    record Intersection(List<Rewrite> children) implements Rewrite {
        public Intersection {
            children = List.copyOf(children);
            if (children.size() < 2) {
                throw new IllegalArgumentException(
                        "an intersection needs at least two children, got " + children.size());
            }
        }

        @Override
        public boolean includesThis() {
            return anyIncludesThis(children);
        }

        @Override
        public String toString() {
            return SchemaPrinter.render(this);
        }
    }

    /** Members of {@code base} that are not members of {@code subtracted}. */
    record Exclusion(Rewrite base, Rewrite subtracted) implements Rewrite {
        public Exclusion {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(subtracted, "subtracted");
        }

        @Override
        public boolean includesThis() {
            return base.includesThis() || subtracted.includesThis();
        }

        @Override
        public String toString() {
            return SchemaPrinter.render(this);
        }
    }

    private static boolean anyIncludesThis(List<Rewrite> rewrites) {
        for (Rewrite r : rewrites) {
            if (r.includesThis()) {
                return true;
            }
        }
        return false;
    }
}
