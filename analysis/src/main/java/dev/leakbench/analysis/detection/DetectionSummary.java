package dev.leakbench.analysis.detection;

import dev.leakbench.analysis.stats.Robust;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The evaluation's numbers: false positives per workload over the clean runs, recall per fault,
 * length and rate, the smallest rate found, attribution accuracy, and the targets.
 * Recall counts {@code LEAK} verdicts (the verdict that fails a build); {@code SUSPECT} is shown
 * beside it, never counted as found.
 */
public final class DetectionSummary {
    /** Clean runs a workload needs before its false-positive figure is the evidence. */
    public static final int CLEAN_RUNS_WANTED = 20;
    /** At most this share of a workload's clean runs may be SUSPECT. */
    public static final double SUSPECT_SHARE = 0.05;
    /** The leak rate, in operations per leak, the quick suite must find. */
    public static final long QUICK_TARGET = 100_000;
    /** The leak rate the 5-minute run must find. */
    public static final long LONG_TARGET = 10_000_000;
    /** The share of detected runs that must name the fault's own root or class first. */
    public static final double ATTRIBUTION_TARGET = 0.95;
    /** The length label of the quick suite's runs. */
    public static final String QUICK = "quick";
    /** The length label of the 5-minute runs. */
    public static final String LONG = "5m";

    /**
     * Verdict counts of one workload's clean runs.
     *
     * @param benchmark the workload
     * @param runs analysed runs
     * @param leak LEAK verdicts (false positives)
     * @param suspect SUSPECT verdicts
     * @param bounded BOUNDED_GROWTH verdicts
     * @param stable STABLE verdicts
     * @param notAnalysed runs that failed or left no result
     * @param leakMetrics the metrics of the false LEAKs and SUSPECTs, with counts
     */
    public record Clean(
            String benchmark,
            int runs,
            int leak,
            int suspect,
            int bounded,
            int stable,
            int notAnalysed,
            Map<String, Integer> leakMetrics) {
        /** SUSPECT share of the analysed runs. */
        public double suspectShare() {
            return runs == 0 ? Double.NaN : (double) suspect / runs;
        }
    }

    /**
     * The runs of one fault on one workload at one length and rate.
     *
     * @param fault the fault
     * @param benchmark the workload
     * @param length quick or 5m
     * @param opsPerLeak the nominal rate
     * @param faultEvery the faultEvery parameter (the most common, if runs differ)
     * @param runs analysed runs
     * @param leak LEAK verdicts
     * @param suspect SUSPECT verdicts
     * @param notAnalysed runs that failed or left no result
     * @param ownFirst LEAK runs that named the fault's own root or class first
     * @param leaks median leaks made during the measurement
     * @param ops median operations measured
     * @param trueBytesPerOp median true slope of the fault's root (B/op)
     * @param heapSlope median heap.retained slope (B/op)
     * @param detectableHeap median smallest heap slope the run could call growth (B/op), from heap rows
     * @param detectableOpsPerObject median rarest object leak the class counts could find (ops per object)
     * @param metrics the representative metrics of the LEAK runs, with counts
     */
    public record Cell(
            String fault,
            String benchmark,
            String length,
            long opsPerLeak,
            long faultEvery,
            int runs,
            int leak,
            int suspect,
            int notAnalysed,
            int ownFirst,
            double leaks,
            double ops,
            double trueBytesPerOp,
            double heapSlope,
            double detectableHeap,
            double detectableOpsPerObject,
            Map<String, Integer> metrics) {
        /** LEAK share of the analysed runs, NaN without any. */
        public double recall() {
            return runs == 0 ? Double.NaN : (double) leak / runs;
        }
    }

    /**
     * Attribution of one fault's detected (LEAK) runs.
     *
     * @param fault the fault
     * @param detected LEAK runs
     * @param ownFirst of those, runs that named the fault's own root or class first
     * @param otherNames what the others named first, with counts
     */
    public record Attribution(String fault, int detected, int ownFirst, Map<String, Integer> otherNames) {
        /** The accuracy, NaN without detected runs. */
        public double accuracy() {
            return detected == 0 ? Double.NaN : (double) ownFirst / detected;
        }
    }

