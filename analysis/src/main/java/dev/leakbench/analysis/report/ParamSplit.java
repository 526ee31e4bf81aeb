package dev.leakbench.analysis.report;

import dev.leakbench.analysis.input.Params;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters of a table's rows split into those every row has with the same value (shown
 * once, above the table) and those that differ between rows (the only ones in the rows' cells):
 * a benchmark's full parameter string has nowhere to wrap and pushes the numbers off a page.
 * Pairs are written as in the canonical form ({@code name=value}, with {@code ; = %} in names and
 * values percent-encoded), the form the text and Markdown tables show.
 */
final class ParamSplit {
    private final Set<String> common = new LinkedHashSet<>();
    private final boolean differ;

    /** Splits the parameters of these rows (one entry per row, repeats allowed). */
    ParamSplit(List<Params> rows) {
        if (!rows.isEmpty()) {
            common.addAll(pairs(rows.get(0)));
            for (Params p : rows) {
                common.retainAll(pairs(p));
            }
        }
        boolean d = false;
        for (Params p : rows) {
            d |= pairs(p).size() != common.size();
        }
        this.differ = d;
    }

    /** The canonical {@code name=value} pairs of a parameter set, by name. */
    static List<String> pairs(Params p) {
        return p.isEmpty() ? List.of() : List.of(p.toString().split(";"));
    }

    /** The pairs every row has, by name. */
    Set<String> common() {
        return common;
    }

    /** True when some row has a pair that is not common: the table needs its parameter column. */
    boolean differ() {
        return differ;
    }

    /** The pairs of a row that are not common to all rows, by name. */
    List<String> own(Params p) {
        List<String> out = new ArrayList<>();
        for (String kv : pairs(p)) {
            if (!common.contains(kv)) {
                out.add(kv);
            }
        }
        return out;
    }

    /**
     * Pairs as HTML that wraps between pairs only: each {@code name=value} unbreakable, the pairs
     * separated by spaces; "-" for none.
     */
    static String html(List<String> pairs) {
        if (pairs.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (String kv : pairs) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("<span class=\"kv\">").append(Html.esc(kv)).append("</span>");
        }
        return sb.toString();
    }

    /** All pairs of {@code p} as {@link #html(List)}. */
    static String html(Params p) {
        return html(pairs(p));
    }

    /** The common pairs as {@link #html(List)}. */
    String commonHtml() {
        return html(new ArrayList<>(common));
    }
}
