package dev.leakbench.engine.model;

import java.util.Objects;

/**
 * One relationship: {@code resource#relation@subject}, for example
 * {@code document:readme#viewer@user:alice} or {@code folder:docs#viewer@group:eng#member}.
 */
public record RelationTuple(ObjectRef resource, String relation, SubjectRef subject)
        implements Comparable<RelationTuple> {

    public RelationTuple {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(subject, "subject");
        Names.requireIdentifier(relation, "relation");
        if (resource.isWildcard()) {
            throw new IllegalArgumentException("a resource cannot be a wildcard: " + resource);
        }
    }

    public static RelationTuple of(ObjectRef resource, String relation, SubjectRef subject) {
        return new RelationTuple(resource, relation, subject);
    }

    /**
     * Parses {@code type:id#relation@subject}, where the subject is {@code type:id}, {@code type:*}
     * or {@code type:id#relation}.
     *
     * @throws IllegalArgumentException naming the input and what was expected
     */
    public static RelationTuple parse(String text) {
        Objects.requireNonNull(text, "tuple");
        String t = text.strip();
        int at = t.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException(
                    "malformed tuple '" + text + "': expected resource#relation@subject (no '@')");
        }
        if (t.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("malformed tuple '" + text + "': more than one '@'");
        }
        String left = t.substring(0, at);
        int hash = left.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException(
                    "malformed tuple '" + text + "': expected resource#relation before '@' (no '#')");
        }
        try {
            ObjectRef resource = ObjectRef.parse(left.substring(0, hash));
            String relation = left.substring(hash + 1);
            SubjectRef subject = SubjectRef.parse(t.substring(at + 1));
            return new RelationTuple(resource, relation, subject);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed tuple '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public int compareTo(RelationTuple o) {
        int c = resource.compareTo(o.resource);
        if (c != 0) {
            return c;
        }
        c = relation.compareTo(o.relation);
        return c != 0 ? c : subject.compareTo(o.subject);
    }

    @Override
    public String toString() {
        return resource + "#" + relation + "@" + subject;
    }
}