    /**
     * One of the targets.
     *
     * @param target what is asked
     * @param measured what was measured
     * @param met true/false, or null when the runs needed were not made
     */
    public record Target(String target, String measured, Boolean met) {}

    private final List<DetectionRow> rows;
    private final List<String> notes;

    /**
     * @param rows every evaluated run
     * @param notes what was skipped and why
     */
    public DetectionSummary(List<DetectionRow> rows, List<String> notes) {
        this.rows = List.copyOf(rows);
        this.notes = List.copyOf(notes);
    }

    /** The rows. */
    public List<DetectionRow> rows() {
        return rows;
    }

    /** Notes (skipped directories). */
    public List<String> notes() {
        return notes;
    }

    /** Clean-run verdicts per workload, by workload name. */
    public List<Clean> clean() {
        Map<String, List<DetectionRow>> by = new TreeMap<>();
        rows.stream()
                .filter(DetectionRow::clean)
                .forEach(r -> by.computeIfAbsent(r.benchmark(), k -> new ArrayList<>())
                        .add(r));
        List<Clean> out = new ArrayList<>();
        by.forEach((b, rs) -> {
            Map<String, Integer> metrics = new TreeMap<>();
            rs.stream()
                    .filter(r -> r.leak() || r.verdict().equals("SUSPECT"))
                    .forEach(r -> metrics.merge(r.verdict() + " " + r.metric(), 1, Integer::sum));
            out.add(new Clean(
                    b,
                    (int) rs.stream().filter(DetectionRow::analysed).count(),
                    count(rs, "LEAK"),
                    count(rs, "SUSPECT"),
                    count(rs, "BOUNDED_GROWTH"),
                    count(rs, "STABLE"),
                    (int) rs.stream().filter(r -> !r.analysed()).count(),
                    metrics));
        });
        return out;
    }

    private static int count(List<DetectionRow> rs, String verdict) {
        return (int) rs.stream().filter(r -> r.verdict().equals(verdict)).count();
    }

    /** The lengths fault runs were made at, quick first. */
    public List<String> lengths() {
        TreeSet<String> l = new TreeSet<>(Comparator.comparing((String s) -> !s.equals(QUICK))
                .thenComparing(s -> !s.equals(LONG))
                .thenComparing(Comparator.naturalOrder()));
        rows.stream().filter(r -> !r.clean()).forEach(r -> l.add(r.length()));
        return List.copyOf(l);
    }

    /** The rates (operations per leak) fault runs were made at, ascending. */
    public List<Long> rates(String length) {
        return rows.stream()
                .filter(r -> !r.clean() && r.length().equals(length))
                .map(DetectionRow::opsPerLeak)
                .distinct()
                .sorted()
                .toList();
    }

    /** The (fault, workload) pairs of the fault runs, in ground-truth order. */
    public List<String[]> faults() {
        List<String[]> out = new ArrayList<>();
        List<String> order =
                GroundTruth.all().stream().map(GroundTruth.Truth::fault).toList();
        rows.stream()
                .filter(r -> !r.clean())
                .sorted(Comparator.comparingInt(
                                (DetectionRow r) -> order.contains(r.fault()) ? order.indexOf(r.fault()) : 99)
                        .thenComparing(DetectionRow::fault)
                        .thenComparing(DetectionRow::benchmark))
                .forEach(r -> {
                    if (out.stream().noneMatch(p -> p[0].equals(r.fault()) && p[1].equals(r.benchmark()))) {
                        out.add(new String[] {r.fault(), r.benchmark()});
                    }
                });
        return out;
    }

