package dev.leakbench.analysis.input;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A benchmark's JMH parameters, ordered by name. Written {@code k=v;k2=v2}; the characters
 * {@code ; = %} inside a name or value are percent-encoded ({@code %3B %3D %25}). Immutable;
 * the canonical text is computed once, since parameters are compared and hashed often.
 *
 * <p>A parameter with an empty value is the same as no parameter: JMH's CSV writes both as an
 * empty cell (its {@code Param:} columns are the union over all benchmarks), so only this makes the
 * CSV and the JSON of one run, and histories kept from either, name the same results. Within one
 * benchmark the parameter names are fixed by its {@code @Param} fields, so nothing is lost.
 */
public final class Params implements Comparable<Params> {
    /** No parameters. */
    public static final Params NONE = new Params(new TreeMap<>());

    private final SortedMap<String, String> values;
    private final String text;

    private Params(SortedMap<String, String> values) {
        TreeMap<String, String> kept = new TreeMap<>(values);
        kept.values().removeIf(String::isEmpty);
        this.values = Collections.unmodifiableSortedMap(kept);
        StringBuilder sb = new StringBuilder();
        this.values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(encode(k)).append('=').append(encode(v));
        });
        this.text = sb.toString();
    }

    /** Parameters from a map; empty values are left out. */
    public static Params of(Map<String, String> map) {
        Params p = map.isEmpty() ? NONE : new Params(new TreeMap<>(map));
        return p.isEmpty() ? NONE : p;
    }

    /**
     * Parses {@code k=v;k2=v2}; empty values ({@code k=}) are left out.
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
        Params p = new Params(map);
        return p.isEmpty() ? NONE : p;
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
        return s.replace("%3B", ";")
                .replace("%3b", ";")
                .replace("%3D", "=")
                .replace("%3d", "=")
                .replace("%25", "%");
    }
}
