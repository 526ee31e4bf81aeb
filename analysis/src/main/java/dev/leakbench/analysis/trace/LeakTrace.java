package dev.leakbench.analysis.trace;

import dev.leakbench.analysis.input.Quantities;
import java.util.List;
import java.util.Locale;

/**
 * Where a heap leak accumulates: the path from a GC root to the object whose references grow
 * with operations across the dumps (docs/design.md, "Leak traces"; findings.json's
 * {@code leakTrace}).
 *
 * @param root the GC root: {@code static CLASS.FIELD}, {@code thread NAME}, {@code JNI global}, ...
 * @param path the references from the root to the accumulation point, each with the class that
 *     holds the field, the field ({@code []} for an array's elements) and the type it refers to;
 *     the first step is the root itself (holder: the root's class or kind)
 * @param accumulation what grows at the end of the path
 * @param growthPerMop new objects at the accumulation point per million operations (first to last dump)
 * @param retainedBytesPerOp growth per operation of the bytes reached through the accumulation
 *     point (its objects and everything reached first through them; for an array's elements, the
 *     array's own bytes too)
 * @param dumps the dumps compared, in order
 * @param also other paths that grew in the same dumps, apart from this one, largest first (their own
 *     {@code also} empty)
 */
public record LeakTrace(
        String root,
        List<Step> path,
        Accumulation accumulation,
        double growthPerMop,
        double retainedBytesPerOp,
        List<Dump> dumps,
        List<LeakTrace> also) {
    public LeakTrace {
        path = List.copyOf(path);
        dumps = List.copyOf(dumps);
        also = List.copyOf(also);
    }

    /** One reference on the path. */
    public record Step(String holder, String field, String type) {}

    /**
     * What grows.
     *
     * @param what "elements" (an array's or collection's), "chain" (a linked chain through
     *     {@code chainField}) or "objects"
     * @param type the type of the objects that accumulate
     * @param chainField the field of a linked chain, or null
     * @param count how many there are at the last dump
     */
    public record Accumulation(String what, String type, String chainField, long count) {}

    /**
     * One dump.
     *
     * @param iteration the measurement iteration it was taken with (0 when unknown)
     * @param ops cumulative operations at it
     * @param count objects at the accumulation point in it
     * @param retainedBytes bytes reached through the accumulation point in it
     * @param file the hprof file's name
     */
    public record Dump(int iteration, double ops, long count, long retainedBytes, String file) {}

    /**
     * One line, e.g. {@code leak trace: static com.example.Memo.ENTRIES (ConcurrentHashMap) -> table[]
     * -> +1,000 entries/Mop, +80 B/op retained}.
     */
    public String line() {
        return "leak trace: " + chain() + " -> " + growth();
    }

    /** The path as text: the root with its type, then each field, arrays as {@code name[]}. */
    public String chain() {
        StringBuilder sb = new StringBuilder(rootText());
        for (int i = 1; i < path.size(); i++) {
            Step s = path.get(i);
            if (s.field().equals("[]")) {
                sb.append("[]");
                continue;
            }
            sb.append(" -> ").append(s.field());
            if (!s.type().endsWith("[]")) {
                sb.append(" (").append(simpleName(s.type())).append(')');
            }
        }
        if (accumulation.chainField() != null) {
            sb.append(" -> ").append(accumulation.chainField()).append('*');
        }
        return sb.toString();
    }

    /** The root as text: a JMH {@code @State} object by its benchmark class, otherwise the root and its type. */
    public String rootText() {
        String type = path.isEmpty() ? "" : path.get(0).type();
        if (type.endsWith("_jmhType")) {
            return "JMH @State " + jmhState(type);
        }
        return root + (type.isEmpty() ? "" : " (" + simpleName(type) + ")");
    }

    /** The growth figures: {@code +1,000 entries/Mop, +80 B/op retained}. */
    public String growth() {
        String unit = switch (accumulation.what()) {
            case "elements" -> "entries";
            case "chain" -> "links";
            default -> "objects";
        };
        return "+" + String.format(Locale.ROOT, "%,.0f", growthPerMop) + " " + unit + "/Mop, +"
                + Quantities.sig3(retainedBytesPerOp) + " B/op retained";
    }

    /** {@code a.b.Outer$Inner} as {@code Outer$Inner}; arrays keep their brackets. */
    public static String simpleName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    /** JMH's generated {@code pkg.jmh_generated.Bench_jmhType} as {@code pkg.Bench}. */
    private static String jmhState(String type) {
        String t = type.substring(0, type.length() - "_jmhType".length());
        return t.replace(".jmh_generated.", ".");
    }
}
