package dev.leakbench.analysis.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakbench.analysis.trend.History;
import dev.leakbench.analysis.trend.TrendAnalyzer.SeriesTrend;
import dev.leakbench.analysis.trend.TrendAnalyzer.Status;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the nightly comparison: terminal table, Markdown, JSON and HTML with a plot per changed metric. */
public final class TrendReport implements Report {
    /** Plots at most this many nights per series (the most recent). */
    static final int PLOT_NIGHTS = 120;

    private final List<SeriesTrend> trends;
    private final LocalDate tonight;
    private final List<String> notes;

    /**
     * @param trends one per series measured tonight
     * @param tonight the night
     * @param notes remarks (rows skipped and why)
     */
    public TrendReport(List<SeriesTrend> trends, LocalDate tonight, List<String> notes) {
        this.trends = trends;
        this.tonight = tonight;
        this.notes = notes;
    }

    private List<SeriesTrend> changed() {
        return trends.stream()
                .filter(t -> t.status() == Status.REGRESSION || t.status() == Status.IMPROVEMENT)
                .sorted((a, b) -> a.status() == b.status() ? 0 : a.status() == Status.REGRESSION ? -1 : 1)
                .toList();
    }

    /** True when some series regressed (exit 1). */
    public boolean regressed() {
        return trends.stream().anyMatch(t -> t.status() == Status.REGRESSION);
    }

    private String summary() {
        Map<Status, Long> c = new EnumMap<>(Status.class);
        trends.forEach(t -> c.merge(t.status(), 1L, Long::sum));
        return "night " + tonight + ": " + trends.size() + " metrics compared"
                + (c.isEmpty()
                        ? ""
                        : " ("
                                + c.entrySet().stream()
                                        .map(e -> e.getValue() + " " + e.getKey())
                                        .collect(Collectors.joining(", "))
                                + ")")
                + (regressed() ? ". FAILED: regression." : ".");
    }

    private static String value(double v, String unit) {
        // bytes print with their own binary unit ("11.2 MiB"), other values with theirs ("420 B/op")
        boolean bytes = unit.equals("B") || unit.equals("bytes");
        return bytes ? Formats.amount(v, "B") : Formats.amount(v, unit) + " " + unit;
    }

    private static String change(SeriesTrend t) {
        return Formats.percent(t.change()).replace("Infinity", "inf");
    }

    private static String since(SeriesTrend t) {
        return t.changeDate() == null ? "-" : t.changeDate().toString();
    }

    /** The terminal rendering: changed series, then the summary. */
    @Override
    public String text() {
        TextTable table = new TextTable(
                "STATUS",
                "BENCHMARK",
                "PARAMS",
                "METRIC",
                ">TONIGHT",
                ">BASELINE",
                ">CHANGE",
                "SINCE",
                ">P",
                ">NIGHTS");
        for (SeriesTrend t : changed()) {
            table.row(
                    t.status().name(),
                    shortName(t),
                    params(t),
                    t.key().id().metric(),
                    value(t.tonight(), t.key().unit()),
                    value(t.baseline(), t.key().unit()),
                    change(t),
                    since(t),
                    Formats.p(t.p()),
                    String.valueOf(t.nights().size()));
        }
        StringBuilder sb = new StringBuilder();
        if (!changed().isEmpty()) {
            sb.append(table.render()).append('\n');
        }
        notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.append(summary()).append('\n').toString();
    }

    private static String shortName(SeriesTrend t) {
        String b = t.key().id().benchmark();
        int m = b.lastIndexOf('.');
        int c = m > 0 ? b.lastIndexOf('.', m - 1) : -1;
        return b.substring(c + 1);
    }

    private static String params(SeriesTrend t) {
        return t.key().id().params().isEmpty() ? "-" : t.key().id().params().toString();
    }

