package dev.leakbench.analysis.input;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A benchmark's JMH parameters, ordered by name. Written {@code k=v;k2=v2}; the characters
 * {@code ; = %} inside a name or value are percent-encoded ({@code %3B %3D %25}). Immutable;
 * the canonical text is computed once, since parameters are compared and hashed often.
 */
public final class Params implements Comparable<Params> {
    /** No parameters. */
    public static final Params NONE = new Params(new TreeMap<>());

    private final SortedMap<String, String> values;
    private final String text;

    private Params(SortedMap<String, String> values) {
        this.values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        StringBuilder sb = new StringBuilder();
        this.values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(encode(k)).append('=').append(encode(v));
        });
        this.text = sb.toString();
    }

    /** Parameters from a map. */
    public static Params of(Map<String, String> map) {
        return map.isEmpty() ? NONE : new Params(new TreeMap<>(map));
    }

    /**
     * Parses {@code k=v;k2=v2}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Params parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, found '" + part + "'");
            }
            String k = decode(part.substring(0, eq).trim());
            String v = decode(part.substring(eq + 1).trim());
            if (map.put(k, v) != null) {
                throw new IllegalArgumentException("parameter '" + k + "' given twice");
            }
        }
        return new Params(map);
    }

    /** The parameters by name. */
    public SortedMap<String, String> values() {
        return values;
    }

    /** True when there are no parameters. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The canonical {@code k=v;k2=v2} form. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(Params o) {
        return text.compareTo(o.text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && text.equals(p.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static String encode(String s) {
        return s.replace("%", "%25").replace(";", "%3B").replace("=", "%3D");
    }

    private static String decode(String s) {
        return s.replace("%3B", ";").replace("%3b", ";").replace("%3D", "=").replace("%3d", "=").replace("%25", "%");
    }
}
