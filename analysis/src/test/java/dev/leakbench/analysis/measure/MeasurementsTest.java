package dev.leakbench.analysis.measure;

import dev.leakbench.analysis.findings.Assessment;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.SeriesClassifier;
import dev.leakbench.analysis.findings.Synthetic;
import dev.leakbench.analysis.findings.Synthetic.Scenario;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Thresholds;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.report.FindingsReport;
import dev.leakbench.analysis.report.TrendReport;
import dev.leakbench.analysis.stats.XY;
import dev.leakbench.analysis.testing.JmhJson;
import dev.leakbench.analysis.trend.History;
import dev.leakbench.analysis.trend.HistoryRow;
import dev.leakbench.analysis.trend.HistoryStore;
import dev.leakbench.analysis.trend.TonightRows;
import dev.leakbench.analysis.trend.TrendAnalyzer;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The numbers the README states: false-positive and miss rates over many seeded series, and
 * the two speed figures. Not part of the normal build (tag "measure"); run with
 *
 * <pre>mvn -B -o -pl analysis test -Dmeasure.groups=measure -Dmeasure.excluded=none -Dtest=MeasurementsTest</pre>
 *
 * Results go to {@code analysis/target/measure/measurements.md}; the generated inputs stay in
 * {@code analysis/target/measure/} for timing the jar from a shell.
 */
@Tag("measure")
class MeasurementsTest {
    private static final Path OUT = Path.of("target", "measure");
    private static final int SEEDS = Integer.getInteger("measure.seeds", 1000);
    private static final String[] METRICS = {
        "score",
        "gc.alloc.rate.norm",
        "heap.retained",
        "threads.live",
        "fds.open",
        "rss",
        "buffers.direct",
        "metaspace",
        "gauge.connections.active",
        "root.decisionCache"
    };
    private static final String[] UNITS = {
        "ops/s", "B/op", "bytes", "count", "count", "bytes", "bytes", "bytes", "count", "bytes"
    };

    private final StringBuilder md = new StringBuilder();

    private void say(String line) {
        System.out.println(line);
        md.append(line).append('\n');
    }