    /** The cell of a fault on a workload at a length and rate, or null when no run was made. */
    public Cell cell(String fault, String benchmark, String length, long opsPerLeak) {
        List<DetectionRow> rs = rows.stream()
                .filter(r -> r.fault().equals(fault)
                        && r.benchmark().equals(benchmark)
                        && r.length().equals(length)
                        && r.opsPerLeak() == opsPerLeak)
                .toList();
        if (rs.isEmpty()) {
            return null;
        }
        List<DetectionRow> ok = rs.stream().filter(DetectionRow::analysed).toList();
        Map<String, Integer> metrics = new TreeMap<>();
        ok.stream().filter(DetectionRow::leak).forEach(r -> metrics.merge(r.metric(), 1, Integer::sum));
        Map<Long, Long> everies = new TreeMap<>();
        rs.forEach(r -> everies.merge(r.faultEvery(), 1L, Long::sum));
        long every = everies.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(0L);
        return new Cell(
                fault,
                benchmark,
                length,
                opsPerLeak,
                every,
                ok.size(),
                count(ok, "LEAK"),
                count(ok, "SUSPECT"),
                rs.size() - ok.size(),
                (int) ok.stream()
                        .filter(r -> r.leak() && Boolean.TRUE.equals(r.attributedFirst()))
                        .count(),
                median(ok, DetectionRow::leaks),
                median(ok, DetectionRow::ops),
                median(ok, DetectionRow::trueBytesPerOp),
                median(ok, DetectionRow::heapSlope),
                median(
                        ok.stream()
                                .filter(r -> r.metric().equals("heap.retained"))
                                .toList(),
                        DetectionRow::detectableSlope),
                median(ok, DetectionRow::detectableOpsPerObject),
                metrics);
    }

