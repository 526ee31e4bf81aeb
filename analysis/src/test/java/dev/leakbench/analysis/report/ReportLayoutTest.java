package dev.leakbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.testing.JmhJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout of report.html that a person reads: the parameters all rows share named once above
 * the summary table and only the differing ones in its cells (a full parameter string has nowhere
 * to wrap and pushed the last columns off a 1400 px window), and plots whose axes fit the data
 * with nice ticks in one format. How to look at it: analysis/README.md, "Looking at report.html".
 */
class ReportLayoutTest {
    private static final Pattern ROW = Pattern.compile("<tr><td>(.*?)</tr>");
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>");
    private static final Pattern YTICK = Pattern.compile("<text class=\"ytick\"[^>]*>([^<]*)</text>");
    private static final Pattern XTICK = Pattern.compile("<text class=\"xtick\"[^>]*>([^<]*)</text>");

    @TempDir
    Path dir;

    private int files;

    /** A heap growing 0.05 B/op from 9.7 MiB over 10 iterations of 1e6 operations. */
    private static void leakyHeap(JmhJson.Entry e, double start, double slope) {
        double[] heap = new double[10];
        double[] ops = new double[10];
        for (int i = 0; i < 10; i++) {
            ops[i] = (i + 1) * 1e6;
            heap[i] = start + slope * ops[i] + (i % 3) * 512;
        }
        e.secondary("heap.retained", "bytes", heap).secondary("ops.cumulative", "ops", ops);
    }

    private String report(JmhJson j) throws Exception {
        FindingsAnalyzer.Result r = new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(Inputs.read(List.of(j.write(dir.resolve("jmh-" + (files++) + ".json")))));
        return new FindingsReport(r, false).html();
    }

