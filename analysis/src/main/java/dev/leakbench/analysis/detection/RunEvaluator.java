package dev.leakbench.analysis.detection;

import dev.leakbench.analysis.findings.Attribution;
import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.BenchmarkRun;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.input.Score;
import dev.leakbench.analysis.input.Trial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Evaluates one run directory: the same findings analysis {@code leakcheck findings} makes of the
 * directory's {@code jmh.json} and series CSVs (default thresholds, or the given config), reduced
 * to one {@link DetectionRow}.
 *
 * <p>The finding that represents a run: the first {@code LEAK} (a {@code heap.retained} LEAK before
 * any {@code class.*} LEAK, those before any other gauge or resource; within a rank in the
 * analysis's own order), else the first {@code SUSPECT} in the same order, else the
 * {@code heap.retained} finding. Metrics {@code gauge.fault.*} (the faults' own counters) are never
 * considered, whatever the analysis reports about them. What it names first: for a
 * {@code class.X} finding, X; otherwise the first entry of its attribution list; for a resource
 * finding without attribution, the metric itself.
 */
public final class RunEvaluator {
    /** The JMH result file in a run directory. */
    public static final String JMH_JSON = "jmh.json";
    /** The JMH console log in a run directory. */
    public static final String JMH_LOG = "jmh.log";

    private static final String FAULT_COUNTER = "gauge.fault.injected";

    private final ThresholdConfig config;

    /** @param config thresholds, as {@code leakcheck findings --config} would use them */
    public RunEvaluator(ThresholdConfig config) {
        this.config = config;
    }

    /** The row of a complete run. */
    public DetectionRow evaluate(RunInfo info) {
        Path dir = info.dir();
        if (info.exit() != 0) {
            return failed(
                    info,
                    DetectionRow.RUN_FAILED,
                    "JMH exited " + info.exit() + (info.exit() == 124 ? " (timed out)" : "") + logHint(dir));
        }
        List<Path> files;
        try {
            files = inputs(dir);
        } catch (IOException e) {
            return failed(
                    info,
                    DetectionRow.BAD_INPUT,
                    "cannot list " + dir + ": " + dev.leakbench.analysis.io.IoErrors.reason(e));
        } catch (BadInputException e) {
            return failed(info, DetectionRow.BAD_INPUT, e.describe());
        }
        if (files.stream().noneMatch(f -> !f.getFileName().toString().equals(JMH_JSON))) {
            return failed(
                    info, DetectionRow.NO_RESULT, "no LeakProfiler series CSV in the run directory" + logHint(dir));
        }
        RunSet runs;
        try {
            runs = Inputs.read(files);
        } catch (BadInputException e) {
            return failed(info, DetectionRow.BAD_INPUT, e.describe());
        }
        BenchmarkRun run = select(runs, info);
        if (run == null) {
            return failed(
                    info,
                    DetectionRow.NO_RESULT,
                    "no result for " + info.benchmark() + " with fault=" + info.fault() + " seed=" + info.seed()
                            + logHint(dir));
        }
        FindingsAnalyzer.Result result = new FindingsAnalyzer(config, null, Double.NaN).analyze(runs);
        List<Finding> findings = result.findings().stream()
                .filter(f -> f.key().equals(run.key()))
                .toList();
        Finding rep = representative(findings);
        Finding heap = findings.stream()
                .filter(f -> f.metric().equals(Metrics.HEAP))
                .findFirst()
                .orElse(null);
        double ops = measuredOps(run);
        double leaks = info.clean() ? Double.NaN : measuredDelta(run, FAULT_COUNTER);
        double trueSlope = info.clean() ? Double.NaN : leastSquaresSlope(run, "root.fault." + info.fault());
        List<String> first = rep == null ? List.of() : firstNamedTied(rep);
        String named = String.join(" = ", first);
        Boolean own = info.clean() ? null : first.stream().anyMatch(n -> GroundTruth.isOwn(info.fault(), n));
        return new DetectionRow(
                name(info),
                info.benchmark(),
                info.fault(),
                info.faultEvery(),
                info.opsPerLeak(),
                info.seed(),
                info.length(),
                ops,
                opsPerSecond(run),
                leaks,
                rep == null ? DetectionRow.NO_RESULT : rep.verdict().name(),
                rep == null ? "" : rep.metric(),
                rep == null ? Double.NaN : rep.slope(),
                rep == null ? "" : rep.slopeUnit(),
                trueSlope,
                heap == null ? "" : heap.verdict().name(),
                heap == null ? Double.NaN : heap.slope(),
                rep == null ? Double.NaN : detectableSlope(rep),
                heap == null ? Double.NaN : nestedNumber(heap.evidence(), "opsPerObject", 2),
                named,
                own,
                rep == null ? "no finding for the run (no heap.retained series)" : rep.reason());
    }

    private static String name(RunInfo info) {
        return info.dir().getFileName().toString();
    }

    private static DetectionRow failed(RunInfo info, String verdict, String reason) {
        return new DetectionRow(
                name(info),
                info.benchmark(),
                info.fault(),
                info.faultEvery(),
                info.opsPerLeak(),
                info.seed(),
                info.length(),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                verdict,
                "",
                Double.NaN,
                "",
                Double.NaN,
                "",
                Double.NaN,
                Double.NaN,
                Double.NaN,
                "",
                info.clean() ? null : Boolean.FALSE,
                reason);
    }

    /**
     * The files {@code leakcheck findings} would be given: {@code jmh.json} and every file whose
     * content is a LeakProfiler series (companions such as {@code NAME.classes.csv} are read beside
     * their series by the input layer itself).
     */
    static List<Path> inputs(Path dir) throws IOException, BadInputException {
        List<Path> out = new ArrayList<>();
        Path json = dir.resolve(JMH_JSON);
        if (Files.isRegularFile(json)) {
            out.add(json);
        }
        List<Path> csvs;
        try (Stream<Path> s = Files.list(dir)) {
            csvs = s.filter(p -> p.getFileName().toString().endsWith(".csv") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
        for (Path csv : csvs) {
            Inputs.Format format;
            try {
                format = Inputs.detect(csv);
            } catch (BadInputException e) {
                if (csv.getFileName().toString().matches(".*\\.[A-Za-z-]+\\.csv")) {
                    continue; // a companion of another format (NAME.<kind>.csv), not a series
                }
                throw e;
            }
            if (format == Inputs.Format.SERIES_CSV) {
                out.add(csv);
            }
        }
        return out;
    }

    /** The run of the benchmark, fault and seed the properties name (a directory normally holds one). */
    private static BenchmarkRun select(RunSet runs, RunInfo info) {
        for (BenchmarkRun r : runs.runs()) {
            String b = r.key().benchmark();
            boolean benchmark = b.equals(info.benchmark())
                    || b.contains("." + info.benchmark() + ".")
                    || b.startsWith(info.benchmark() + ".");
            Map<String, String> p = r.key().params().values();
            boolean fault = !p.containsKey("fault") || p.get("fault").equals(info.fault());
            boolean seed = !p.containsKey("seed") || p.get("seed").equals(Long.toString(info.seed()));
            if (benchmark && fault && seed && !r.trials().isEmpty()) {
                return r;
            }
        }
        return null;
    }

    /** The finding that stands for the run; see the class comment. */
    public static Finding representative(List<Finding> findings) {
        List<Finding> judged = findings.stream()
                .filter(f -> !f.metric().startsWith(Metrics.FAULT_GAUGES))
                .toList();
        // the first LEAK (else SUSPECT) in the order the report lists them (heap, then resources, then
        // classes): what a person reading findings.md meets first
        for (Verdict v : new Verdict[] {Verdict.LEAK, Verdict.SUSPECT}) {
            Finding f =
                    judged.stream().filter(x -> x.verdict() == v).findFirst().orElse(null);
            if (f != null) {
                return f;
            }
        }
        return judged.stream()
                .filter(f -> f.metric().equals(Metrics.HEAP))
                .findFirst()
                .orElse(judged.stream()
                        .filter(f -> !f.metric().equals(Metrics.ALLOC))
                        .findFirst()
                        .orElse(null));
    }

    /**
     * What the finding names first: {@link #firstNamed}, plus the attribution entries tied with it
     * (the same kind and growth within 1%: nested roots, such as a store and the engine holding it,
     * that grow by the same bytes and are listed one after the other with the same figures).
     */
    public static List<String> firstNamedTied(Finding f) {
        String first = firstNamed(f);
        if (first.isEmpty()
                || f.metric().startsWith("class.")
                || f.attribution().isEmpty()) {
            return first.isEmpty() ? List.of() : List.of(first);
        }
        Attribution top = f.attribution().get(0);
        List<String> out = new java.util.ArrayList<>();
        for (Attribution a : f.attribution()) {
            if (a.kind().equals(top.kind())
                    && Math.abs(a.growthBytes() - top.growthBytes()) <= 0.01 * Math.abs(top.growthBytes())) {
                out.add(a.kind() + ":" + a.name());
            }
        }
        return out;
    }

    /** {@code class:X} for a {@code class.X} finding, else the first attribution, else the resource metric. */
    public static String firstNamed(Finding f) {
        if (f.metric().startsWith("class.")) {
            return "class:" + f.metric().substring("class.".length());
        }
        if (!f.attribution().isEmpty()) {
            Attribution a = f.attribution().get(0);
            return a.kind() + ":" + a.name();
        }
        if (f.metric().equals(Metrics.HEAP) || f.metric().equals(Metrics.ALLOC)) {
            return "";
        }
        return f.verdict() == Verdict.LEAK || f.verdict() == Verdict.SUSPECT ? "metric:" + f.metric() : "";
    }

    /** The finding's own detectable slope when it reports one, else floor / span. */
    static double detectableSlope(Finding f) {
        Object d = f.evidence().get("detectableSlope");
        if (d instanceof Number n) {
            return n.doubleValue();
        }
        Object floor = f.evidence().get("floor");
        Object span = f.evidence().get("span");
        if (floor instanceof Number fl && span instanceof Number sp && sp.doubleValue() > 0) {
            return fl.doubleValue() / sp.doubleValue();
        }
        return Double.NaN;
    }

    /** A number under {@code key} in the evidence or in a map nested in it (at most {@code depth} deep). */
    static double nestedNumber(Map<?, ?> evidence, String key, int depth) {
        if (evidence.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        if (depth > 0) {
            for (Object v : evidence.values()) {
                if (v instanceof Map<?, ?> m) {
                    double d = nestedNumber(m, key, depth - 1);
                    if (!Double.isNaN(d)) {
                        return d;
                    }
                }
            }
        }
        return Double.NaN;
    }

    /** Operations in the measurement phase, summed over trials; NaN when unknown. */
    private static double measuredOps(BenchmarkRun run) {
        return sum(run, null);
    }

    /** How much a metric rose during the measurement phase, summed over trials; NaN when absent. */
    private static double measuredDelta(BenchmarkRun run, String metric) {
        return sum(run, metric);
    }

    private static double sum(BenchmarkRun run, String metric) {
        double total = 0;
        boolean any = false;
        for (Trial t : run.trials()) {
            double[] v = metric == null ? t.ops() : t.metrics().get(metric);
            if (v == null) {
                continue;
            }
            double d = phaseDelta(t, v, metric == null);
            if (!Double.isNaN(d)) {
                total += d;
                any = true;
            }
        }
        return any ? total : Double.NaN;
    }

    /**
     * The last measured value minus the value at the end of warmup; without warmup rows, minus
     * the first measured value (or minus 0 for the operation count, which starts at 0).
     */
    private static double phaseDelta(Trial t, double[] v, boolean fromZero) {
        double before = Double.NaN;
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < t.iterations(); i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            if (t.warmup()[i]) {
                before = v[i];
            } else {
                if (Double.isNaN(first)) {
                    first = v[i];
                }
                last = v[i];
            }
        }
        if (Double.isNaN(before)) {
            before = fromZero ? 0 : first;
        }
        return last - before;
    }

    /**
     * Least-squares slope of {@code metric} against operations over the measurement iterations,
     * pooled within trials (each trial's own means); NaN without two measured points.
     */
    static double leastSquaresSlope(BenchmarkRun run, String metric) {
        double sxy = 0;
        double sxx = 0;
        int points = 0;
        for (Trial t : run.trials()) {
            double[] v = t.metrics().get(metric);
            if (v == null || !t.hasOps()) {
                continue;
            }
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < t.iterations(); i++) {
                if (!t.warmup()[i] && !Double.isNaN(v[i])) {
                    pts.add(new double[] {t.ops()[i], v[i]});
                }
            }
            if (pts.size() < 2) {
                continue;
            }
            double mx = pts.stream().mapToDouble(p -> p[0]).average().orElseThrow();
            double my = pts.stream().mapToDouble(p -> p[1]).average().orElseThrow();
            for (double[] p : pts) {
                sxy += (p[0] - mx) * (p[1] - my);
                sxx += (p[0] - mx) * (p[0] - mx);
            }
            points += pts.size();
        }
        return points >= 2 && sxx > 0 ? sxy / sxx : Double.NaN;
    }

    /** The primary score in operations per second, NaN when it is not a throughput. */
    private static double opsPerSecond(BenchmarkRun run) {
        Score p = run.primary();
        if (p == null) {
            return Double.NaN;
        }
        double factor = switch (p.unit().strip()) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us", "ops/\u00b5s" -> 1e6;
            case "ops/ns" -> 1e9;
            case "ops/min" -> 1.0 / 60;
            default -> Double.NaN;
        };
        return p.value() * factor;
    }

    /** " (jmh.log: first line that says what went wrong)" when the log has one. */
    private static String logHint(Path dir) {
        Path log = dir.resolve(JMH_LOG);
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.map(String::strip)
                    .filter(l -> l.contains("SKIPPED")
                            || l.contains("Exception")
                            || l.contains("Error")
                            || l.contains("<failure>"))
                    .findFirst()
                    .map(l -> " (" + JMH_LOG + ": " + (l.length() > 200 ? l.substring(0, 197) + "..." : l) + ")")
                    .orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }
}
