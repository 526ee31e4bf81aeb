package dev.leakbench.analysis.detection;

import dev.leakbench.analysis.input.Quantities;
import dev.leakbench.analysis.report.Html;
import dev.leakbench.analysis.report.SvgPlot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders the evaluation: {@code detection.csv} (one row per run), the summary in Markdown (for
 * the README and stdout) and {@code report.html} (one self-contained page: inline CSS and SVG, no
 * scripts, no network, every name escaped).
 */
public final class DetectionReport {
    /** The columns of detection.csv, in order. */
    public static final List<String> COLUMNS = List.of(
            "run",
            "benchmark",
            "fault",
            "faultEvery",
            "opsPerLeak",
            "seed",
            "length",
            "ops",
            "opsPerSecond",
            "leaks",
            "verdict",
            "metric",
            "slopeBytesPerOp",
            "slopeUnit",
            "trueBytesPerOp",
            "heapVerdict",
            "heapSlopeBytesPerOp",
            "detectableSlope",
            "detectableOpsPerObject",
            "firstNamed",
            "attributedFirst",
            "reason");

    private static final CSVFormat CSV =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final String[] COLORS = {
        "#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457"
    };

    /** How each row's representative finding, truth and attribution are defined (report and README). */
    public static final String DEFINITIONS = String.join(
            "\n",
            "- **Recall** counts `LEAK` verdicts (the verdict that fails a build); `SUSPECT` is shown as \"+n S\" and never "
                    + "counted as found. A clean run (`fault=none`) with a `LEAK` is a false positive.",
            "- **The finding that represents a run**: its first `LEAK` (`heap.retained` before `class.*` before other "
                    + "gauges and resources), else its first `SUSPECT`, else its `heap.retained` finding. The faults' own "
                    + "counters (`gauge.fault.*`) are never judged and never count as detection.",
            "- **1 leak per N ops** is the nominal rate: `faultEvery` counts target calls, so on workloads that make two "
                    + "calls per operation (StorageBenchmark, StreamingBenchmark) `faultEvery` is twice N. *leaks* is what the "
                    + "fault counted during the measurement (`gauge.fault.injected`, read for the evaluation only).",
            "- **true B/op** (`trueBytesPerOp`): least-squares slope, over the measurement iterations, of `root.fault.<id>` "
                    + "(the JOL deep size of the structure the fault holds) against `ops.cumulative`. It includes what that "
                    + "structure reaches, so for faults whose held objects reach a shared store it moves with the store.",
            "- **heap floor** (`detectableSlope`): the smallest slope the representative metric could have called growth "
                    + "in that run, the analysis's own `detectableSlope` when it reports one, else its magnitude floor "
                    + "(max of the absolute floor and 4 robust sigmas of the noise) divided by the operations measured. "
                    + "**class floor** (`detectableOpsPerObject`): the rarest steady leak of objects the run's class-count "
                    + "analysis says it would have found, in operations per object, when the analysis reports it.",
            "- **Attribution** (`attributedFirst`): whether the first thing the representative `LEAK` names (for a "
                    + "`class.X` finding X; else the first entry of its attribution list; for a resource finding without one, "
                    + "the metric) is the fault's own root `fault.<id>`, one of its own classes, or the resource metric that "
                    + "counts exactly what it keeps. The table of own names is `GroundTruth` in "
                    + "`analysis/src/main/java/dev/leakbench/analysis/detection/`; generic JDK containers and arrays never count.");

    private final DetectionSummary summary;

    /** @param summary what to render */
    public DetectionReport(DetectionSummary summary) {
        this.summary = summary;
    }

    // ---------------------------------------------------------------- CSV

