package dev.leakbench.analysis.measure;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Writes big, realistic inputs for timing leakcheck on them (issue 10, "Big inputs"); not a test.
 * Seeded, so the same arguments give the same bytes.
 *
 * <pre>
 * mvn -B -ntp -o -q -pl analysis test-compile
 * java -cp analysis/target/test-classes dev.leakbench.analysis.measure.BigInputs series OUT.csv [SETS [ITERATIONS [counts]]]
 * java -cp analysis/target/test-classes dev.leakbench.analysis.measure.BigInputs json OUT.json [SETS [FORKS [ITERATIONS]]]
 * </pre>
 *
 * <ul>
 *   <li>{@code series}: a LeakProfiler series CSV with the 25 columns of a soak ({@code SETS}
 *   benchmark/parameter sets, default 50, each with 5 warmup rows and {@code ITERATIONS} measurement
 *   rows, default 14,500: about 200 MB), as one interval per row of a long run writes it. Every
 *   seventh set leaks a little (heap, a root and a gauge grow with the operations); {@code rss} is
 *   sometimes not measured (an empty cell). With {@code counts} (and one set) also
 *   {@code OUT.class-counts.csv} beside it: 1,500 classes in the first snapshot, then about 30
 *   changed classes an iteration, as the profiler's class histogram writes them.</li>
 *   <li>{@code json}: JMH 1.37 JSON as {@code -rf json} pretty-prints it (one raw value a line),
 *   {@code SETS} results (default 46) of {@code FORKS} forks (default 5) x {@code ITERATIONS}
 *   measurement iterations (default 1,000), each with the LeakProfiler's 19 secondary metrics and
 *   {@code -prof gc}'s 4 (about 200 MB); every seventh result leaks.</li>
 * </ul>
 */
public final class BigInputs {
    private static final String[] BENCHMARKS = {
        "dev.leakbench.benchmarks.AuthorizationBenchmark.check",
        "dev.leakbench.benchmarks.StorageBenchmark.readWrite",
        "dev.leakbench.benchmarks.StreamingBenchmark.watch",
        "dev.leakbench.benchmarks.CacheEvictionBenchmark.churn",
        "dev.leakbench.benchmarks.MixedWorkloadBenchmark.mixed",
    };
    /** The LeakProfiler metrics after ops.cumulative and heap.retained, with a typical level and noise. */
    private static final String[] METRICS = {
        "threads.live",
        "fds.open",
        "rss",
        "buffers.direct",
        "metaspace",
        "root.cache",
        "root.engine",
        "root.listeners",
        "root.store",
        "root.decisionCache",
        "gauge.cache.entries",
        "gauge.changelog.entries",
        "gauge.listeners.registered",
        "gauge.revisions.pinned",
        "gauge.streams.open",
        "gauge.tuples.live",
        "gauge.versions.retained",
        "gauge.connections.active",
        "gauge.fault.leaked",
    };

    private static final double[] LEVEL = {
        8, 11, 1.2e9, 66120, 9.6e6, 1.327e6, 2.011e6, 120, 844600, 1.2e6, 10000, 4527, 0, 0, 0, 4527, 4527, 2, 0
    };
    private static final double[] NOISE = {0, 0.3, 5e6, 0, 4e4, 150, 120, 0, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 0.3, 0};
    private static final boolean[] WHOLE = {
        true, true, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true,
        true, true
    };
    private static final String[] UNIT = {
        "count", "count", "bytes", "bytes", "bytes", "bytes", "bytes", "bytes", "bytes", "bytes", "count", "count",
        "count", "count", "count", "count", "count", "count", "count"
    };
    private static final int WARMUP = 5;

