package dev.leakbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakbench.analysis.findings.Attribution;
import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.stats.XY;
import dev.leakbench.analysis.trace.LeakTrace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders findings as a terminal table, JSON, Markdown (for a CI step summary) and one
 * self-contained HTML page with a plot per benchmark.
 */
public final class FindingsReport implements Report {
    private static final String[] COLORS = {"#1565c0", "#6a1b9a", "#00838f", "#558b2f", "#ef6c00"};

    private final FindingsAnalyzer.Result result;
    private final boolean all;

    /**
     * @param result what to render
     * @param all true to show STABLE rows of gauges and allocation too (the heap row is always shown)
     */
    public FindingsReport(FindingsAnalyzer.Result result, boolean all) {
        this.result = result;
        this.all = all;
    }

    private List<Finding> shown() {
        return result.findings().stream()
                .filter(f -> all || f.metric().equals(Metrics.HEAP) || f.verdict() != Verdict.STABLE)
                .toList();
    }

    private String summary() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Finding f : result.findings()) {
            counts.merge(f.verdict(), 1L, Long::sum);
        }
        long benchmarks =
                result.findings().stream().map(Finding::key).distinct().count();
        String c = counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        int hidden = result.findings().size() - shown().size();
        return result.findings().size() + " findings for " + benchmarks + " benchmark/parameter sets"
                + (c.isEmpty() ? "" : ": " + c)
                + (hidden > 0 ? " (" + hidden + " stable gauge/allocation rows hidden; --all shows them)" : "")
                + (result.fails() ? ". FAILED: at least one leak finding." : ".");
    }

    private static String params(SeriesKey k) {
        return k.params().isEmpty() ? "-" : k.params().toString();
    }

    /**
     * The aligned terminal table, then details of every finding that is not STABLE and, for the
     * STABLE series shown, what they rule out.
     */
    @Override
    public String text() {
        TextTable t =
                new TextTable("VERDICT", "BENCHMARK", "PARAMS", "METRIC", ">SLOPE", ">95% CI", ">P", ">GROWTH/RUN");
        for (Finding f : shown()) {
            t.row(
                    f.verdict().name(),
                    f.key().shortName(),
                    params(f.key()),
                    f.metric(),
                    Formats.slope(f.slope(), f.slopeUnit()),
                    Formats.interval(f.ci95(), f.slopeUnit()),
                    Formats.p(f.pValue()),
                    growth(f));
        }
        StringBuilder sb = new StringBuilder(shown().isEmpty() ? "" : t.render() + "\n");
        for (Finding f : shown()) {
            if (f.verdict() == Verdict.STABLE && !all && !states(f)) {
                continue;
            }
            sb.append(f.verdict())
                    .append("  ")
                    .append(f.key())
                    .append("  ")
                    .append(f.metric())
                    .append('\n');
            sb.append("  ").append(f.reason()).append('\n');
            details(f).forEach(d -> sb.append("  ").append(d).append('\n'));
        }
        for (String n : result.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.append(summary()).append('\n').toString();
    }

    private static String growth(Finding f) {
        Object g = f.evidence().get("growthOverRun");
        if (!(g instanceof Number n)) {
            return "-";
        }
        return Formats.amount(n.doubleValue(), f.slopeUnit().startsWith("B") ? "B" : "count");
    }

    /** True for a STABLE finding that states what it rules out (a series; not allocation). */
    private static boolean states(Finding f) {
        return f.verdict() == Verdict.STABLE && f.evidence().containsKey("detectableSlope");
    }

    /** Sensitivity (STABLE), leak trace, attribution and exhaustion lines, as text. */
    private static List<String> details(Finding f) {
        return details(f, true);
    }

    /**
     * The detail lines; {@code traceAsText} false leaves out the leak trace's, for a page that
     * draws the trace instead.
     */
    private static List<String> details(Finding f, boolean traceAsText) {
        List<String> out = new ArrayList<>();
        if (states(f)) {
            out.add("sensitivity: " + Formats.sensitivity(f.detectableSlope(), f.slopeUnit()));
        }
        if (f.evidence().get("classCounts") instanceof Map<?, ?> c && c.get("text") != null) {
            out.add(String.valueOf(c.get("text")));
        }
        if (f.leakTrace() != null && traceAsText) {
            out.add(f.leakTrace().line());
            out.add("  dumps: " + dumps(f.leakTrace()));
            f.leakTrace().also().forEach(a -> out.add("  also growing: " + a.chain() + " -> " + a.growth()));
        }
        if (!f.attribution().isEmpty()) {
            out.add("attribution: "
                    + f.attribution().stream().map(FindingsReport::attribution).collect(Collectors.joining("; ")));
        }
        if (f.evidence().get("exhaustion") instanceof Map<?, ?> e) {
            out.add("exhaustion: " + e.get("text"));
        }
        if (f.evidence().get("note") != null) {
            out.add("note: " + f.evidence().get("note"));
        }
        return out;
    }

    /** The dumps a trace compared: iteration, operations and count at the accumulation point of each. */
    private static String dumps(LeakTrace t) {
        return t.dumps().stream()
                .map(d -> (d.iteration() > 0 ? "iteration " + d.iteration() + ", " : "") + Quantities.sig3(d.ops())
                        + " ops: " + String.format(java.util.Locale.ROOT, "%,d", d.count()))
                .collect(Collectors.joining("; "));
    }

    private static String attribution(Attribution a) {
        String unit = !Double.isNaN(a.bytesPerOp()) ? " (" + Quantities.sig3(a.bytesPerOp()) + " B/op)" : "";
        String inst = a.kind().equals("class") ? ", +" + a.instances() + " instances" : "";
        return a.kind() + " " + a.name() + " " + Quantities.bytes(a.growthBytes()) + unit + ", "
                + Formats.percent(a.share()) + " of growth" + inst;
    }

    /** findings.json: an object with the findings array (docs/design.md's finding shape) and notes. */
    @Override
    public String json() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("failed", result.fails());
        ArrayNode arr = root.putArray("findings");
        for (Finding f : result.findings()) {
            ObjectNode o = arr.addObject();
            o.put("benchmark", f.key().benchmark());
            ObjectNode p = o.putObject("params");
            f.key().params().values().forEach(p::put);
            o.put("verdict", f.verdict().name());
            o.put("metric", f.metric());
            num(o, "slopeBytesPerOp", f.slope());
            o.put("slopeUnit", f.slopeUnit());
            if (f.ci95() == null) {
                o.putNull("ci95");
            } else {
                ArrayNode ci = o.putArray("ci95");
                ci.add(value(f.ci95()[0]));
                ci.add(value(f.ci95()[1]));
            }
            num(o, "pValue", f.pValue());
            num(o, "detectableSlope", f.detectableSlope());
            ArrayNode at = o.putArray("attribution");
            for (Attribution a : f.attribution()) {
                ObjectNode ao = at.addObject();
                ao.put("kind", a.kind());
                ao.put("name", a.name());
                num(ao, "growthBytes", a.growthBytes());
                num(ao, "bytesPerOp", a.bytesPerOp());
                num(ao, "share", a.share());
                if (a.kind().equals("class")) {
                    ao.put("instances", a.instances());
                }
            }
            if (f.leakTrace() != null) {
                o.set("leakTrace", trace(f.leakTrace()));
            }
            o.set("evidence", tree(f.evidence()));
            o.put("fails", f.fails());
        }
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        return JsonText.of(root) + "\n";
    }

    /** findings.json's {@code leakTrace} (docs/design.md, "Leak traces"). */
    /** A leak trace as findings.json writes it, alone ({@code leakcheck trace --json}). */
    public static String traceJson(LeakTrace t) {
        return JsonText.of(trace(t));
    }

    private static ObjectNode trace(LeakTrace t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("root", t.root());
        ArrayNode path = o.putArray("path");
        for (LeakTrace.Step s : t.path()) {
            path.addObject().put("holder", s.holder()).put("field", s.field()).put("type", s.type());
        }
        ObjectNode a = o.putObject("accumulation");
        a.put("what", t.accumulation().what());
        a.put("type", t.accumulation().type());
        if (t.accumulation().chainField() != null) {
            a.put("chainField", t.accumulation().chainField());
        }
        a.put("count", t.accumulation().count());
        num(o, "growthPerMop", t.growthPerMop());
        num(o, "retainedBytesPerOp", t.retainedBytesPerOp());
        o.put("text", t.line());
        if (!t.also().isEmpty()) {
            ArrayNode also = o.putArray("also");
            t.also().forEach(other -> also.add(trace(other)));
        }
        ArrayNode dumps = o.putArray("dumps");
        for (LeakTrace.Dump d : t.dumps()) {
            ObjectNode x = dumps.addObject();
            x.put("iteration", d.iteration());
            num(x, "ops", d.ops());
            x.put("count", d.count());
            x.put("retainedBytes", d.retainedBytes());
            x.put("file", d.file());
        }
        return o;
    }

    private static void num(ObjectNode o, String name, double v) {
        o.set(name, value(v));
    }

    private static JsonNode value(double v) {
        return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.nullNode();
    }

    private static JsonNode tree(Object v) {
        JsonNodeFactory jf = JsonNodeFactory.instance;
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = jf.objectNode();
            m.forEach((k, val) -> o.set(String.valueOf(k), tree(val)));
            return o;
        }
        if (v instanceof double[] d) {
            ArrayNode a = jf.arrayNode();
            for (double x : d) {
                a.add(value(x));
            }
            return a;
        }
        if (v instanceof Integer i) {
            return jf.numberNode(i);
        }
        if (v instanceof Long l) {
            return jf.numberNode(l);
        }
        if (v instanceof Number n) {
            return value(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return jf.booleanNode(b);
        }
        return v == null ? jf.nullNode() : jf.textNode(v.toString());
    }

    /**
     * findings.md: a summary line, the table, and the details of every non-STABLE finding and of
     * every STABLE series shown (what it rules out).
     */
    @Override
    public String markdown() {
        StringBuilder sb = new StringBuilder("## leakcheck findings\n\n");
        sb.append(result.fails() ? "**FAILED** \u2014 " : "")
                .append(md(summary()))
                .append("\n\n");
        sb.append("| Verdict | Benchmark | Params | Metric | Slope | 95% CI | p | Growth/run |\n");
        sb.append("|---|---|---|---|---:|---:|---:|---:|\n");
        for (Finding f : shown()) {
            sb.append("| ")
                    .append(
                            f.verdict() == Verdict.LEAK
                                    ? "**LEAK**"
                                    : f.verdict().name())
                    .append(" | ")
                    .append(md(f.key().shortName()))
                    .append(" | ")
                    .append(md(params(f.key())))
                    .append(" | ")
                    .append(md(f.metric()))
                    .append(" | ")
                    .append(Formats.slope(f.slope(), f.slopeUnit()))
                    .append(" | ")
                    .append(Formats.interval(f.ci95(), f.slopeUnit()))
                    .append(" | ")
                    .append(Formats.p(f.pValue()))
                    .append(" | ")
                    .append(growth(f))
                    .append(" |\n");
        }
        List<Finding> detailed = shown().stream()
                .filter(f -> f.verdict() != Verdict.STABLE || states(f))
                .toList();
        if (!detailed.isEmpty()) {
            sb.append("\n### Details\n\n");
            for (Finding f : detailed) {
                sb.append("- **")
                        .append(f.verdict())
                        .append("** ")
                        .append(md(f.key().toString()))
                        .append(" ")
                        .append(md(f.metric()))
                        .append(": ")
                        .append(md(f.reason()))
                        .append('\n');
                for (String d : details(f)) {
                    sb.append("  - ").append(md(d)).append('\n');
                }
            }
        }
        if (!result.notes().isEmpty()) {
            sb.append("\n### Notes\n\n");
            result.notes().forEach(n -> sb.append("- ").append(md(n)).append('\n'));
        }
        return sb.toString();
    }

    /** Escapes Markdown table and inline syntax. */
    static String md(String s) {
        return Html.esc(s)
                .replace("|", "\\|")
                .replace("*", "\\*")
                .replace("_", "\\_")
                .replace("`", "\\`")
                .replace("[", "\\[")
                .replace("]", "\\]")
                .replace("\n", " ");
    }

    /**
     * report.html: summary table and a section with plots per benchmark and parameter set. The
     * parameters every row shares are named once above the table; the table's cells hold only the
     * parameters that differ between rows (the column is left out when none do).
     */
    @Override
    public String html() {
        StringBuilder sb = Html.page("leakcheck findings");
        sb.append("<h1>leakcheck findings</h1>\n<p>")
                .append(Html.esc(summary()).replace("--all", "<code class=\"nw\">--all</code>"))
                .append("</p>\n");
        List<Finding> shown = shown();
        ParamSplit split =
                new ParamSplit(shown.stream().map(f -> f.key().params()).toList());
        if (!split.common().isEmpty()) {
            sb.append("<p class=\"params\">Parameters of every row: ")
                    .append(split.commonHtml())
                    .append("</p>\n");
        }
        boolean paramColumn = split.differ();
        sb.append("<div class=\"wide\"><table class=\"rows\"><tr><th>Verdict</th><th>Benchmark</th>")
                .append(paramColumn ? "<th>Params</th>" : "")
                .append("<th>Metric</th><th>Slope</th><th>95% CI</th><th>p</th><th>Growth/run</th></tr>\n");
        for (Finding f : shown) {
            sb.append("<tr><td>")
                    .append(Html.badge(f.verdict().name()))
                    .append("</td><td><code title=\"")
                    .append(Html.esc(f.key().benchmark()))
                    .append("\">")
                    .append(Html.esc(f.key().shortName()))
                    .append("</code></td>");
            if (paramColumn) {
                sb.append("<td class=\"params\">")
                        .append(ParamSplit.html(split.own(f.key().params())))
                        .append("</td>");
            }
            // the interval in the slope's unit, which the slope cell names
            String ci = Formats.interval(f.ci95(), f.slopeUnit());
            String unit = Formats.slope(1, f.slopeUnit()).replaceFirst("^\\S+", "");
            if (!unit.isEmpty() && ci.endsWith(unit)) {
                ci = ci.substring(0, ci.length() - unit.length());
            }
            sb.append("<td>")
                    .append(Html.breakable(f.metric()))
                    .append("</td><td class=\"num\" data-label=\"slope\">")
                    .append(Html.esc(Formats.slope(f.slope(), f.slopeUnit())))
                    .append("</td><td class=\"num\" data-label=\"95% CI\">")
                    .append(Html.esc(ci))
                    .append("</td><td class=\"num\" data-label=\"p\">")
                    .append(Html.esc(Formats.p(f.pValue())))
                    .append("</td><td class=\"num\" data-label=\"growth/run\">")
                    .append(Html.esc(growth(f)))
                    .append("</td></tr>\n");
        }
        sb.append("</table></div>\n");
        Map<SeriesKey, List<Finding>> byKey = new LinkedHashMap<>();
        for (Finding f : shown) {
            byKey.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<SeriesKey, List<Finding>> e : byKey.entrySet()) {
            sb.append("<section><h2><code>")
                    .append(Html.breakable(e.getKey().benchmark()))
                    .append("</code></h2>\n");
            if (!e.getKey().params().isEmpty()) {
                sb.append("<p class=\"muted params\">params: ")
                        .append(ParamSplit.html(e.getKey().params()))
                        .append("</p>\n");
            }
            for (Finding f : e.getValue()) {
                sb.append("<h3>")
                        .append(Html.badge(f.verdict().name()))
                        .append(" ")
                        .append(Html.breakable(f.metric()))
                        .append("</h3>\n<p>")
                        .append(Html.esc(f.reason()))
                        .append("</p>\n");
                if (f.leakTrace() != null) {
                    sb.append(traceHtml(f.leakTrace()));
                }
                for (String d : details(f, false)) {
                    sb.append("<p class=\"muted\">").append(Html.esc(d)).append("</p>\n");
                }
                if (f.plot() != null
                        && (f.verdict() != Verdict.STABLE || f.metric().equals(Metrics.HEAP))) {
                    sb.append(plot(f)).append('\n');
                }
            }
            sb.append("</section>\n");
        }
        if (!result.notes().isEmpty()) {
            sb.append("<section><h2>Notes</h2><ul>");
            result.notes().forEach(n -> sb.append("<li>").append(Html.esc(n)).append("</li>"));
            sb.append("</ul></section>\n");
        }
        return Html.end(sb);
    }

    /**
     * The trace drawn as a path: the GC root, each reference (field, then the type it refers to)
     * down to the accumulation point, with the growth figures beside it and the dumps compared.
     */
    static String traceHtml(LeakTrace t) {
        StringBuilder sb =
                new StringBuilder("<div class=\"trace\"><div class=\"tt\">leak trace</div><ol class=\"chain\">");
        List<LeakTrace.Step> path = t.path();
        for (int i = 0; i < path.size(); i++) {
            LeakTrace.Step s = path.get(i);
            boolean last = i == path.size() - 1;
            sb.append("<li").append(last ? " class=\"acc\"" : "").append('>');
            if (i == 0) {
                sb.append("<span class=\"rk\">GC root</span> <code>")
                        .append(Html.breakable(t.rootText()))
                        .append("</code>");
            } else {
                sb.append("<span class=\"fld\">.")
                        .append(Html.esc(s.field()))
                        .append("</span> <code title=\"")
                        .append(Html.esc(s.type()))
                        .append("\">")
                        .append(Html.esc(LeakTrace.simpleName(s.type())))
                        .append("</code>");
            }
            if (last) {
                LeakTrace.Accumulation a = t.accumulation();
                sb.append(
                                a.chainField() != null
                                        ? " <span class=\"fld\">." + Html.esc(a.chainField()) + "*</span>"
                                        : "")
                        .append(" <span class=\"grow\">")
                        .append(Html.esc(t.growth()))
                        .append("</span> <span class=\"muted\">")
                        .append(String.format(java.util.Locale.ROOT, "%,d", a.count()))
                        .append(" at the last dump</span>");
            }
            sb.append("</li>");
        }
        sb.append("</ol>");
        for (LeakTrace other : t.also()) {
            sb.append("<p class=\"muted\">also growing: <code>")
                    .append(Html.breakable(other.chain()))
                    .append("</code> <span class=\"grow\">")
                    .append(Html.esc(other.growth()))
                    .append("</span></p>");
        }
        sb.append("<p class=\"muted\">dumps compared: ")
                .append(Html.esc(dumps(t)))
                .append("</p></div>\n");
        return sb.toString();
    }

    private static String plot(Finding f) {
        Finding.Plot p = f.plot();
        boolean bytes = p.unit().equals("B");
        SvgPlot svg = new SvgPlot(
                p.xLabel(),
                f.metric(),
                SvgPlot.TickFormat.plain(),
                bytes ? SvgPlot.TickFormat.bytes() : SvgPlot.TickFormat.plain(p.unit()));
        for (XY w : p.warmup()) {
            svg.points(w.x(), w.y(), "#9e9e9e", true, false, "warmup (not fitted)");
        }
        for (int s = 0; s < p.measurement().size(); s++) {
            XY m = p.measurement().get(s);
            svg.points(
                    m.x(),
                    m.y(),
                    COLORS[s % COLORS.length],
                    false,
                    false,
                    p.measurement().size() == 1 ? "measurement" : "trial " + (s + 1));
        }
        if (p.fit() != null) {
            for (int s = 0; s < p.measurement().size(); s++) {
                XY m = p.measurement().get(s);
                double x1 = m.x()[0];
                double x2 = m.x()[m.size() - 1];
                svg.line(x1, p.fit().at(s, x1), x2, p.fit().at(s, x2), "#c62828", true, "Theil-Sen fit");
            }
        }
        return svg.render();
    }
}
