package dev.leakbench.engine.model;

/** Validation of the identifiers that make up objects, relations and tuples. */
public final class Names {
    private Names() {}

    /** Type and relation names: a letter, then letters, digits or underscores. */
    public static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || s.length() > 128) {
            return false;
        }
        if (!Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    public static void requireIdentifier(String s, String what) {
        if (!isIdentifier(s)) {
            throw new IllegalArgumentException("invalid " + what + " '" + s
                    + "': expected a letter followed by letters, digits or '_' (at most 128)");
        }
    }

    /** Object ids: non-empty, at most 256 chars, none of the tuple separators {@code : # @} or whitespace. */
    public static void requireObjectId(String id) {
        if (id == null || id.isEmpty() || id.length() > 256) {
            throw new IllegalArgumentException("invalid object id '" + id + "': must be 1..256 characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == ':' || c == '#' || c == '@' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException(
                        "invalid object id '" + id + "': character '" + c + "' at " + i + " is not allowed");
            }
        }
        if (id.contains("*") && !id.equals("*")) {
            throw new IllegalArgumentException("invalid object id '" + id + "': '*' is only allowed alone (wildcard)");
        }
    }
}
