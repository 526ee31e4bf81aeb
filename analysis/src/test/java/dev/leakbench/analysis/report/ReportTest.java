package dev.leakbench.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.testing.JmhJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static final String EVIL = "dev.x.<script>alert(1)</script>.B.m|x";

    @TempDir
    Path dir;

    private FindingsReport report;

    @BeforeEach
    void leakWithHostileNames() throws Exception {
        double[] heap = new double[10];
        double[] ops = new double[10];
        for (int i = 0; i < 10; i++) {
            ops[i] = (i + 1) * 1e6;
            heap[i] = 5e7 + ops[i];
        }
        JmhJson j = new JmhJson();
        j.add(EVIL, Map.of("q\"&'<b>", "<img src=x onerror=alert(2)>"), new double[10])
                .secondary("heap.retained", "bytes", heap)
                .secondary("ops.cumulative", "ops", ops);
        FindingsAnalyzer.Result r = new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(Inputs.read(List.of(j.write(dir.resolve("evil.json")))));
        report = new FindingsReport(r, false);
    }

    @Test
    void htmlEscapesNamesAndParamsAndIsSelfContained() {
        String html = report.html();
        assertFalse(html.contains("<script"), "no script at all");
        assertFalse(html.contains("<img"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("q&quot;&amp;&#39;&lt;b&gt;"));
        assertFalse(html.contains("src="), "nothing is loaded");
        assertFalse(html.contains("href="));
        assertFalse(
                html.replace("http://www.w3.org/2000/svg", "")
                        .replace("http-equiv", "")
                        .contains("http"),
                "no network");
        assertTrue(html.contains("<svg") && html.contains("Theil-Sen fit"));
        assertTrue(html.contains("class=\"v LEAK\""));
    }

    @Test
    void markdownEscapesTablePipes() {
        String md = report.markdown();
        assertFalse(md.contains("<script>"));
        md.lines()
                .filter(l -> l.startsWith("| **LEAK**"))
                .forEach(l -> assertEquals(10, l.split("(?<!\\\\)\\|", -1).length, l));
    }

    @Test
    void jsonHasTheFindingShapeAndNoNaN() throws Exception {
        String json = report.json();
        assertFalse(json.contains("NaN"));
        JsonNode f = new ObjectMapper().readTree(json).get("findings").get(0);
        assertEquals(EVIL, f.get("benchmark").asText());
        assertEquals(
                "<img src=x onerror=alert(2)>", f.get("params").get("q\"&'<b>").asText());
        assertEquals("LEAK", f.get("verdict").asText());
        assertEquals(1.0, f.get("slopeBytesPerOp").asDouble(), 1e-6);
        assertTrue(f.get("ci95").isArray());
        assertTrue(f.get("evidence").get("reason").asText().startsWith("grows"));
    }

    @Test
    void textTableIsAligned() {
        String[] lines = report.text().split("\n");
        int slope = lines[0].indexOf("SLOPE");
        assertTrue(slope > 0);
        assertEquals(
                lines[0].indexOf("SLOPE") + "SLOPE".length(),
                lines[1].indexOf(" B/op") + " B/op".length(),
                report.text());
    }

    @Test
    void aStableFindingStatesWhatItRulesOutInEveryFormat() throws Exception {
        double[] heap = new double[10];
        double[] ops = new double[10];
        for (int i = 0; i < 10; i++) {
            ops[i] = (i + 1) * 1e6;
            heap[i] = 5e7 + (i % 2) * 64; // byte-exact, flat
        }
        JmhJson j = new JmhJson();
        j.add("x.Quiet.m", Map.of(), new double[10])
                .secondary("heap.retained", "bytes", heap)
                .secondary("ops.cumulative", "ops", ops);
        FindingsReport stable = new FindingsReport(
                new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                        .analyze(Inputs.read(List.of(j.write(dir.resolve("quiet.json"))))),
                false);
        // 32 KiB over 9e6 ops: 0.00364 B/op, one 48-byte object per 13,200 ops
        String line = "would have found >= 0.00364 B/op, one 48-byte object per 13,200 ops";
        assertTrue(stable.text().contains(line), stable.text());
        assertTrue(stable.markdown().contains(Html.esc(line)), stable.markdown());
        assertTrue(stable.html().contains(Html.esc(line)), stable.html());
        JsonNode f = new ObjectMapper().readTree(stable.json()).get("findings").get(0);
        assertEquals("STABLE", f.get("verdict").asText());
        assertEquals(32 * 1024 / 9e6, f.get("detectableSlope").asDouble(), 1e-9);
        assertEquals(
                f.get("detectableSlope").asDouble(),
                f.get("evidence").get("detectableSlope").asDouble());
        // a LEAK states no sensitivity: the field is there, and null
        JsonNode leak =
                new ObjectMapper().readTree(report.json()).get("findings").get(0);
        assertTrue(leak.has("detectableSlope") && leak.get("detectableSlope").isNull(), leak.toString());
        assertFalse(report.text().contains("would have found"));
    }

    @Test
    void sensitivityWording() {
        assertEquals(
                "would have found >= 0.00320 B/op, one 48-byte object per 15,000 ops",
                Formats.sensitivity(48 / 14_980.0, "B/op"));
        assertEquals("would have found >= 96.0 B/op, 2.00 48-byte objects per op", Formats.sensitivity(96, "B/op"));
        assertEquals(
                "would have found >= 4096 B/iter, 85.3 48-byte objects per iteration",
                Formats.sensitivity(4096, "B/iteration"));
        assertEquals(
                "would have found >= 12.0 B/iter, one 48-byte object per 4 iterations",
                Formats.sensitivity(12, "B/iteration"));
        assertEquals("would have found >= 2.00 /Mop", Formats.sensitivity(2e-6, "count/op"));
        assertTrue(Formats.sensitivity(Double.NaN, "B/op").contains("too few points"));
    }

    @Test
    void ticksAreRound() {
        // within the data's range (the axis is not stretched to the next round number below it)
        double[] t = SvgPlot.ticks(0.13, 9.7, 5);
        assertEquals(2, t[0], 1e-12);
        assertEquals(4, t[1], 1e-12);
        assertEquals(8, t[t.length - 1], 1e-12);
    }
}
