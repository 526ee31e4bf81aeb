package dev.leakbench.engine.model;

import java.util.Objects;

/**
 * An object in the authorization graph, written {@code type:id} (for example {@code document:readme}).
 * The id {@code *} is reserved for the wildcard subject ({@code user:*}).
 */
public record ObjectRef(String type, String id) implements Comparable<ObjectRef> {

    public ObjectRef {
        Names.requireIdentifier(type, "object type");
        Names.requireObjectId(id);
    }

    public static ObjectRef of(String type, String id) {
        return new ObjectRef(type, id);
    }

    /** Parses {@code type:id}. */
    public static ObjectRef parse(String text) {
        Objects.requireNonNull(text, "object");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("malformed object '" + text + "': expected type:id");
        }
        return new ObjectRef(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean isWildcard() {
        return "*".equals(id);
    }

    @Override
    public int compareTo(ObjectRef o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : id.compareTo(o.id);
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