    /** trend.md. */
    @Override
    public String markdown() {
        StringBuilder sb = new StringBuilder("## leakcheck nightly trend\n\n");
        sb.append(regressed() ? "**FAILED** \u2014 " : "")
                .append(FindingsReport.md(summary()))
                .append("\n\n");
        if (!changed().isEmpty()) {
            sb.append("| Status | Benchmark | Params | Metric | Tonight | Baseline | Change | Since | p |\n");
            sb.append("|---|---|---|---|---:|---:|---:|---|---:|\n");
            for (SeriesTrend t : changed()) {
                sb.append("| ")
                        .append(
                                t.status() == Status.REGRESSION
                                        ? "**REGRESSION**"
                                        : t.status().name())
                        .append(" | ")
                        .append(FindingsReport.md(shortName(t)))
                        .append(" | ")
                        .append(FindingsReport.md(params(t)))
                        .append(" | ")
                        .append(FindingsReport.md(t.key().id().metric()))
                        .append(" | ")
                        .append(value(t.tonight(), t.key().unit()))
                        .append(" | ")
                        .append(value(t.baseline(), t.key().unit()))
                        .append(" | ")
                        .append(change(t))
                        .append(" | ")
                        .append(since(t))
                        .append(" | ")
                        .append(Formats.p(t.p()))
                        .append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            sb.append("\n### Notes\n\n");
            notes.forEach(n -> sb.append("- ").append(FindingsReport.md(n)).append('\n'));
        }
        return sb.toString();
    }

    /** trend.json. */
    @Override
    public String json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("night", tonight.toString());
        root.put("failed", regressed());
        ArrayNode arr = root.putArray("series");
        for (SeriesTrend t : trends) {
            ObjectNode o = arr.addObject();
            o.put("benchmark", t.key().id().benchmark());
            ObjectNode p = o.putObject("params");
            t.key().id().params().values().forEach(p::put);
            o.put("metric", t.key().id().metric());
            o.put("unit", t.key().unit());
            o.put("direction", t.direction().name());
            o.put("status", t.status().name());
            put(o, "tonight", t.tonight());
            put(o, "baseline", t.baseline());
            put(o, "after", t.after());
            put(o, "change", t.change());
            put(o, "pValue", t.p());
            o.put("changeDate", t.changeDate() == null ? null : t.changeDate().toString());
            o.put("nights", t.nights().size());
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        return JsonText.of(root) + "\n";
    }

    private static void put(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /** trend.html: the table and a plot of each changed metric over the nights. */
    @Override
    public String html() {
        StringBuilder sb = Html.page("leakcheck nightly trend " + tonight);
        sb.append("<h1>leakcheck nightly trend</h1>\n<p>")
                .append(Html.esc(summary()))
                .append("</p>\n");
        List<SeriesTrend> changed = changed();
        if (!changed.isEmpty()) {
            // as in report.html: the parameters every row shares once, the cells only those that differ
            ParamSplit split = new ParamSplit(
                    changed.stream().map(t -> t.key().id().params()).toList());
            if (!split.common().isEmpty()) {
                sb.append("<p class=\"params\">Parameters of every row: ")
                        .append(split.commonHtml())
                        .append("</p>\n");
            }
            boolean paramColumn = split.differ();
            sb.append("<div class=\"wide\"><table class=\"rows\"><tr><th>Status</th><th>Benchmark</th>")
                    .append(paramColumn ? "<th>Params</th>" : "")
                    .append(
                            "<th>Metric</th><th>Tonight</th><th>Baseline</th><th>Change</th><th>Since</th><th>p</th></tr>\n");
            for (SeriesTrend t : changed) {
                sb.append("<tr><td>")
                        .append(Html.badge(t.status().name()))
                        .append("</td><td><code title=\"")
                        .append(Html.esc(t.key().id().benchmark()))
                        .append("\">")
                        .append(Html.esc(shortName(t)))
                        .append("</code></td>");
                if (paramColumn) {
                    sb.append("<td class=\"params\">")
                            .append(ParamSplit.html(split.own(t.key().id().params())))
                            .append("</td>");
                }
                sb.append("<td>")
                        .append(Html.breakable(t.key().id().metric()))
                        .append("</td><td class=\"num\" data-label=\"tonight\">")
                        .append(Html.esc(value(t.tonight(), t.key().unit())))
                        .append("</td><td class=\"num\" data-label=\"baseline\">")
                        .append(Html.esc(value(t.baseline(), t.key().unit())))
                        .append("</td><td class=\"num\" data-label=\"change\">")
                        .append(Html.esc(change(t)))
                        .append("</td><td class=\"num\" data-label=\"since\">")
                        .append(Html.esc(since(t)))
                        .append("</td><td class=\"num\" data-label=\"p\">")
                        .append(Html.esc(Formats.p(t.p())))
                        .append("</td></tr>\n");
            }
            sb.append("</table></div>\n");
            for (SeriesTrend t : changed) {
                sb.append("<section><h3>")
                        .append(Html.badge(t.status().name()))
                        .append(" <code>")
                        .append(Html.breakable(t.key().id().toString()))
                        .append("</code></h3>\n")
                        .append(plot(t))
                        .append("</section>\n");
            }
        }
        if (!notes.isEmpty()) {
            sb.append("<section><h2>Notes</h2><ul>");
            notes.forEach(n -> sb.append("<li>").append(Html.esc(n)).append("</li>"));
            sb.append("</ul></section>\n");
        }
        return Html.end(sb);
    }

    private static String plot(SeriesTrend t) {
        List<History.Night> nights = t.nights();
        List<History.Night> shown = nights.subList(Math.max(0, nights.size() - PLOT_NIGHTS), nights.size());
        double[] x = shown.stream().mapToDouble(n -> n.date().toEpochDay()).toArray();
        double[] y = shown.stream().mapToDouble(History.Night::value).toArray();
        boolean bytes = t.key().unit().equals("B") || t.key().unit().equals("bytes");
        SvgPlot svg = new SvgPlot(
                "night",
                t.key().id().metric(),
                SvgPlot.TickFormat.epochDay(),
                bytes
                        ? SvgPlot.TickFormat.bytes()
                        : SvgPlot.TickFormat.plain(t.key().unit()));
        svg.points(x, y, "#1565c0", false, true, "nightly value");
        if (t.changeDate() != null) {
            double c = t.changeDate().toEpochDay();
            svg.line(x[0], t.baseline(), c, t.baseline(), "#2e7d32", true, "baseline median");
            svg.line(c, t.after(), x[x.length - 1], t.after(), "#c62828", true, "median since change");
            svg.mark(c);
        }
        return svg.render();
    }
}