    private BigInputs() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("series") || args[0].equals("json"))) {
            System.err.println(
                    "usage: BigInputs series OUT.csv [SETS [ITERATIONS]] | json OUT.json [SETS [FORKS [ITERATIONS]]]");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        if (args[0].equals("series")) {
            series(out, arg(args, 2, 50), arg(args, 3, 14_500));
            if (args.length > 4 && args[4].equals("counts")) {
                String name = out.getFileName().toString().replaceFirst("\\.csv$", "");
                Path counts = out.resolveSibling(name + ".class-counts.csv");
                classCounts(counts, arg(args, 3, 14_500), arg(args, 2, 50) % 7 == 0);
                System.out.printf(Locale.ROOT, "%s: %,d bytes%n", counts, Files.size(counts));
            }
        } else {
            json(out, arg(args, 2, 46), arg(args, 3, 5), arg(args, 4, 1_000));
        }
        System.out.printf(Locale.ROOT, "%s: %,d bytes%n", out, Files.size(out));
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static String benchmark(int set) {
        return BENCHMARKS[set % BENCHMARKS.length];
    }

    private static String params(int set) {
        boolean leaks = set % 7 == 6;
        return "documents=1000;fault=" + (leaks ? "unbounded-cache" : "none") + ";faultEvery=100;seed="
                + (set / BENCHMARKS.length + 1) + ";target=embedded;targetOptions=;users=1000";
    }

    /** Per-iteration readings of one trial: [0] ops.cumulative, [1] heap.retained, then METRICS. */
    private static final class Trial {
        final Random rnd;
        final boolean leaks;
        double ops;
        final double opsPerIteration;

        Trial(long seed, boolean leaks) {
            this.rnd = new Random(seed);
            this.leaks = leaks;
            this.opsPerIteration = 400_000 + rnd.nextInt(400_000);
        }

        /** The next iteration's values; NaN where not measured. */
        double[] next(double[] v) {
            ops += Math.floor(opsPerIteration * (0.9 + 0.2 * rnd.nextDouble()));
            v[0] = ops;
            double leaked = leaks ? Math.floor(ops / 10_000) : 0; // one ~90-byte entry per 10,000 ops
            v[1] = Math.floor(9.58e6 + rnd.nextGaussian() * 2000 + leaked * 90);
            for (int m = 0; m < METRICS.length; m++) {
                double x = LEVEL[m] + rnd.nextGaussian() * NOISE[m];
                if (leaks && METRICS[m].equals("root.decisionCache")) {
                    x += leaked * 90;
                } else if (leaks
                        && (METRICS[m].equals("gauge.cache.entries") || METRICS[m].equals("gauge.fault.leaked"))) {
                    x += leaked;
                }
                x = Math.max(0, WHOLE[m] ? Math.rint(x) : Math.floor(x / 8) * 8);
                v[2 + m] = METRICS[m].equals("rss") && rnd.nextInt(100) == 0 ? Double.NaN : x;
            }
            return v;
        }
    }

    public static void series(Path out, int sets, int iterations) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("benchmark,params,iteration,phase,ops.cumulative,heap.retained");
            for (String m : METRICS) {
                w.write(',');
                w.write(m);
            }
            w.write('\n');
            double[] v = new double[2 + METRICS.length];
            StringBuilder sb = new StringBuilder(512);
            for (int set = 0; set < sets; set++) {
                Trial t = new Trial(set, set % 7 == 6);
                String prefix = benchmark(set) + "," + params(set) + ",";
                for (int i = 0; i < WARMUP + iterations; i++) {
                    boolean warmup = i < WARMUP;
                    t.next(v);
                    sb.setLength(0);
                    sb.append(prefix)
                            .append(warmup ? i + 1 : i + 1 - WARMUP)
                            .append(warmup ? ",warmup" : ",measurement");
                    for (double x : v) {
                        sb.append(',');
                        if (!Double.isNaN(x)) {
                            sb.append((long) x);
                        }
                    }
                    sb.append('\n');
                    w.append(sb);
                }
            }
        }
    }

    /** Class counts of the first set's trial (leaking when {@code leaks}: one class grows with the operations). */
    public static void classCounts(Path out, int iterations, boolean leaks) throws IOException {
        int classes = 1500;
        long[] instances = new long[classes];
        long[] size = new long[classes];
        Random rnd = new Random(42);
        for (int c = 0; c < classes; c++) {
            instances[c] = 1 + rnd.nextInt(20_000);
            size[c] = 16 + 8 * rnd.nextInt(12);
        }
        Trial t = new Trial(leaks ? 6 : 0, leaks); // the ops of set 0's trial (set 6 when leaking)
        double[] v = new double[2 + METRICS.length];
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("iteration,phase,class,instances,bytes\n");
            for (int i = 0; i < WARMUP + iterations; i++) {
                boolean warmup = i < WARMUP;
                String at = (warmup ? i + 1 : i + 1 - WARMUP) + (warmup ? ",warmup," : ",measurement,");
                t.next(v);
                if (i == 0) {
                    for (int c = 0; c < classes; c++) {
                        w.write(at + className(c) + "," + instances[c] + "," + instances[c] * size[c] + "\n");
                    }
                    continue;
                }
                java.util.BitSet changed = new java.util.BitSet();
                for (int k = 0; k < 30; k++) {
                    changed.set(rnd.nextInt(60)); // the same few dozen classes churn
                }
                if (leaks) {
                    instances[classes - 1] = (long) (v[0] / 10_000);
                    changed.set(classes - 1);
                }
                for (int c = changed.nextSetBit(0); c >= 0; c = changed.nextSetBit(c + 1)) {
                    if (c != classes - 1) {
                        instances[c] = Math.max(0, instances[c] + rnd.nextInt(201) - 100);
                    }
                    w.write(at + className(c) + "," + instances[c] + "," + instances[c] * size[c] + "\n");
                }
            }
        }
    }

    private static String className(int c) {
        return c < 60
                ? "java.util.HashMap$Node" + (c == 0 ? "" : "$" + c)
                : c == 1499 ? "dev.example.Memo$Key" : "dev.leakbench.generated.C" + c;
    }

    public static void json(Path out, int sets, int forks, int iterations) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("[\n");
            for (int set = 0; set < sets; set++) {
                // values[fork][metric][iteration], metric: 0 ops, 1 heap, 2.. METRICS, then score and gc's
                int nm = 2 + METRICS.length;
                double[][][] values = new double[forks][nm + 5][iterations];
                double[] v = new double[nm];
                for (int f = 0; f < forks; f++) {
                    Trial t = new Trial(set * 1000L + f, set % 7 == 6);
                    for (int i = 0; i < WARMUP; i++) {
                        t.next(v);
                    }
                    double lastOps = t.ops;
                    for (int i = 0; i < iterations; i++) {
                        t.next(v);
                        for (int m = 0; m < nm; m++) {
                            values[f][m][i] = v[m];
                        }
                        double score = v[0] - lastOps; // ops/s over a 1 s iteration
                        lastOps = v[0];
                        values[f][nm][i] = score;
                        values[f][nm + 1][i] = 120 + t.rnd.nextGaussian() * 10; // gc.alloc.rate MB/sec
                        values[f][nm + 2][i] = 235 + t.rnd.nextGaussian() * 4; // gc.alloc.rate.norm B/op
                        values[f][nm + 3][i] = 1 + t.rnd.nextInt(2); // gc.count
                        values[f][nm + 4][i] = 10 + t.rnd.nextInt(20); // gc.time ms
                    }
                }
                w.write(set == 0 ? "    {\n" : "    },\n    {\n");
                field(w, 8, "jmhVersion", "\"1.37\"");
                field(w, 8, "benchmark", '"' + benchmark(set) + '"');
                field(w, 8, "mode", "\"thrpt\"");
                field(w, 8, "threads", "1");
                field(w, 8, "forks", String.valueOf(forks));
                field(w, 8, "jvm", "\"/usr/lib/jvm/java-17-openjdk-amd64/bin/java\"");
                w.write("        \"jvmArgs\" : [\n            \"-Xms1g\",\n            \"-Xmx1g\"\n        ],\n");
                field(w, 8, "jdkVersion", "\"17.0.15\"");
                field(w, 8, "vmName", "\"OpenJDK 64-Bit Server VM\"");
                field(w, 8, "vmVersion", "\"17.0.15+6-Debian-1deb12u1\"");
                field(w, 8, "warmupIterations", String.valueOf(WARMUP));
                field(w, 8, "warmupTime", "\"1 s\"");
                field(w, 8, "warmupBatchSize", "1");
                field(w, 8, "measurementIterations", String.valueOf(iterations));
                field(w, 8, "measurementTime", "\"1 s\"");
                field(w, 8, "measurementBatchSize", "1");
                w.write("        \"params\" : {\n");
                String[] ps = params(set).split(";");
                for (int p = 0; p < ps.length; p++) {
                    String[] kv = ps[p].split("=", -1);
                    w.write("            \"" + kv[0] + "\" : \"" + kv[1] + "\"" + (p < ps.length - 1 ? ",\n" : "\n"));
                }
                w.write("        },\n");
                w.write("        \"primaryMetric\" : ");
                metric(w, 8, "ops/s", values, nm);
                w.write(",\n        \"secondaryMetrics\" : {\n");
                String[] names = new String[nm + 4];
                int[] index = new int[nm + 4];
                String[] units = new String[nm + 4];
                int k = 0;
                String[] all = new String[nm + 4];
                all[k++] = "ops.cumulative";
                all[k++] = "heap.retained";
                System.arraycopy(METRICS, 0, all, k, METRICS.length);
                k += METRICS.length;
                all[k++] = "gc.alloc.rate";
                all[k++] = "gc.alloc.rate.norm";
                all[k++] = "gc.count";
                all[k] = "gc.time";
                Integer[] order = new Integer[all.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> all[a].compareTo(all[b])); // JMH writes them sorted
                for (int i = 0; i < order.length; i++) {
                    int m = order[i];
                    names[i] = all[m];
                    index[i] = m < nm ? m : m + 1;
                    units[i] = m == 0
                            ? "ops"
                            : m == 1
                                    ? "bytes"
                                    : m < nm ? UNIT[m - 2] : new String[] {"MB/sec", "B/op", "counts", "ms"}[m - nm];
                }
                for (int i = 0; i < names.length; i++) {
                    w.write("            \"" + names[i] + "\" : ");
                    metric(w, 12, units[i], values, index[i]);
                    w.write(i < names.length - 1 ? ",\n" : "\n");
                }
                w.write("        }\n");
            }
            w.write("    }\n]\n");
        }
    }

    private static void field(Writer w, int indent, String name, String value) throws IOException {
        w.write(" ".repeat(indent) + "\"" + name + "\" : " + value + ",\n");
    }

    /** One JMH metric object: score, error, confidence, percentiles, unit and raw data of every fork. */
    private static void metric(Writer w, int indent, String unit, double[][][] values, int m) throws IOException {
        String in = " ".repeat(indent);
        double[] all = Arrays.stream(values)
                .flatMapToDouble(f -> Arrays.stream(f[m]))
                .filter(d -> !Double.isNaN(d))
                .toArray();
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        double sd =
                Math.sqrt(Arrays.stream(all).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, all.length - 1));
        double err = 3.29 * sd / Math.sqrt(all.length);
        Arrays.sort(all);
        w.write("{\n");
        w.write(in + "    \"score\" : " + num(mean) + ",\n");
        w.write(in + "    \"scoreError\" : " + num(err) + ",\n");
        w.write(in + "    \"scoreConfidence\" : [\n" + in + "        " + num(mean - err) + ",\n" + in + "        "
                + num(mean + err) + "\n" + in + "    ],\n");
        w.write(in + "    \"scorePercentiles\" : {\n");
        String[] qs = {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"};
        for (int q = 0; q < qs.length; q++) {
            double p = all[(int) Math.floor((all.length - 1) * Double.parseDouble(qs[q]) / 100)];
            w.write(in + "        \"" + qs[q] + "\" : " + num(p) + (q < qs.length - 1 ? ",\n" : "\n"));
        }
        w.write(in + "    },\n");
        w.write(in + "    \"scoreUnit\" : \"" + unit + "\",\n");
        w.write(in + "    \"rawData\" : [\n");
        for (int f = 0; f < values.length; f++) {
            w.write(in + "        [\n");
            double[] r = values[f][m];
            for (int i = 0; i < r.length; i++) {
                w.write(in + "            " + num(r[i]) + (i < r.length - 1 ? ",\n" : "\n"));
            }
            w.write(in + "        ]" + (f < values.length - 1 ? ",\n" : "\n"));
        }
        w.write(in + "    ]\n");
        w.write(in + "}");
    }

    /** A number as JMH's JSON writes it: NaN as the string "NaN". */
    private static String num(double d) {
        return Double.isNaN(d) ? "\"NaN\"" : Double.toString(d);
    }
}
