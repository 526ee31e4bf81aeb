package dev.leakbench.engine;

import dev.leakbench.engine.model.SubjectRef;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The result of an expand.
 *
 * @param tree               how the relation is made up, one level of usersets deep (see {@link ExpandNode})
 * @param subjects           the terminal subjects: plain objects and wildcards ({@code user:*}), with
 *                           every userset subject expanded recursively; sorted, at most the limit
 * @param truncated          true if the expansion met more subjects than the limit and stopped early; then
 *                           {@code subjects} and {@code tree} may be incomplete
 * @param revision           the revision expanded
 * @param wildcardExceptions for a wildcard in {@code subjects}, the objects of its type that are
 *                           nevertheless not members ({@code viewer - banned} with {@code viewer@user:*}
 *                           and {@code banned@user:bob} gives {@code user:*} except {@code user:bob});
 *                           wildcards without exceptions are absent
 */
public record ExpandResult(
        ExpandNode tree,
        Set<SubjectRef> subjects,
        boolean truncated,
        long revision,
        Map<SubjectRef, Set<SubjectRef>> wildcardExceptions) {

    public ExpandResult {
        Objects.requireNonNull(tree, "tree");
        subjects = Collections.unmodifiableSortedSet(new TreeSet<>(subjects));
        TreeMap<SubjectRef, Set<SubjectRef>> exceptions = new TreeMap<>();
        for (Map.Entry<SubjectRef, Set<SubjectRef>> e : wildcardExceptions.entrySet()) {
            if (!e.getValue().isEmpty()) {
                exceptions.put(e.getKey(), Collections.unmodifiableSortedSet(new TreeSet<>(e.getValue())));
            }
        }
        wildcardExceptions = Collections.unmodifiableSortedMap(exceptions);
    }

    /** A result without wildcard exceptions. */
    public ExpandResult(ExpandNode tree, Set<SubjectRef> subjects, boolean truncated, long revision) {
        this(tree, subjects, truncated, revision, Map.of());
    }

    /**
     * True if {@code subject} is a member according to this result: it is one of {@link #subjects()},
     * or it is a plain object whose type's wildcard is there and does not except it. This is what a
     * check of a plain object (or an exact wildcard) at the same revision answers, unless the result
     * is {@link #truncated()}.
     */
    public boolean includes(SubjectRef subject) {
        if (subjects.contains(subject)) {
            return true;
        }
        if (subject.isUserset() || subject.isWildcard()) {
            return false;
        }
        SubjectRef wildcard = SubjectRef.wildcard(subject.type());
        if (!subjects.contains(wildcard)) {
            return false;
        }
        Set<SubjectRef> except = wildcardExceptions.get(wildcard);
        return except == null || !except.contains(subject);
    }
}