    /** Every cell of a length, fault-major, rates ascending. */
    public List<Cell> cells(String length) {
        List<Cell> out = new ArrayList<>();
        for (String[] f : faults()) {
            for (long rate : rates(length)) {
                Cell c = cell(f[0], f[1], length, rate);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static double median(List<DetectionRow> rs, ToDoubleFunction<DetectionRow> f) {
        double[] v = rs.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        return v.length == 0 ? Double.NaN : Robust.median(v);
    }

    /**
     * The rarest leak (largest operations per leak) at which every run of the fault at that length
     * was a LEAK, with every more frequent rate measured also found in all its runs; 0 when even the
     * most frequent rate was missed, -1 when there are no runs.
     */
    public long smallestRateFound(String fault, String benchmark, String length) {
        long found = -1;
        for (long rate : rates(length)) {
            Cell c = cell(fault, benchmark, length, rate);
            if (c == null || c.runs() == 0) {
                continue;
            }
            if (c.leak() == c.runs()) {
                found = rate;
            } else {
                return found < 0 ? 0 : found;
            }
        }
        return found;
    }

    /** The bins of {@link #byLeaks}: lower bounds of the leaks made during a run's measurement. */
    public static final long[] LEAK_BINS = {0, 1, 3, 5, 10, 20, 50};

    /**
     * Recall of one heap fault by how many objects it leaked during the measurement, over every
     * length and rate: the rate decides the leaks only through the operations a run managed, so
     * this is the floor independent of the workload's throughput (and of a machine's load).
     *
     * @param fault the fault
     * @param benchmark its workload
     * @param runs analysed runs per bin of {@link #LEAK_BINS}
     * @param leak LEAK runs per bin
     * @param mostMissed the most leaks a run that was not a LEAK made; -1 when every run was found
     * @param fewestAlwaysFound the fewest leaks of a run above {@code mostMissed}: every run with at
     *     least this many was a LEAK; -1 when no run made more than {@code mostMissed}
     */
    public record ByLeaks(
            String fault, String benchmark, int[] runs, int[] leak, long mostMissed, long fewestAlwaysFound) {}

    /** Recall by leaks made in the measurement, per heap fault with counted leaks. */
    public List<ByLeaks> byLeaks() {
        List<ByLeaks> out = new ArrayList<>();
        for (String[] f : faults()) {
            if (GroundTruth.all().stream().noneMatch(t -> t.fault().equals(f[0]) && t.holdsPerLeak())) {
                continue;
            }
            List<DetectionRow> rs = rows.stream()
                    .filter(r -> r.fault().equals(f[0])
                            && r.benchmark().equals(f[1])
                            && r.analysed()
                            && Double.isFinite(r.leaks()))
                    .toList();
            if (rs.isEmpty()) {
                continue;
            }
            int[] runs = new int[LEAK_BINS.length];
            int[] leak = new int[LEAK_BINS.length];
            for (DetectionRow r : rs) {
                int b = LEAK_BINS.length - 1;
                while (r.leaks() < LEAK_BINS[b]) {
                    b--;
                }
                runs[b]++;
                leak[b] += r.leak() ? 1 : 0;
            }
            // the largest leak count a run missed: every run above it was found
            double missedMost = rs.stream()
                    .filter(r -> !r.leak())
                    .mapToDouble(DetectionRow::leaks)
                    .max()
                    .orElse(-1);
            long fewest =
                    rs.stream().filter(r -> r.leaks() > missedMost).mapToDouble(DetectionRow::leaks).min().stream()
                            .mapToLong(v -> (long) Math.ceil(v))
                            .findFirst()
                            .orElse(-1L);
            out.add(new ByLeaks(f[0], f[1], runs, leak, Math.round(missedMost), fewest));
        }
        return out;
    }

    /** Attribution per fault over its LEAK runs (all lengths and rates). */
    public List<Attribution> attribution() {
        List<Attribution> out = new ArrayList<>();
        List<String> faults = faults().stream().map(f -> f[0]).distinct().toList();
        for (String fault : faults) {
            List<DetectionRow> det = rows.stream()
                    .filter(r -> r.fault().equals(fault) && r.leak())
                    .toList();
            Map<String, Integer> other = new TreeMap<>();
            det.stream()
                    .filter(r -> !Boolean.TRUE.equals(r.attributedFirst()))
                    .forEach(
                            r -> other.merge(r.firstNamed().isEmpty() ? "(nothing)" : r.firstNamed(), 1, Integer::sum));
            out.add(new Attribution(
                    fault,
                    det.size(),
                    (int) det.stream()
                            .filter(r -> Boolean.TRUE.equals(r.attributedFirst()))
                            .count(),
                    other));
        }
        return out;
    }

    /** The targets, measured. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        List<Clean> clean = clean();
        int cleanRuns = clean.stream().mapToInt(Clean::runs).sum();
        int falseLeaks = clean.stream().mapToInt(Clean::leak).sum();
        int fewest = clean.stream().mapToInt(Clean::runs).min().orElse(0);
        String few = clean.stream()
                        .filter(c -> c.runs() < CLEAN_RUNS_WANTED)
                        .map(Clean::benchmark)
                        .toList()
                        .isEmpty()
                ? ""
                : "; fewer than " + CLEAN_RUNS_WANTED + " clean runs of "
                        + String.join(
                                ", ",
                                clean.stream()
                                        .filter(c -> c.runs() < CLEAN_RUNS_WANTED)
                                        .map(Clean::benchmark)
                                        .toList());
        out.add(new Target(
                "no false LEAK in the clean runs of any workload",
                falseLeaks + " LEAK in " + cleanRuns + " clean runs of " + clean.size() + " workloads (at least "
                        + fewest + " each)" + few + leakList(clean),
                cleanRuns == 0 ? null : falseLeaks == 0));
        List<String> over = new ArrayList<>();
        double worst = 0;
        for (Clean c : clean) {
            if (c.runs() > 0) {
                worst = Math.max(worst, c.suspectShare());
                if (c.suspectShare() > SUSPECT_SHARE) {
                    over.add(c.benchmark() + " " + c.suspect() + "/" + c.runs());
                }
            }
        }
        out.add(new Target(
                "SUSPECT in at most 5% of any workload's clean runs",
                "worst " + pct(worst) + (over.isEmpty() ? "" : " (" + String.join(", ", over) + ")"),
                cleanRuns == 0 ? null : over.isEmpty()));
        out.add(rateTarget(QUICK, QUICK_TARGET, "in the quick suite"));
        out.add(rateTarget(LONG, LONG_TARGET, "in a 5-minute run"));
        int detected = 0;
        int own = 0;
        for (Attribution a : attribution()) {
            detected += a.detected();
            own += a.ownFirst();
        }
        out.add(new Target(
                "the fault's own root or class named first in at least 95% of detected runs",
                own + "/" + detected + " = " + pct(detected == 0 ? Double.NaN : (double) own / detected) + perFault(),
                detected == 0 ? null : own >= ATTRIBUTION_TARGET * detected));
        return out;
    }

    private static String leakList(List<Clean> clean) {
        List<String> l = new ArrayList<>();
        for (Clean c : clean) {
            if (c.leak() > 0) {
                l.add(c.benchmark() + " " + c.leak() + " ("
                        + c.leakMetrics().entrySet().stream()
                                .filter(e -> e.getKey().startsWith("LEAK "))
                                .map(e -> e.getKey().substring(5) + " x" + e.getValue())
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + ")");
            }
        }
        return l.isEmpty() ? "" : ": " + String.join("; ", l);
    }

    private String perFault() {
        List<String> l = new ArrayList<>();
        for (Attribution a : attribution()) {
            if (a.detected() > 0) {
                l.add(a.fault() + " " + a.ownFirst() + "/" + a.detected());
            }
        }
        return l.isEmpty() ? "" : " (" + String.join(", ", l) + ")";
    }

    /**
     * Met when every heap and off-heap fault was measured at the rate and found in all its runs;
     * not met as soon as one measured run missed; otherwise (some fault not measured) open.
     */
    private Target rateTarget(String length, long rate, String where) {
        List<String> parts = new ArrayList<>();
        boolean missed = false;
        boolean unmeasured = false;
        List<String[]> judged = new ArrayList<>();
        for (GroundTruth.Truth t : GroundTruth.all()) {
            if (!t.holdsPerLeak()) {
                continue;
            }
            List<String[]> on =
                    faults().stream().filter(f -> f[0].equals(t.fault())).toList();
            if (on.isEmpty()) {
                parts.add(t.fault() + " not run");
                unmeasured = true;
            }
            judged.addAll(on);
        }
        for (String[] f : judged) {
            Cell c = cell(f[0], f[1], length, rate);
            long floor = smallestRateFound(f[0], f[1], length);
            String floorText = floor < 0
                    ? ""
                    : floor == 0 ? ", found at no measured rate" : ", all found down to 1/" + rateLabel(floor);
            if (c == null || c.runs() == 0) {
                parts.add(f[0] + " not measured" + floorText);
                unmeasured = true;
                continue;
            }
            List<String> missedLeaks = rows.stream()
                    .filter(r -> r.fault().equals(f[0])
                            && r.benchmark().equals(f[1])
                            && r.length().equals(length)
                            && r.opsPerLeak() == rate
                            && r.analysed()
                            && !r.leak()
                            && Double.isFinite(r.leaks()))
                    .map(r -> Long.toString(Math.round(r.leaks())))
                    .toList();
            parts.add(f[0] + " " + c.leak() + "/" + c.runs()
                    + (missedLeaks.isEmpty()
                            ? ""
                            : " (the missed " + (missedLeaks.size() == 1 ? "run" : "runs") + " leaked "
                                    + String.join(", ", missedLeaks) + " objects in "
                                    + (missedLeaks.size() == 1 ? "its" : "their")
                                    + " measurement)")
                    + floorText);
            missed |= c.leak() < c.runs();
        }
        Boolean met = missed ? Boolean.FALSE : unmeasured ? null : Boolean.TRUE;
        return new Target(
                "every heap fault LEAK at 1 leaked object per " + rateLabel(rate) + " operations " + where,
                String.join("; ", parts),
                met);
    }

    /** 100, 1e3 ... 1e7 style label of a rate. */
    public static String rateLabel(long rate) {
        if (rate < 1000) {
            return Long.toString(rate);
        }
        double e = Math.log10(rate);
        if (Math.abs(e - Math.rint(e)) < 1e-9) {
            return "1e" + (long) Math.rint(e);
        }
        return String.format(java.util.Locale.ROOT, "%.3g", (double) rate)
                .replace("e+0", "e")
                .replace("e+", "e");
    }

    /** A percentage, "-" for NaN. */
    public static String pct(double f) {
        return Double.isFinite(f) ? String.format(java.util.Locale.ROOT, "%.1f%%", 100 * f) : "-";
    }

    /** Counts by key, most common first, as "k x n, ...". */
    static String counts(Map<String, Integer> m) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        m.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        List<String> l = new ArrayList<>();
        sorted.forEach((k, v) -> l.add(v > 1 ? k + " x" + v : k));
        return String.join(", ", l);
    }
}
