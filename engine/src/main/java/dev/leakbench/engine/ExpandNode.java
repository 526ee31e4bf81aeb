package dev.leakbench.engine;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import java.util.List;
import java.util.Objects;

/**
 * One node of an expand tree. Every node is labelled with the {@code object#relation} whose
 * definition it belongs to: the root carries the expanded relation, a {@link Computed} child carries
 * the relation it refers to, and the children of a {@link TupleToUserset} carry the objects the
 * tupleset points to.
 *
 * <p>Userset subjects ({@code group:eng#member}) stay as subjects in their {@link Leaf}, as in
 * Zanzibar's Expand; {@link ExpandResult#subjects()} has them expanded.
 */
public sealed interface ExpandNode
        permits ExpandNode.Leaf,
                ExpandNode.Computed,
                ExpandNode.TupleToUserset,
                ExpandNode.Union,
                ExpandNode.Intersection,
                ExpandNode.Exclusion,
                ExpandNode.Cycle {

    /** The object whose relation this node expands. */
    ObjectRef object();

    /** The relation this node belongs to. */
    String relation();

    /** The direct tuples ({@code this}) of {@code object#relation}: their subjects, in store order. */
    record Leaf(ObjectRef object, String relation, List<SubjectRef> subjects) implements ExpandNode {
        public Leaf {
            Objects.requireNonNull(object, "object");
            subjects = List.copyOf(subjects);
        }
    }

    /** {@code object#relation} includes another relation of the same object; {@code child} expands that one. */
    record Computed(ObjectRef object, String relation, ExpandNode child) implements ExpandNode {}

    /**
     * {@code computedRelation from tupleset} on {@code object#relation}: one child per object the
     * tupleset's tuples point to, each expanding {@code computedRelation} on that object.
     */
    record TupleToUserset(
            ObjectRef object, String relation, String tupleset, String computedRelation, List<ExpandNode> children)
            implements ExpandNode {
        public TupleToUserset {
            children = List.copyOf(children);
        }
    }

    /** Any child. */
    record Union(ObjectRef object, String relation, List<ExpandNode> children) implements ExpandNode {
        public Union {
            children = List.copyOf(children);
        }
    }

    /** Every child. */
    record Intersection(ObjectRef object, String relation, List<ExpandNode> children) implements ExpandNode {
        public Intersection {
            children = List.copyOf(children);
        }
    }

    /** {@code base} but not {@code subtracted}. */
    record Exclusion(ObjectRef object, String relation, ExpandNode base, ExpandNode subtracted) implements ExpandNode {}

    /**
     * {@code object#relation} is already being expanded further up this branch (cyclic data such as
     * two groups that contain each other); it adds nothing here.
     */
    record Cycle(ObjectRef object, String relation) implements ExpandNode {}

    /** The tree as indented text, one node per line, for logs and the demo. */
    default String render() {
        StringBuilder out = new StringBuilder();
        appendTo(this, 0, out);
        return out.toString();
    }

    private static void appendTo(ExpandNode node, int indent, StringBuilder out) {
        out.append("  ".repeat(indent))
                .append(node.object())
                .append('#')
                .append(node.relation())
                .append(' ');
        if (node instanceof ExpandNode.Leaf leaf) {
            out.append("this: ");
            if (leaf.subjects().isEmpty()) {
                out.append("(none)");
            }
            for (int i = 0; i < leaf.subjects().size(); i++) {
                SubjectRef s = leaf.subjects().get(i);
                out.append(i == 0 ? "" : ", ").append(s);
            }
            out.append('\n');
        } else if (node instanceof ExpandNode.Computed c) {
            out.append("computed:\n");
            appendTo(c.child(), indent + 1, out);
        } else if (node instanceof ExpandNode.TupleToUserset t) {
            out.append(t.computedRelation())
                    .append(" from ")
                    .append(t.tupleset())
                    .append(t.children().isEmpty() ? ": (none)\n" : ":\n");
            for (ExpandNode child : t.children()) {
                appendTo(child, indent + 1, out);
            }
        } else if (node instanceof ExpandNode.Union u) {
            out.append("union:\n");
            for (ExpandNode child : u.children()) {
                appendTo(child, indent + 1, out);
            }
        } else if (node instanceof ExpandNode.Intersection n) {
            out.append("intersection:\n");
            for (ExpandNode child : n.children()) {
                appendTo(child, indent + 1, out);
            }
        } else if (node instanceof ExpandNode.Exclusion e) {
            out.append("exclusion:\n");
            appendTo(e.base(), indent + 1, out);
            out.append("  ".repeat(indent + 1)).append("minus\n");
            appendTo(e.subtracted(), indent + 1, out);
        } else {
            out.append("(cycle: already expanding this on the path)\n");
        }
    }
}