    private void save(String name) throws Exception {
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve(name), md.toString());
    }

    /** Leak rates (B/op) measured per leaking scenario. */
    private static double[] rates(Scenario s) {
        return switch (s) {
            // 85 KiB / 1e7: one ~87-byte cache entry per 10,000 ops, ~85 KiB over the quick suite
            case LINEAR ->
                new double[] {0.0001, 0.0003, 0.001, 0.003, 85.0 * 1024 / 1e7, 0.01, 0.03, 0.1, 1, 10, 100, 1000};
            case RISING_SAWTOOTH -> new double[] {0.03, 0.1};
            case LATE_START -> new double[] {0.003, 0.01, 0.03};
            default -> new double[] {0};
        };
    }

    @Test
    void leakDetectionRates() throws Exception {
        Thresholds th = Thresholds.defaults();
        say("## Leak detection over " + SEEDS + " seeded series per row\n");
        say("Rates of verdicts; FP = LEAK on a series without a leak, miss = not LEAK on a leak. Heap floor "
                + "max(32 KiB, noise.k 4 x the run's noise), alpha 0.01, last half of the run for persistence. "
                + "Detectable: median over the STABLE series of the smallest leak the run could have detected "
                + "(detectableSlope), and as one 48-byte object per N ops.\n");
        Map<String, Synthetic.Params> noise = new java.util.LinkedHashMap<>();
        noise.put("quick suite (10 it x 1e6 ops, sigma 512 B)", Synthetic.Params.QUICK);
        noise.put("quiet (20 it x 1e7 ops, sigma 4 KiB)", Synthetic.Params.QUIET);
        noise.put("noisy (20 it x 1e7 ops, sigma 256 KiB, 5% outliers)", Synthetic.Params.NOISY);
        noise.put("long noisy (100 it x 2e6 ops, sigma 256 KiB)", new Synthetic.Params(100, 2e6, 256 * 1024, 0.05));
        for (Map.Entry<String, Synthetic.Params> e : noise.entrySet()) {
            say("### " + e.getKey() + "\n");
            say("| series | truth | LEAK | SUSPECT | BOUNDED | STABLE | FP / miss | detectable (STABLE) |");
            say("|---|---|---:|---:|---:|---:|---:|---:|");
            for (Scenario s : Scenario.values()) {
                for (double b : rates(s)) {
                    Map<Verdict, Integer> c = new EnumMap<>(Verdict.class);
                    List<Double> detectable = new ArrayList<>();
                    for (int seed = 0; seed < SEEDS; seed++) {
                        XY xy = Synthetic.series(
                                s, b, e.getValue(), 1_000_003L * s.ordinal() + seed * 31L + Double.hashCode(b));
                        Assessment a = SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, th);
                        c.merge(a.verdict(), 1, Integer::sum);
                        if (a.verdict() == Verdict.STABLE && Double.isFinite(a.detectableSlope())) {
                            detectable.add(a.detectableSlope());
                        }
                    }
                    boolean leak = s.leaks();
                    int leaks = c.getOrDefault(Verdict.LEAK, 0);
                    double span = e.getValue().iterations() * e.getValue().opsPerIteration();
                    double grown = s == Scenario.LATE_START ? b * 0.4 * span : b * span;
                    String name = leak
                            ? String.format(
                                    Locale.ROOT,
                                    "%s %s B/op (%s over run)",
                                    s.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                                    b,
                                    dev.leakbench.analysis.input.Quantities.bytes(grown))
                            : s.name().toLowerCase(Locale.ROOT);
                    String det = "-";
                    if (!detectable.isEmpty()) {
                        double d = dev.leakbench.analysis.stats.Robust.median(detectable.stream()
                                .mapToDouble(Double::doubleValue)
                                .toArray());
                        det = dev.leakbench.analysis.report.Formats.slope(d, "B/op") + " (1 per "
                                + dev.leakbench.analysis.input.Quantities.sig3(48 / d) + " ops)";
                    }
                    say(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s |",
                            name,
                            leak ? "leak" : "no leak",
                            pct(leaks),
                            pct(c.getOrDefault(Verdict.SUSPECT, 0)),
                            pct(c.getOrDefault(Verdict.BOUNDED_GROWTH, 0)),
                            pct(c.getOrDefault(Verdict.STABLE, 0)),
                            leak ? "miss " + pct(SEEDS - leaks) : "FP " + pct(leaks),
                            det));
                }
            }
            say("");
        }
        save("rates.md");
    }

    @Test
    void trendRates() throws Exception {
        Thresholds th = Thresholds.defaults();
        say("## Nightly trend over " + SEEDS + " seeded histories per row (2% night-to-night noise, 40 nights)\n");
        say("| history | REGRESSION rate |");
        say("|---|---:|");
        for (int[] spec : new int[][] {{0, 0}, {1, 10}, {2, 10}, {3, 10}, {4, 10}, {5, 10}, {3, 20}, {5, 5}, {1, 50}}) {
            int regressions = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                Random r = new Random(seed);
                List<History.Night> nights = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    double f = i >= 40 - spec[0] ? 1 + spec[1] / 100.0 : 1;
                    nights.add(new History.Night(
                            LocalDate.of(2026, 1, 1).plusDays(i), 300 * f * (1 + 0.02 * r.nextGaussian()), List.of()));
                }
                History.Key key =
                        new History.Key(new HistoryRow.SeriesId("x.B.m", Params.NONE, "gc.alloc.rate.norm"), "B/op");
                if (TrendAnalyzer.analyze(key, nights, th).status() == TrendAnalyzer.Status.REGRESSION) {
                    regressions++;
                }
            }
            say(String.format(
                    Locale.ROOT,
                    "| %s | %s |",
                    spec[0] == 0
                            ? "no change (false positives)"
                            : "+" + spec[1] + "% for the last " + spec[0] + " night" + (spec[0] > 1 ? "s" : ""),
                    pct(regressions)));
        }
        say("");
        save("trend-rates.md");
    }

    @Test
    void speed() throws Exception {
        Files.createDirectories(OUT);
        say("## Speed (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version")
                + ")\n");
        Path json = OUT.resolve("jmh-100-benchmarks.json");
        writeHundredBenchmarks(json);
        say("JMH JSON of 100 benchmarks (2 forks x 30 iterations, 10 secondary metrics each): "
                + Files.size(json) / 1024 + " KiB");
        long[] times = new long[6];
        int findings = 0;
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            RunSet runs = Inputs.read(List.of(json));
            FindingsAnalyzer.Result r =
                    new FindingsAnalyzer(ThresholdConfig.defaults(), null, 4.0 * (1 << 30)).analyze(runs);
            FindingsReport rep = new FindingsReport(r, false);
            int len = rep.text().length()
                    + rep.json().length()
                    + rep.markdown().length()
                    + rep.html().length();
            times[i] = System.nanoTime() - t0;
            findings = r.findings().size() + (len > 0 ? 0 : 1);
        }
        say(String.format(
                Locale.ROOT,
                "- findings (read + analyse %d findings + render text/json/md/html), in-process: first run %d ms, "
                        + "then median %d ms",
                findings,
                times[0] / 1_000_000,
                median(Arrays.copyOfRange(times, 1, times.length)) / 1_000_000));

        Path history = OUT.resolve("history-10y.csv");
        long rows = writeHistory(history, 3650, 50);
        Path tonight = OUT.resolve("tonight-50.json");
        writeTonight(tonight, 50);
        say("History of 10 years x 50 benchmarks x 10 metrics: " + rows + " rows, "
                + Files.size(history) / (1024 * 1024) + " MiB");
        Path work = OUT.resolve("history-work.csv");
        Files.copy(history, work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        HistoryStore.Appended a = new HistoryStore(work)
                .append(TonightRows.of(
                        Inputs.read(List.of(tonight)), LocalDate.of(2036, 1, 1), "tonight", new ArrayList<>()));
        long t1 = System.nanoTime();
        List<TrendAnalyzer.SeriesTrend> trends =
                new TrendAnalyzer(ThresholdConfig.defaults()).analyze(a.history(), LocalDate.of(2036, 1, 1));
        TrendReport tr = new TrendReport(trends, LocalDate.of(2036, 1, 1), List.of());
        int len = tr.text().length()
                + tr.markdown().length()
                + tr.html().length()
                + tr.json().length();
        long t2 = System.nanoTime();
        say(String.format(
                Locale.ROOT,
                "- trend, in-process: validate + atomically rewrite the history with %d new rows %d ms; "
                        + "compare %d series + render %d ms (%d chars)",
                a.appended().size(),
                (t1 - t0) / 1_000_000,
                trends.size(),
                (t2 - t1) / 1_000_000,
                len));
        say("");
        say("From a shell (cold JVM, the figures in the README):");
        say(
                "    time java -jar target/leakcheck.jar findings target/measure/jmh-100-benchmarks.json --heap 4g > /dev/null");
        say(
                "    cp target/measure/history-10y.csv /tmp/h.csv && time java -jar target/leakcheck.jar trend --history /tmp/h.csv "
                        + "--date 2036-01-01 --commit tonight target/measure/tonight-50.json > /dev/null");
        save("speed.md");
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String pct(int count) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / SEEDS);
    }

    private static void writeHundredBenchmarks(Path file) throws Exception {
        JmhJson j = new JmhJson();
        Scenario[] shapes = Scenario.values();
        for (int b = 0; b < 100; b++) {
            Scenario s = shapes[b % shapes.length];
            Synthetic.Params p = new Synthetic.Params(30, 1e7, 8192, 0.02);
            XY f1 = Synthetic.series(s, 0.05, p, b);
            XY f2 = Synthetic.series(s, 0.05, p, b + 1000);
            double[] score = new double[60];
            Arrays.fill(score, 1e6);
            JmhJson.Entry e = j.add(
                    "dev.leakbench.benchmarks.Generated" + (b / 10) + "Benchmark.op" + (b % 10),
                    Map.of("target", "embedded", "shape", s.name()),
                    score);
            e.secondaryForks("heap.retained", "bytes", f1.y(), f2.y());
            e.secondaryForks("ops.cumulative", "ops", f1.x(), f2.x());
            e.secondaryForks("root.decisionCache", "bytes", scaled(f1.y(), 0.5), scaled(f2.y(), 0.5));
            e.secondaryForks("root.tupleStore", "bytes", scaled(f1.y(), 0.1), scaled(f2.y(), 0.1));
            e.secondaryForks("threads.live", "count", constant(30, 21), constant(30, 21));
            e.secondaryForks("fds.open", "count", constant(30, 40), constant(30, 40));
            e.secondaryForks("gauge.connections.active", "count", constant(30, 2), constant(30, 2));
            e.secondaryForks("gc.alloc.rate.norm", "B/op", constant(30, 312), constant(30, 312));
            e.secondaryForks("gc.alloc.rate", "MB/sec", constant(30, 300), constant(30, 300));
            e.secondaryForks("gc.count", "counts", constant(30, 3), constant(30, 3));
        }
        j.write(file);
    }

    private static double[] scaled(double[] v, double f) {
        return Arrays.stream(v).map(x -> Math.rint(x * f)).toArray();
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static long writeHistory(Path file, int nights, int benchmarks) throws Exception {
        Random r = new Random(1);
        long rows = 0;
        LocalDate start = LocalDate.of(2026, 1, 2);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(String.join(",", HistoryStore.HEADER));
            w.write('\n');
            for (int d = 0; d < nights; d++) {
                String date = start.plusDays(d).toString();
                String commit = Long.toHexString(0x1000000L + d * 7919L);
                for (int b = 0; b < benchmarks; b++) {
                    String bench = "dev.leakbench.benchmarks.Generated" + (b / 10) + "Benchmark.op" + (b % 10);
                    for (int m = 0; m < METRICS.length; m++) {
                        double base = m == 0 ? 1e6 : 1000 + m * 100;
                        w.write(date + "," + commit + "," + bench + ",target=embedded," + METRICS[m] + ","
                                + base * (1 + 0.01 * r.nextGaussian()) + "," + UNITS[m] + "\n");
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    private static void writeTonight(Path file, int benchmarks) throws Exception {
        JmhJson j = new JmhJson();
        for (int b = 0; b < benchmarks; b++) {
            JmhJson.Entry e = j.add(
                    "dev.leakbench.benchmarks.Generated" + (b / 10) + "Benchmark.op" + (b % 10),
                    Map.of("target", "embedded"),
                    constant(5, 1e6));
            for (int m = 1; m < METRICS.length; m++) {
                e.secondary(METRICS[m], UNITS[m], constant(5, 1000 + m * 100));
            }
        }
        j.write(file);
    }
}