    /** detection.csv. */
    public String csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSV)) {
            p.printRecord(COLUMNS);
            for (DetectionRow r : summary.rows()) {
                p.printRecord(
                        r.run(),
                        r.benchmark(),
                        r.fault(),
                        r.clean() ? "" : r.faultEvery(),
                        r.clean() ? "" : r.opsPerLeak(),
                        r.seed(),
                        r.length(),
                        whole(r.ops()),
                        num(r.opsPerSecond()),
                        whole(r.leaks()),
                        r.verdict(),
                        r.metric(),
                        num(r.slope()),
                        r.slopeUnit(),
                        num(r.trueBytesPerOp()),
                        r.heapVerdict(),
                        num(r.heapSlope()),
                        num(r.detectableSlope()),
                        whole(r.detectableOpsPerObject()),
                        r.firstNamed(),
                        r.attributedFirst() == null ? "" : r.attributedFirst().toString(),
                        r.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6g", v)
                .replaceAll("(\\.\\d*?)0+($|e)", "$1$2")
                .replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    private static String whole(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "";
    }

    // ---------------------------------------------------------------- Markdown

    /** The summary in Markdown: targets, false positives, recall per rate, floors, attribution. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("## Detection: measured\n\n");
        sb.append(md(headline())).append("\n\n");
        sb.append("### Targets\n\n| Target | Measured | |\n|---|---|---|\n");
        for (DetectionSummary.Target t : summary.targets()) {
            sb.append("| ")
                    .append(md(t.target()))
                    .append(" | ")
                    .append(md(t.measured()))
                    .append(" | ")
                    .append(t.met() == null ? "not measured" : t.met() ? "**met**" : "**not met**")
                    .append(" |\n");
        }
        sb.append("\n### False positives: clean runs (`fault=none`)\n\n");
        sb.append("| Workload | Runs | LEAK | SUSPECT | BOUNDED_GROWTH | STABLE | not analysed | LEAK/SUSPECT on |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (DetectionSummary.Clean c : summary.clean()) {
            sb.append("| ")
                    .append(md(c.benchmark()))
                    .append(" | ")
                    .append(c.runs())
                    .append(" | ")
                    .append(c.leak() > 0 ? "**" + c.leak() + "**" : "0")
                    .append(" | ")
                    .append(c.suspect())
                    .append(" | ")
                    .append(c.bounded())
                    .append(" | ")
                    .append(c.stable())
                    .append(" | ")
                    .append(c.notAnalysed())
                    .append(" | ")
                    .append(md(DetectionSummary.counts(c.leakMetrics())))
                    .append(" |\n");
        }
        for (String length : summary.lengths()) {
            List<Long> rates = summary.rates(length);
            sb.append("\n### Recall (LEAK runs / runs) per fault and rate, ")
                    .append(md(lengthLabel(length)))
                    .append("\n\n");
            sb.append("| Fault (workload) |");
            rates.forEach(
                    r -> sb.append(" 1/").append(DetectionSummary.rateLabel(r)).append(" ops |"));
            sb.append(" all found down to |\n|---|");
            rates.forEach(r -> sb.append("---:|"));
            sb.append("---:|\n");
            for (String[] f : summary.faults()) {
                if (rates.stream().allMatch(r -> summary.cell(f[0], f[1], length, r) == null)) {
                    continue;
                }
                sb.append("| ").append(md(f[0])).append(" (").append(md(f[1])).append(") |");
                for (long r : rates) {
                    DetectionSummary.Cell c = summary.cell(f[0], f[1], length, r);
                    sb.append(' ').append(c == null ? "" : recallText(c)).append(" |");
                }
                long floor = summary.smallestRateFound(f[0], f[1], length);
                sb.append(' ')
                        .append(floor < 0 ? "" : floor == 0 ? "none" : "1/" + DetectionSummary.rateLabel(floor))
                        .append(" |\n");
            }
        }
        List<DetectionSummary.ByLeaks> byLeaks = summary.byLeaks();
        if (!byLeaks.isEmpty()) {
            sb.append(
                    "\n### Recall (LEAK runs / runs) by objects leaked during the measurement, every rate and length\n\n");
            sb.append("| Fault (workload) |");
            for (int b = 0; b < DetectionSummary.LEAK_BINS.length; b++) {
                sb.append(' ').append(binLabel(b)).append(" |");
            }
            sb.append(" most leaks in a missed run | found in every run with at least |\n|---|");
            for (int b = 0; b < DetectionSummary.LEAK_BINS.length; b++) {
                sb.append("---:|");
            }
            sb.append("---:|---:|\n");
            for (DetectionSummary.ByLeaks l : byLeaks) {
                sb.append("| ")
                        .append(md(l.fault()))
                        .append(" (")
                        .append(md(l.benchmark()))
                        .append(") |");
                for (int b = 0; b < DetectionSummary.LEAK_BINS.length; b++) {
                    sb.append(' ')
                            .append(l.runs()[b] == 0 ? "" : l.leak()[b] + "/" + l.runs()[b])
                            .append(" |");
                }
                sb.append(' ')
                        .append(l.mostMissed() < 0 ? "-" : Long.toString(l.mostMissed()))
                        .append(" | ")
                        .append(l.fewestAlwaysFound() < 0 ? "-" : l.fewestAlwaysFound() + " leaks")
                        .append(" |\n");
            }
        }
        sb.append("\n### Per fault and rate: what the runs saw (medians)\n\n");
        sb.append("| Fault | Length | 1 leak per | faultEvery | Runs | LEAK | SUSPECT | leaks | ops | true B/op "
                + "| heap B/op | heap floor B/op | class floor: 1 object per | found by |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (String length : summary.lengths()) {
            for (DetectionSummary.Cell c : summary.cells(length)) {
                sb.append("| ")
                        .append(md(c.fault()))
                        .append(" | ")
                        .append(md(c.length()))
                        .append(" | ")
                        .append(DetectionSummary.rateLabel(c.opsPerLeak()))
                        .append(" | ")
                        .append(c.faultEvery())
                        .append(" | ")
                        .append(c.runs())
                        .append(c.notAnalysed() > 0 ? " (+" + c.notAnalysed() + " failed)" : "")
                        .append(" | ")
                        .append(c.leak())
                        .append(" | ")
                        .append(c.suspect())
                        .append(" | ")
                        .append(sig(c.leaks()))
                        .append(" | ")
                        .append(sig(c.ops()))
                        .append(" | ")
                        .append(sig(c.trueBytesPerOp()))
                        .append(" | ")
                        .append(sig(c.heapSlope()))
                        .append(" | ")
                        .append(sig(c.detectableHeap()))
                        .append(" | ")
                        .append(sig(c.detectableOpsPerObject()))
                        .append(" | ")
                        .append(md(DetectionSummary.counts(c.metrics())))
                        .append(" |\n");
            }
        }
        sb.append("\n### Attribution of the detected (LEAK) runs\n\n");
        sb.append("| Fault | LEAK runs | own root/class first | accuracy | named first otherwise |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        for (DetectionSummary.Attribution a : summary.attribution()) {
            sb.append("| ")
                    .append(md(a.fault()))
                    .append(" | ")
                    .append(a.detected())
                    .append(" | ")
                    .append(a.ownFirst())
                    .append(" | ")
                    .append(DetectionSummary.pct(a.accuracy()))
                    .append(" | ")
                    .append(md(DetectionSummary.counts(a.otherNames())))
                    .append(" |\n");
        }
        sb.append("\n").append(DEFINITIONS).append("\n");
        if (!summary.notes().isEmpty()) {
            sb.append("\nNotes:\n\n");
            summary.notes().forEach(n -> sb.append("- ").append(md(n)).append('\n'));
        }
        return sb.toString();
    }

    private String headline() {
        List<DetectionRow> rows = summary.rows();
        long clean = rows.stream().filter(DetectionRow::clean).count();
        long failed = rows.stream().filter(r -> !r.analysed()).count();
        return rows.size() + " runs: " + clean + " clean, " + (rows.size() - clean) + " with a fault"
                + (failed > 0 ? "; " + failed + " not analysed (failed or no result)" : "")
                + (summary.notes().isEmpty() ? "" : "; " + summary.notes().size() + " directories skipped (see notes)")
                + ".";
    }

    /** "0", "1-2", ... "50+" for a bin of {@link DetectionSummary#LEAK_BINS}. */
    static String binLabel(int b) {
        long[] bins = DetectionSummary.LEAK_BINS;
        if (b == bins.length - 1) {
            return bins[b] + "+";
        }
        return bins[b + 1] - 1 == bins[b] ? Long.toString(bins[b]) : bins[b] + "-" + (bins[b + 1] - 1);
    }

    private static String lengthLabel(String length) {
        return switch (length) {
            case DetectionSummary.QUICK -> "quick suite (-f 1 -wi 3 -w 1s -i 10 -r 1s)";
            case DetectionSummary.LONG -> "5 minutes of one workload (-wi 3 -w 1s -i 60 -r 5s)";
            default -> length;
        };
    }

    private static String recallText(DetectionSummary.Cell c) {
        if (c.runs() == 0) {
            return c.notAnalysed() + " failed";
        }
        return c.leak() + "/" + c.runs() + (c.suspect() > 0 ? " (+" + c.suspect() + " S)" : "")
                + (c.notAnalysed() > 0 ? " (+" + c.notAnalysed() + " failed)" : "");
    }

    private static String sig(double v) {
        return Double.isFinite(v) ? Quantities.sig3(v) : "-";
    }

    /** Escapes Markdown table and inline syntax, and the HTML that Markdown would pass through. */
    static String md(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("|", "\\|")
                .replace("*", "\\*")
                .replace("_", "\\_")
                .replace("`", "\\`")
                .replace("[", "\\[")
                .replace("]", "\\]")
                .replace("\n", " ");
    }

    // ---------------------------------------------------------------- HTML

    /** report.html. */
    public String html() {
        StringBuilder sb = Html.page("leakbench detection evaluation");
        sb.append("<h1>Detection evaluation</h1>\n<p>")
                .append(Html.esc(headline()))
                .append("</p>\n");
        sb.append("<h2>Targets</h2>\n<table><tr><th>Target</th><th>Measured</th><th></th></tr>\n");
        for (DetectionSummary.Target t : summary.targets()) {
            sb.append("<tr><td>")
                    .append(Html.esc(t.target()))
                    .append("</td><td>")
                    .append(Html.esc(t.measured()))
                    .append("</td><td>")
                    .append(
                            t.met() == null
                                    ? "<span class=\"v UNCHANGED\">not measured</span>"
                                    : t.met()
                                            ? "<span class=\"v STABLE\">met</span>"
                                            : "<span class=\"v LEAK\">not met</span>")
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n");
        recallSection(sb);
        falsePositives(sb);
        slopes(sb);
        attribution(sb);
        sb.append("<section><h2>Definitions</h2><ul>\n");
        for (String line : DEFINITIONS.split("\n")) {
            sb.append("<li>").append(inlineMd(line.substring(2))).append("</li>\n");
        }
        sb.append("</ul></section>\n");
        runTable(sb);
        if (!summary.notes().isEmpty()) {
            sb.append("<section><h2>Notes</h2><ul>");
            summary.notes().forEach(n -> sb.append("<li>").append(Html.esc(n)).append("</li>"));
            sb.append("</ul></section>\n");
        }
        return Html.end(sb);
    }

    /** Turns the definitions' **bold** and `code` into HTML, escaping everything else. */
    private static String inlineMd(String s) {
        String e = Html.esc(s);
        e = e.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
        return e.replaceAll("`(.+?)`", "<code>$1</code>");
    }

    private String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private void legend(StringBuilder sb, List<String[]> faults, String extra) {
        sb.append("<p class=\"muted\">");
        for (int i = 0; i < faults.size(); i++) {
            sb.append("<span style=\"display:inline-block;width:10px;height:10px;background:")
                    .append(color(i))
                    .append(";margin:0 4px 0 12px\"></span>")
                    .append(Html.esc(faults.get(i)[0] + " (" + faults.get(i)[1] + ")"));
        }
        sb.append(extra == null ? "" : " &nbsp; " + Html.esc(extra)).append("</p>\n");
    }

    private void recallSection(StringBuilder sb) {
        List<String[]> faults = summary.faults();
        sb.append("<section><h2>Recall against leak rate</h2>\n");
        if (faults.isEmpty()) {
            sb.append("<p>No fault runs.</p></section>\n");
            return;
        }
        SvgPlot plot = new SvgPlot(
                "one leak per N operations (log scale)",
                "runs found (LEAK), %",
                (v, step) -> Math.abs(v - Math.rint(v)) < 1e-9
                        ? "1/" + DetectionSummary.rateLabel((long) Math.pow(10, Math.rint(v)))
                        : "",
                SvgPlot.TickFormat.plain());
        double xmin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < faults.size(); i++) {
            String[] f = faults.get(i);
            for (String length : summary.lengths()) {
                List<double[]> pts = new ArrayList<>();
                for (long r : summary.rates(length)) {
                    DetectionSummary.Cell c = summary.cell(f[0], f[1], length, r);
                    if (c != null && c.runs() > 0 && r > 0) {
                        pts.add(new double[] {Math.log10(r), 100 * c.recall()});
                        xmin = Math.min(xmin, Math.log10(r));
                    }
                }
                if (!pts.isEmpty()) {
                    plot.points(
                            pts.stream().mapToDouble(p -> p[0]).toArray(),
                            pts.stream().mapToDouble(p -> p[1]).toArray(),
                            color(i),
                            !length.equals(DetectionSummary.QUICK),
                            true,
                            null);
                }
            }
        }
        // invisible corners pin the axes: 1 leak per 100 .. per 1e7 operations, 0..100%
        double left = Math.min(2, Double.isFinite(xmin) ? Math.floor(xmin) : 2);
        plot.points(
                new double[] {left, Math.log10(DetectionSummary.LONG_TARGET)},
                new double[] {0, 100},
                "none",
                false,
                false,
                null);
        plot.mark(Math.log10(DetectionSummary.QUICK_TARGET)).mark(Math.log10(DetectionSummary.LONG_TARGET));
        sb.append(plot.render()).append('\n');
        legend(
                sb,
                faults,
                "filled: quick suite; hollow: 5 minutes. Dashed red lines: the targets, 1 leak per 1e5 "
                        + "operations (quick) and per 1e7 (5 minutes).");
        for (String length : summary.lengths()) {
            List<Long> rates = summary.rates(length);
            sb.append("<h3>")
                    .append(Html.esc(lengthLabel(length)))
                    .append("</h3>\n<table><tr><th>fault (workload)</th>");
            rates.forEach(r -> sb.append("<th>1/")
                    .append(Html.esc(DetectionSummary.rateLabel(r)))
                    .append(" ops</th>"));
            sb.append("<th>all found down to</th></tr>\n");
            for (String[] f : faults) {
                if (rates.stream().allMatch(r -> summary.cell(f[0], f[1], length, r) == null)) {
                    continue;
                }
                sb.append("<tr><td>")
                        .append(Html.esc(f[0]))
                        .append(" <span class=\"muted\">(")
                        .append(Html.esc(f[1]))
                        .append(")</span></td>");
                for (long r : rates) {
                    DetectionSummary.Cell c = summary.cell(f[0], f[1], length, r);
                    if (c == null) {
                        sb.append("<td></td>");
                        continue;
                    }
                    sb.append("<td class=\"num\" style=\"background:")
                            .append(heat(c.recall()))
                            .append("\" title=\"")
                            .append(Html.esc("faultEvery=" + c.faultEvery() + ", median leaks " + sig(c.leaks())
                                    + ", ops " + sig(c.ops())))
                            .append("\"><b>")
                            .append(Html.esc(recallText(c)))
                            .append("</b><br><span class=\"muted\">")
                            .append(Html.esc(sig(c.leaks()) + " leaks"))
                            .append("</span></td>");
                }
                long floor = summary.smallestRateFound(f[0], f[1], length);
                sb.append("<td class=\"num\">")
                        .append(
                                floor < 0
                                        ? ""
                                        : floor == 0 ? "none" : "1/" + Html.esc(DetectionSummary.rateLabel(floor)))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<p class=\"muted\">Cells: LEAK runs / analysed runs (+ SUSPECT), and the median number of leaks the "
                + "fault made during the measurement. Green: all found; red: none.</p>\n");
        List<DetectionSummary.ByLeaks> byLeaks = summary.byLeaks();
        if (!byLeaks.isEmpty()) {
            sb.append(
                    "<h3>By objects leaked during the measurement (every rate and length)</h3>\n<table><tr><th>fault (workload)</th>");
            for (int b = 0; b < DetectionSummary.LEAK_BINS.length; b++) {
                sb.append("<th>").append(binLabel(b)).append(" leaks</th>");
            }
            sb.append("<th>most leaks in a missed run</th><th>found in every run with at least</th></tr>\n");
            for (DetectionSummary.ByLeaks l : byLeaks) {
                sb.append("<tr><td>")
                        .append(Html.esc(l.fault()))
                        .append(" <span class=\"muted\">(")
                        .append(Html.esc(l.benchmark()))
                        .append(")</span></td>");
                for (int b = 0; b < DetectionSummary.LEAK_BINS.length; b++) {
                    if (l.runs()[b] == 0) {
                        sb.append("<td></td>");
                    } else {
                        sb.append("<td class=\"num\" style=\"background:")
                                .append(heat((double) l.leak()[b] / l.runs()[b]))
                                .append("\"><b>")
                                .append(l.leak()[b])
                                .append('/')
                                .append(l.runs()[b])
                                .append("</b></td>");
                    }
                }
                sb.append("<td class=\"num\">")
                        .append(l.mostMissed() < 0 ? "-" : Long.toString(l.mostMissed()))
                        .append("</td><td class=\"num\">")
                        .append(l.fewestAlwaysFound() < 0 ? "-" : l.fewestAlwaysFound() + " leaks")
                        .append("</td></tr>\n");
            }
            sb.append(
                    "</table>\n<p class=\"muted\">How many objects a run leaks at a given rate depends on the operations it "
                            + "managed (the workload's throughput, the machine's load); this table is the floor in leaked objects.</p>\n");
        }
        sb.append("</section>\n");
    }

    /** Red (0) through yellow (0.5) to green (1) for a recall; grey for none. */
    private static String heat(double recall) {
        if (!Double.isFinite(recall)) {
            return "#eeeeee";
        }
        int[] red = {0xef, 0x9a, 0x9a};
        int[] yellow = {0xff, 0xf1, 0x76};
        int[] green = {0xa5, 0xd6, 0xa7};
        int[] a = recall < 0.5 ? red : yellow;
        int[] b = recall < 0.5 ? yellow : green;
        double t = recall < 0.5 ? recall / 0.5 : (recall - 0.5) / 0.5;
        return String.format(
                Locale.ROOT,
                "#%02x%02x%02x",
                (int) Math.round(a[0] + (b[0] - a[0]) * t),
                (int) Math.round(a[1] + (b[1] - a[1]) * t),
                (int) Math.round(a[2] + (b[2] - a[2]) * t));
    }

    private void falsePositives(StringBuilder sb) {
        sb.append("<section><h2>False positives: clean runs (fault=none)</h2>\n");
        sb.append("<table><tr><th>workload</th><th>runs</th><th>LEAK</th><th>SUSPECT</th><th>BOUNDED_GROWTH</th>"
                + "<th>STABLE</th><th>not analysed</th><th></th><th>LEAK/SUSPECT on</th></tr>\n");
        for (DetectionSummary.Clean c : summary.clean()) {
            int total = Math.max(1, c.runs() + c.notAnalysed());
            sb.append("<tr><td>")
                    .append(Html.esc(c.benchmark()))
                    .append("</td><td class=\"num\">")
                    .append(c.runs())
                    .append("</td><td class=\"num\">")
                    .append(c.leak() > 0 ? "<b style=\"color:#c62828\">" + c.leak() + "</b>" : "0")
                    .append("</td><td class=\"num\">")
                    .append(c.suspect())
                    .append("</td><td class=\"num\">")
                    .append(c.bounded())
                    .append("</td><td class=\"num\">")
                    .append(c.stable())
                    .append("</td><td class=\"num\">")
                    .append(c.notAnalysed())
                    .append("</td><td><span style=\"display:inline-block;width:200px;height:12px;background:#eee\">");
            bar(sb, c.leak(), total, "#c62828");
            bar(sb, c.suspect(), total, "#f9a825");
            bar(sb, c.bounded(), total, "#1565c0");
            bar(sb, c.stable(), total, "#2e7d32");
            bar(sb, c.notAnalysed(), total, "#9e9e9e");
            sb.append("</span></td><td>")
                    .append(Html.esc(DetectionSummary.counts(c.leakMetrics())))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"muted\">Bar: LEAK (red), SUSPECT (yellow), BOUNDED_GROWTH (blue), STABLE "
                + "(green), not analysed (grey).</p></section>\n");
    }

    private static void bar(StringBuilder sb, int n, int total, String color) {
        if (n > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<span style=\"display:inline-block;height:12px;width:%.1fpx;background:%s\"></span>",
                    200.0 * n / total,
                    color));
        }
    }

    private void slopes(StringBuilder sb) {
        List<String[]> faults = summary.faults();
        sb.append("<section><h2>Reported heap B/op against the fault's true B/op</h2>\n");
        SvgPlot plot = new SvgPlot(
                "true B/op: slope of root.fault.<id> (log scale)",
                "heap.retained slope, B/op (log scale)",
                DetectionReport::pow10,
                DetectionReport::pow10);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int shown = 0;
        for (int i = 0; i < faults.size(); i++) {
            String[] f = faults.get(i);
            List<double[]> pts = new ArrayList<>();
            for (DetectionRow r : summary.rows()) {
                if (r.fault().equals(f[0])
                        && r.benchmark().equals(f[1])
                        && r.trueBytesPerOp() > 0
                        && r.heapSlope() > 0) {
                    pts.add(new double[] {Math.log10(r.trueBytesPerOp()), Math.log10(r.heapSlope())});
                }
            }
            for (double[] p : pts) {
                lo = Math.min(lo, Math.min(p[0], p[1]));
                hi = Math.max(hi, Math.max(p[0], p[1]));
            }
            if (!pts.isEmpty()) {
                shown += pts.size();
                plot.points(
                        pts.stream().mapToDouble(p -> p[0]).toArray(),
                        pts.stream().mapToDouble(p -> p[1]).toArray(),
                        color(i),
                        false,
                        false,
                        null);
            }
        }
        if (shown == 0) {
            sb.append("<p>No run with both a positive true slope and a positive heap slope.</p></section>\n");
            return;
        }
        plot.line(lo, lo, hi, hi, "#757575", true, "reported = true");
        sb.append(plot.render()).append('\n');
        legend(
                sb,
                faults,
                "one dot per run with both slopes positive; the dashed line is reported = true. Below "
                        + "about the heap floor (table below) the heap slope is noise.");
        sb.append("<table><tr><th>fault</th><th>length</th><th>1 leak per</th><th>runs</th><th>median leaks</th>"
                + "<th>median ops</th><th>true B/op</th><th>heap B/op</th><th>heap floor B/op</th>"
                + "<th>class floor: 1 object per N ops</th><th>found by</th></tr>\n");
        for (String length : summary.lengths()) {
            for (DetectionSummary.Cell c : summary.cells(length)) {
                sb.append("<tr><td>")
                        .append(Html.esc(c.fault()))
                        .append("</td><td>")
                        .append(Html.esc(c.length()))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(DetectionSummary.rateLabel(c.opsPerLeak())))
                        .append("</td><td class=\"num\">")
                        .append(c.runs())
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.leaks())))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.ops())))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.trueBytesPerOp())))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.heapSlope())))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.detectableHeap())))
                        .append("</td><td class=\"num\">")
                        .append(Html.esc(sig(c.detectableOpsPerObject())))
                        .append("</td><td>")
                        .append(Html.esc(DetectionSummary.counts(c.metrics())))
                        .append("</td></tr>\n");
            }
        }
        sb.append("</table></section>\n");
    }

    private static String pow10(double v, double step) {
        if (Math.abs(v - Math.rint(v)) > 1e-9) {
            return "";
        }
        long e = (long) Math.rint(v);
        return e == 0 ? "1" : e == 1 ? "10" : e == 2 ? "100" : "1e" + e;
    }

    private void attribution(StringBuilder sb) {
        sb.append(
                "<section><h2>Attribution of the detected (LEAK) runs</h2>\n<table><tr><th>fault</th><th>LEAK runs</th>"
                        + "<th>own root/class first</th><th>accuracy</th><th>named first otherwise</th></tr>\n");
        for (DetectionSummary.Attribution a : summary.attribution()) {
            sb.append("<tr><td>")
                    .append(Html.esc(a.fault()))
                    .append("</td><td class=\"num\">")
                    .append(a.detected())
                    .append("</td><td class=\"num\">")
                    .append(a.ownFirst())
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(DetectionSummary.pct(a.accuracy())))
                    .append("</td><td><code>")
                    .append(Html.esc(DetectionSummary.counts(a.otherNames())))
                    .append("</code></td></tr>\n");
        }
        sb.append("</table></section>\n");
    }

    private void runTable(StringBuilder sb) {
        sb.append(
                "<section><h2>Every run</h2>\n<table><tr><th>run</th><th>fault</th><th>1 leak per</th><th>seed</th>"
                        + "<th>length</th><th>ops</th><th>leaks</th><th>verdict</th><th>metric</th><th>slope</th><th>true B/op</th>"
                        + "<th>heap</th><th>heap B/op</th><th>floor</th><th>named first</th><th>own</th><th>reason</th></tr>\n");
        for (DetectionRow r : summary.rows()) {
            sb.append("<tr><td><code>")
                    .append(Html.esc(r.run()))
                    .append("</code></td><td>")
                    .append(Html.esc(r.fault()))
                    .append("</td><td class=\"num\">")
                    .append(r.clean() ? "" : Html.esc(DetectionSummary.rateLabel(r.opsPerLeak())))
                    .append("</td><td class=\"num\">")
                    .append(r.seed())
                    .append("</td><td>")
                    .append(Html.esc(r.length()))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(sig(r.ops())))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(sig(r.leaks())))
                    .append("</td><td>")
                    .append(
                            r.analysed()
                                    ? Html.badge(r.verdict())
                                    : "<span class=\"v UNCHANGED\">" + Html.esc(r.verdict()) + "</span>")
                    .append("</td><td>")
                    .append(Html.esc(r.metric()))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(Double.isFinite(r.slope()) ? sig(r.slope()) + " " + r.slopeUnit() : "-"))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(sig(r.trueBytesPerOp())))
                    .append("</td><td>")
                    .append(Html.esc(r.heapVerdict()))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(sig(r.heapSlope())))
                    .append("</td><td class=\"num\">")
                    .append(Html.esc(sig(r.detectableSlope())))
                    .append("</td><td><code>")
                    .append(Html.esc(r.firstNamed()))
                    .append("</code></td><td>")
                    .append(r.attributedFirst() == null ? "" : r.attributedFirst() ? "yes" : "<b>no</b>")
                    .append("</td><td>")
                    .append(Html.esc(r.reason()))
                    .append("</td></tr>\n");
        }
        sb.append("</table></section>\n");
    }
}