    private static Map<String, String> params(String fault, String target) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("documents", "1000");
        p.put("seed", "1");
        p.put("fault", fault);
        p.put("target", target);
        p.put("users", "1000");
        return p;
    }

    private static List<List<String>> rows(String html) {
        String table = html.substring(html.indexOf("<table"), html.indexOf("</table>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher("<td>" + m.group(1));
            while (c.find()) {
                cells.add(c.group(1));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String header(String html) {
        int t = html.indexOf("<table");
        return html.substring(t, html.indexOf("</tr>", t));
    }

    @Test
    void commonParametersOnceAboveTheTableAndOnlyDifferingOnesInItsCells() throws Exception {
        JmhJson j = new JmhJson();
        leakyHeap(
                j.add(
                        "dev.leakbench.benchmarks.AuthorizationBenchmark.check",
                        params("unbounded-cache", "embedded"),
                        new double[10]),
                9.7 * 1024 * 1024,
                0.05);
        leakyHeap(
                j.add(
                        "dev.leakbench.benchmarks.StorageBenchmark.writeReadDelete",
                        params("none", "embedded"),
                        new double[10]),
                6 * 1024 * 1024,
                0);
        leakyHeap(
                j.add(
                        "dev.leakbench.benchmarks.ConnectionBenchmark.operation",
                        params("connection-leak", "embedded-jdbc"),
                        new double[10]),
                16 * 1024 * 1024,
                0.05);
        String html = report(j);

        int common = html.indexOf("Parameters of every row:");
        assertTrue(common > 0 && common < html.indexOf("<table"), "named above the table");
        assertEquals(common, html.lastIndexOf("Parameters of every row:"), "once");
        String line = html.substring(common, html.indexOf("</p>", common));
        for (String kv : new String[] {"documents=1000", "seed=1", "users=1000"}) {
            assertTrue(line.contains("<span class=\"kv\">" + kv + "</span>"), kv + " in " + line);
        }
        assertFalse(line.contains("fault="), line);
        assertFalse(line.contains("target="), line);

        assertTrue(header(html).contains("<th>Params</th>"), header(html));
        List<List<String>> rows = rows(html);
        assertEquals(3, rows.size(), rows.toString());
        int paramsColumn = 2;
        for (List<String> r : rows) {
            String cell = r.get(paramsColumn);
            assertTrue(cell.contains("fault=") && cell.contains("target="), cell);
            assertFalse(cell.contains("documents=") || cell.contains("seed=") || cell.contains("users="), cell);
            // each pair is unbreakable, the pairs wrap between them
            assertTrue(cell.matches("(<span class=\"kv\">[^<;]+</span> ?)+"), cell);
        }
        assertTrue(
                rows.get(0).get(paramsColumn).contains("fault=unbounded-cache"),
                rows.get(0).toString());
        // long metric names can wrap after their dots
        assertTrue(Html.breakable("class.a.B$C").equals("class.<wbr>a.<wbr>B$<wbr>C"));
    }

    @Test
    void withOneParameterSetTheTableHasNoParamsColumn() throws Exception {
        JmhJson j = new JmhJson();
        leakyHeap(
                j.add(
                        "dev.leakbench.benchmarks.AuthorizationBenchmark.check",
                        params("unbounded-cache", "embedded"),
                        new double[10]),
                9.7 * 1024 * 1024,
                0.05);
        String html = report(j);
        assertFalse(header(html).contains("Params"), header(html));
        String line = html.substring(html.indexOf("Parameters of every row:"));
        line = line.substring(0, line.indexOf("</p>"));
        assertTrue(line.contains("fault=unbounded-cache") && line.contains("target=embedded"), line);
        rows(html).forEach(r -> r.forEach(c -> assertFalse(c.contains("fault="), c)));
    }

    @Test
    void theHeapPlotSpansItsDataWithNiceTicksInOneFormat() throws Exception {
        JmhJson j = new JmhJson();
        leakyHeap(j.add("x.Leaky.m", Map.of(), new double[10]), 9.7 * 1024 * 1024, 0.05);
        String html = report(j);
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>"));
        assertTrue(svg.contains("heap.retained (MiB)"), "the unit once, in the title");
        assertTrue(svg.contains("operations (\u00d710\u2076)"), "the power of ten once, in the title");
        List<Double> y = numbers(YTICK, svg);
        List<String> x = labels(XTICK, svg);
        // the data: 9.70 .. 10.18 MiB; the axis starts near it, not at 5 MiB or 0
        assertTrue(y.get(0) >= 9.6 && y.get(0) <= 9.8, "y starts near the data: " + y);
        assertTrue(y.get(y.size() - 1) <= 10.3, y.toString());
        assertNice(y);
        for (String label : x) {
            assertTrue(label.matches("\\d+"), "one plain format on the x axis: " + x);
        }
        assertNice(x.stream().map(Double::parseDouble).toList());
    }

    private static List<String> labels(Pattern p, String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<Double> numbers(Pattern p, String svg) {
        return labels(p, svg).stream().map(Double::parseDouble).toList();
    }

    /** Evenly spaced by 1, 2 or 5 x 10^k, every value a multiple of that step. */
    private static void assertNice(List<Double> ticks) {
        assertTrue(ticks.size() >= 3 && ticks.size() <= 9, ticks.toString());
        double step = ticks.get(1) - ticks.get(0);
        double k = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double m = step / k;
        assertTrue(
                Math.abs(m - 1) < 1e-6 || Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6,
                "step " + step + " of " + ticks);
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(ticks.get(0) + i * step, ticks.get(i), step * 1e-6, ticks.toString());
            double q = ticks.get(i) / step;
            assertEquals(Math.rint(q), q, 1e-6, "a multiple of the step: " + ticks);
        }
    }

    @Test
    void axesAroundTheDataNeverForcedToZero() {
        double mib = 1024 * 1024;
        SvgPlot.Axis a = SvgPlot.axis(9.7 * mib, 10.3 * mib, 5, SvgPlot.TickFormat.bytes());
        assertEquals("MiB", a.scale().suffix());
        assertTrue(a.lo() < 9.7 * mib && a.lo() > 9.6 * mib, "lo " + a.lo() / mib);
        assertTrue(a.hi() > 10.3 * mib && a.hi() < 10.4 * mib, "hi " + a.hi() / mib);
        assertEquals(List.of("9.7", "9.8", "9.9", "10.0", "10.1", "10.2", "10.3"), List.of(a.labels()));
        // one format per axis: never 1e6 next to 1500000
        SvgPlot.Axis ops = SvgPlot.axis(1e5, 1.9e6, 6, SvgPlot.TickFormat.plain());
        assertEquals("\u00d710\u2076", ops.scale().suffix());
        assertEquals(List.of("0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6", "1.8"), List.of(ops.labels()));
        SvgPlot.Axis small = SvgPlot.axis(1200, 8800, 5, SvgPlot.TickFormat.plain("count"));
        assertEquals("count", small.scale().suffix());
        assertEquals(List.of("2000", "4000", "6000", "8000"), List.of(small.labels()));
        SvgPlot.Axis gib = SvgPlot.axis(1.12 * 1024 * mib, 1.40 * 1024 * mib, 5, SvgPlot.TickFormat.bytes());
        assertEquals("GiB", gib.scale().suffix());
        assertEquals(List.of("1.15", "1.20", "1.25", "1.30", "1.35", "1.40"), List.of(gib.labels()));
        SvgPlot.Axis flat = SvgPlot.axis(21, 21, 5, SvgPlot.TickFormat.plain("count"));
        assertTrue(flat.lo() < 21 && flat.hi() > 21, "a constant gets a range around it");
        SvgPlot.Axis days = SvgPlot.axis(20_000, 20_003, 6, SvgPlot.TickFormat.epochDay());
        assertTrue(days.step() >= 1, "whole days");
        assertEquals(
                "\u2026ConcurrentHashMap$Node (count)",
                SvgPlot.fit("class.java.util.concurrent.ConcurrentHashMap$Node (count)", 34));
    }

    @Test
    void ticksAreMultiplesOfOneTwoOrFive() {
        for (double[] range : new double[][] {{0.13, 9.7}, {9.7, 10.3}, {-3, 3}, {1e-4, 7e-4}, {123456, 123999}}) {
            List<Double> t = new ArrayList<>();
            for (double v : SvgPlot.ticks(range[0], range[1], 6)) {
                assertTrue(v >= range[0] && v <= range[1], v + " within " + range[0] + ".." + range[1]);
                t.add(v);
            }
            assertNice(t);
        }
    }

    @Test
    void theLegendDrawsEachSeriesWithItsOwnSymbol() {
        String svg = new SvgPlot("operations", "heap.retained", SvgPlot.TickFormat.plain(), SvgPlot.TickFormat.bytes())
                .points(new double[] {1, 2, 3}, new double[] {1e7, 1.1e7, 1.2e7}, "#9e9e9e", true, false, "warmup")
                .points(
                        new double[] {4, 5, 6},
                        new double[] {1.3e7, 1.4e7, 1.5e7},
                        "#1565c0",
                        false,
                        false,
                        "measurement")
                .points(new double[] {4, 5, 6}, new double[] {1.3e7, 1.4e7, 1.5e7}, "#6a1b9a", false, true, "nightly")
                .line(4, 1.3e7, 6, 1.5e7, "#c62828", true, "fit")
                .render();
        Matcher g = Pattern.compile("<g class=\"legend\">(.*?)</g>").matcher(svg);
        List<String> entries = new ArrayList<>();
        while (g.find()) {
            entries.add(g.group(1));
        }
        assertEquals(4, entries.size(), svg);
        assertTrue(
                entries.get(0).contains("<circle") && entries.get(0).contains("fill=\"none\" stroke=\"#9e9e9e\""),
                entries.get(0));
        assertTrue(
                entries.get(1).contains("<circle")
                        && entries.get(1).contains("fill=\"#1565c0\"")
                        && !entries.get(1).contains("<line"),
                entries.get(1));
        assertTrue(
                entries.get(2).contains("<line") && entries.get(2).contains("<circle"),
                "a dot on a line: " + entries.get(2));
        assertTrue(
                entries.get(3).contains("<line")
                        && entries.get(3).contains("stroke-dasharray=\"6 4\"")
                        && !entries.get(3).contains("<circle"),
                "a dashed line, as the fit: " + entries.get(3));
        assertFalse(svg.contains("<rect x=\"") && svg.contains("width=\"10\" height=\"10\""), "no square swatches");
    }
}
