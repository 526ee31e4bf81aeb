package dev.leakbench.engine.eval;

import dev.leakbench.engine.ExpandNode;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.schema.RelationDefinition;
import dev.leakbench.engine.schema.Rewrite;
import dev.leakbench.engine.schema.Schema;
import dev.leakbench.engine.schema.TypeDefinition;
import dev.leakbench.engine.store.TupleStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Check and expand over a {@link TupleStore} at one revision, following the rewrites of a
 * {@link Schema}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@code this}: a direct tuple whose subject equals the queried subject; or, for a plain object
 *       subject, a wildcard {@code type:*} of its type; or a userset subject
 *       ({@code group:eng#member}) whose members include the queried subject, checked recursively.
 *       A queried userset matches a tuple with exactly that subject (and, recursively, usersets
 *       that contain it).</li>
 *   <li>Computed userset, tuple-to-userset ({@code X from R}: {@code X} on the object of every
 *       non-wildcard subject of the {@code R} tuples, skipped where that type has no {@code X}),
 *       union, intersection, exclusion as usual.</li>
 *   <li>Deny by default: an object without tuples is simply denied. A query naming a type or
 *       relation the schema does not define is an {@link IllegalArgumentException}; data pointing at
 *       one (written under another schema) counts as no members.</li>
 *   <li>Cycles in the data (group a in b in a) terminate: an {@code object#relation} already on the
 *       current path counts as no access there. For positive rewrites that is exactly the least
 *       fixpoint, i.e. membership by a finite chain of tuples.</li>
 *   <li>At most {@code maxDepth} nested {@code object#relation} steps; one more throws
 *       {@link DepthExceededException}. The limit is capped at {@link #MAX_DEPTH_LIMIT} so recursion
 *       can never overflow the thread stack.</li>
 * </ul>
 *
 * <p>Stateless apart from configuration, so one instance serves any number of threads. Check
 * allocates one small path object per call plus what the store returns; no streams or lambdas.
 */
public final class Evaluator {

    /** Depth limit used unless configured otherwise. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /**
     * Highest depth limit accepted. Each step costs a handful of stack frames; 512 stays well inside
     * a default 512 KiB thread stack and far beyond any real permission graph.
     */
    public static final int MAX_DEPTH_LIMIT = 512;

    private final Schema schema;
    private final TupleStore store;
    private final int maxDepth;

    /**
     * @param maxDepth 1 to {@link #MAX_DEPTH_LIMIT} nested {@code object#relation} steps
     */
    public Evaluator(Schema schema, TupleStore store, int maxDepth) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.store = Objects.requireNonNull(store, "store");
        if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException(
                    "maxDepth must be between 1 and " + MAX_DEPTH_LIMIT + ", was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /**
     * Whether {@code subject} is in {@code resource#relation} at {@code revision}.
     *
     * @throws IllegalArgumentException if the schema has no such type or relation, or the subject's
     *                                  type (or userset relation) is unknown
     * @throws DepthExceededException   if the graph is deeper than the limit
     */
    public boolean check(ObjectRef resource, String relation, SubjectRef subject, long revision) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(subject, "subject");
        RelationDefinition definition = schema.requireRelation(resource.type(), relation);
        schema.requireSubject(subject);
        return new CheckWalk(subject, revision, resource, relation).relation(resource, definition);
    }

    /**
     * The userset tree of {@code resource#relation} and its terminal subjects, at most {@code limit}.
     *
     * @throws IllegalArgumentException for an unknown type or relation, or a limit below 1
     * @throws DepthExceededException   if the graph is deeper than the limit
     */
    public ExpandResult expand(ObjectRef resource, String relation, int limit, long revision) {
        Objects.requireNonNull(resource, "resource");
        if (limit < 1) {
            throw new IllegalArgumentException("expand limit must be >= 1, was " + limit);
        }
        RelationDefinition definition = schema.requireRelation(resource.type(), relation);
        ExpandWalk walk = new ExpandWalk(revision, limit, resource, relation);
        Expansion root = walk.relation(resource, definition, true);

        SubjectSet members = root.members();
        Set<SubjectRef> subjects = members.terminalSubjects();
        Map<SubjectRef, Set<SubjectRef>> exceptions = members.wildcardExceptions();
        boolean truncated = walk.truncated;
        if (subjects.size() > limit) {
            truncated = true;
            TreeSet<SubjectRef> sorted = new TreeSet<>(subjects);
            subjects = new TreeSet<>();
            for (SubjectRef s : sorted) {
                if (subjects.size() == limit) {
                    break;
                }
                subjects.add(s);
            }
            exceptions = new HashMap<>(exceptions);
            exceptions.keySet().retainAll(subjects);
        }
        return new ExpandResult(root.node(), subjects, truncated, revision, exceptions);
    }

    private DepthExceededException depthExceeded(
            String operation, ObjectRef start, String startRelation, EvaluationPath path) {
        return new DepthExceededException(
                maxDepth,
                start,
                startRelation,
                "depth limit of " + maxDepth
                        + " exceeded while " + operation + " " + start + "#" + startRelation + ": more than " + maxDepth
                        + " nested object#relation steps (deepest: " + path.last() + "); cycles are cut, so the graph"
                        + " really is this deep: flatten it or raise maxDepth");
    }

    /** One check: the queried subject, the revision, and the path walked so far. */
    private final class CheckWalk {
        private final SubjectRef subject;
        private final boolean subjectIsPlainObject;
        private final long revision;
        private final EvaluationPath path;
        private final ObjectRef start;
        private final String startRelation;

        CheckWalk(SubjectRef subject, long revision, ObjectRef start, String startRelation) {
            this.subject = subject;
            this.subjectIsPlainObject = !subject.isUserset() && !subject.isWildcard();
            this.revision = revision;
            this.path = new EvaluationPath(maxDepth);
            this.start = start;
            this.startRelation = startRelation;
        }

        boolean relation(ObjectRef object, RelationDefinition definition) {
            String name = definition.name();
            if (path.contains(object, name)) {
                return false; // cyclic data: this branch adds nothing the outer evaluation does not
            }
            if (!path.push(object, name)) {
                throw depthExceeded("checking " + subject + " on", start, startRelation, path);
            }
            try {
                return rewrite(object, schema.type(object.type()), definition, definition.rewrite());
            } finally {
                path.pop();
            }
        }

        private boolean rewrite(ObjectRef object, TypeDefinition type, RelationDefinition definition, Rewrite r) {
            if (r instanceof Rewrite.This) {
                return direct(object, definition.name());
            }
            if (r instanceof Rewrite.ComputedUserset c) {
                return relation(object, type.relation(c.relation()));
            }
            if (r instanceof Rewrite.TupleToUserset t) {
                return tupleToUserset(object, t);
            }
            if (r instanceof Rewrite.Union u) {
                List<Rewrite> children = u.children();
                for (int i = 0; i < children.size(); i++) {
                    if (rewrite(object, type, definition, children.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            if (r instanceof Rewrite.Intersection n) {
                List<Rewrite> children = n.children();
                for (int i = 0; i < children.size(); i++) {
                    if (!rewrite(object, type, definition, children.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            Rewrite.Exclusion e = (Rewrite.Exclusion) r;
            return rewrite(object, type, definition, e.base()) && !rewrite(object, type, definition, e.subtracted());
        }

        private boolean direct(ObjectRef object, String relation) {
            List<SubjectRef> subjects = store.subjects(object, relation, revision);
            int n = subjects.size();
            // cheap exact and wildcard matches first; recurse into usersets only if none matched
            for (int i = 0; i < n; i++) {
                SubjectRef s = subjects.get(i);
                if (s.equals(subject)
                        || (subjectIsPlainObject && s.isWildcard() && s.type().equals(subject.type()))) {
                    return true;
                }
            }
            for (int i = 0; i < n; i++) {
                SubjectRef s = subjects.get(i);
                if (s.isUserset()) {
                    RelationDefinition members = schema.relation(s.type(), s.relation());
                    if (members != null && relation(s.object(), members)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean tupleToUserset(ObjectRef object, Rewrite.TupleToUserset t) {
            List<SubjectRef> targets = store.subjects(object, t.tupleset(), revision);
            for (int i = 0; i < targets.size(); i++) {
                SubjectRef target = targets.get(i);
                if (target.isWildcard()) {
                    continue; // "every folder" is not an object to follow
                }
                RelationDefinition computed = schema.relation(target.type(), t.computedRelation());
                if (computed != null && relation(target.object(), computed)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A node of the tree (null when only the members are wanted) and the members it stands for. */
    private record Expansion(ExpandNode node, SubjectSet members) {}

    /** One expand: the revision, the subject budget, and the path walked so far. */
    private final class ExpandWalk {
        private final long revision;
        private final int limit;
        private final EvaluationPath path;
        private final ObjectRef start;
        private final String startRelation;
        /** Terminal subjects still allowed in before the walk stops early. */
        private int budget;

        private boolean truncated;

        ExpandWalk(long revision, int limit, ObjectRef start, String startRelation) {
            this.revision = revision;
            this.limit = limit;
            this.budget = limit;
            this.path = new EvaluationPath(maxDepth);
            this.start = start;
            this.startRelation = startRelation;
        }

        /** Expands {@code object#relation}; {@code withTree} is false below userset subjects, whose members only are wanted. */
        Expansion relation(ObjectRef object, RelationDefinition definition, boolean withTree) {
            String name = definition.name();
            if (path.contains(object, name)) {
                return new Expansion(withTree ? new ExpandNode.Cycle(object, name) : null, new SubjectSet());
            }
            if (truncated) {
                return new Expansion(withTree ? new ExpandNode.Leaf(object, name, List.of()) : null, new SubjectSet());
            }
            if (!path.push(object, name)) {
                throw depthExceeded("expanding", start, startRelation, path);
            }
            try {
                return rewrite(object, schema.type(object.type()), definition, definition.rewrite(), withTree);
            } finally {
                path.pop();
            }
        }

        private Expansion rewrite(
                ObjectRef object, TypeDefinition type, RelationDefinition definition, Rewrite r, boolean withTree) {
            String name = definition.name();
            if (r instanceof Rewrite.This) {
                return direct(object, name, withTree);
            }
            if (r instanceof Rewrite.ComputedUserset c) {
                Expansion child = relation(object, type.relation(c.relation()), withTree);
                return new Expansion(
                        withTree ? new ExpandNode.Computed(object, name, child.node()) : null, child.members());
            }
            if (r instanceof Rewrite.TupleToUserset t) {
                return tupleToUserset(object, name, t, withTree);
            }
            if (r instanceof Rewrite.Union u) {
                List<ExpandNode> nodes = withTree ? new ArrayList<>(u.children().size()) : null;
                SubjectSet members = new SubjectSet();
                for (Rewrite child : u.children()) {
                    Expansion e = rewrite(object, type, definition, child, withTree);
                    members.addAll(e.members());
                    if (withTree) {
                        nodes.add(e.node());
                    }
                }
                return new Expansion(withTree ? new ExpandNode.Union(object, name, nodes) : null, members);
            }
            if (r instanceof Rewrite.Intersection n) {
                List<ExpandNode> nodes = withTree ? new ArrayList<>(n.children().size()) : null;
                SubjectSet members = null;
                for (Rewrite child : n.children()) {
                    Expansion e = rewrite(object, type, definition, child, withTree);
                    members = members == null ? e.members() : SubjectSet.intersection(members, e.members());
                    if (withTree) {
                        nodes.add(e.node());
                    }
                }
                return new Expansion(withTree ? new ExpandNode.Intersection(object, name, nodes) : null, members);
            }
            Rewrite.Exclusion x = (Rewrite.Exclusion) r;
            Expansion base = rewrite(object, type, definition, x.base(), withTree);
            Expansion subtracted = rewrite(object, type, definition, x.subtracted(), withTree);
            return new Expansion(
                    withTree ? new ExpandNode.Exclusion(object, name, base.node(), subtracted.node()) : null,
                    SubjectSet.difference(base.members(), subtracted.members()));
        }

        private Expansion direct(ObjectRef object, String relation, boolean withTree) {
            List<SubjectRef> subjects = store.subjects(object, relation, revision);
            if (subjects.size() > limit) {
                truncated = true;
                subjects = subjects.subList(0, limit);
            }
            SubjectSet members = new SubjectSet();
            for (SubjectRef s : subjects) {
                if (s.isUserset()) {
                    RelationDefinition d = schema.relation(s.type(), s.relation());
                    if (d != null) {
                        members.addAll(relation(s.object(), d, false).members());
                    }
                } else if (budget > 0) {
                    budget--;
                    members.add(s);
                } else {
                    truncated = true;
                    break;
                }
            }
            return new Expansion(withTree ? new ExpandNode.Leaf(object, relation, subjects) : null, members);
        }

        private Expansion tupleToUserset(
                ObjectRef object, String relation, Rewrite.TupleToUserset t, boolean withTree) {
            List<SubjectRef> targets = store.subjects(object, t.tupleset(), revision);
            List<ExpandNode> nodes = withTree ? new ArrayList<>() : null;
            SubjectSet members = new SubjectSet();
            for (SubjectRef target : targets) {
                if (target.isWildcard()) {
                    continue;
                }
                RelationDefinition computed = schema.relation(target.type(), t.computedRelation());
                if (computed == null) {
                    continue;
                }
                Expansion e = relation(target.object(), computed, withTree);
                members.addAll(e.members());
                if (withTree) {
                    nodes.add(e.node());
                }
            }
            return new Expansion(
                    withTree
                            ? new ExpandNode.TupleToUserset(object, relation, t.tupleset(), t.computedRelation(), nodes)
                            : null,
                    members);
        }
    }
}
