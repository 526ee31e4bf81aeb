package dev.leakbench.engine.model;

import java.util.Objects;

/**
 * The subject of a relation tuple: an object ({@code user:alice}), a wildcard ({@code user:*})
 * or a userset ({@code group:eng#member}, every subject that has {@code member} on {@code group:eng}).
 *
 * @param relation null for a plain object subject, the relation name for a userset
 */
public record SubjectRef(ObjectRef object, String relation) implements Comparable<SubjectRef> {

    public SubjectRef {
        Objects.requireNonNull(object, "subject object");
        if (relation != null) {
            Names.requireIdentifier(relation, "subject relation");
            if (object.isWildcard()) {
                throw new IllegalArgumentException(
                        "a wildcard subject cannot carry a relation: " + object + "#" + relation);
            }
        }
    }

    public static SubjectRef of(String type, String id) {
        return new SubjectRef(new ObjectRef(type, id), null);
    }

    public static SubjectRef of(ObjectRef object) {
        return new SubjectRef(object, null);
    }

    public static SubjectRef userset(String type, String id, String relation) {
        return new SubjectRef(new ObjectRef(type, id), relation);
    }

    public static SubjectRef wildcard(String type) {
        return new SubjectRef(new ObjectRef(type, "*"), null);
    }

    /** Parses {@code type:id}, {@code type:*} or {@code type:id#relation}. */
    public static SubjectRef parse(String text) {
        Objects.requireNonNull(text, "subject");
        int hash = text.indexOf('#');
        if (hash < 0) {
            return new SubjectRef(ObjectRef.parse(text), null);
        }
        if (hash == text.length() - 1) {
            throw new IllegalArgumentException("malformed subject '" + text + "': missing relation after '#'");
        }
        return new SubjectRef(ObjectRef.parse(text.substring(0, hash)), text.substring(hash + 1));
    }

    public boolean isUserset() {
        return relation != null;
    }

    public boolean isWildcard() {
        return object.isWildcard();
    }

    public String type() {
        return object.type();
    }

    @Override
    public int compareTo(SubjectRef o) {
        int c = object.compareTo(o.object);
        if (c != 0) {
            return c;
        }
        if (relation == null) {
            return o.relation == null ? 0 : -1;
        }
        return o.relation == null ? 1 : relation.compareTo(o.relation);
    }

    @Override
    public String toString() {
        return relation == null ? object.toString() : object + "#" + relation;
    }
}
