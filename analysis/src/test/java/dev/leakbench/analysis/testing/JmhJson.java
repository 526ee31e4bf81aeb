package dev.leakbench.analysis.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JMH 1.37-shaped JSON results for tests (the shape JMH's JSON result format produces). */
public final class JmhJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ArrayNode root = F.arrayNode();

    /** One benchmark entry under construction. */
    public final class Entry {
        private final ObjectNode node;
        private final ObjectNode secondary;

        private Entry(String benchmark, Map<String, String> params, String mode, String unit, double[] primary) {
            node = root.addObject();
            node.put("jmhVersion", "1.37");
            node.put("benchmark", benchmark);
            node.put("mode", mode);
            node.put("threads", 1);
            node.put("forks", 1);
            node.put("jvm", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
            node.putArray("jvmArgs").add("-Xmx2g");
            node.put("jdkVersion", "17.0.15");
            node.put("vmName", "OpenJDK 64-Bit Server VM");
            node.put("vmVersion", "17.0.15+6-Debian-1deb12u1");
            node.put("warmupIterations", 5);
            node.put("warmupTime", "10 s");
            node.put("warmupBatchSize", 1);
            node.put("measurementIterations", primary.length);
            node.put("measurementTime", "10 s");
            node.put("measurementBatchSize", 1);
            if (!params.isEmpty()) {
                ObjectNode p = node.putObject("params");
                params.forEach(p::put);
            }
            node.set("primaryMetric", metric(unit, primary));
            secondary = node.putObject("secondaryMetrics");
        }

        /** Adds a secondary metric with one fork of per-iteration values. */
        public Entry secondary(String label, String unit, double[] perIteration) {
            secondary.set(label, metric(unit, perIteration));
            return this;
        }

        /** Adds a secondary metric with several forks. */
        public Entry secondaryForks(String label, String unit, double[]... forks) {
            ObjectNode m = metric(
                    unit, Arrays.stream(forks).flatMapToDouble(Arrays::stream).toArray());
            ArrayNode raw = m.putArray("rawData");
            for (double[] f : forks) {
                ArrayNode a = raw.addArray();
                Arrays.stream(f).forEach(a::add);
            }
            secondary.set(label, m);
            return this;
        }

        /** The raw JSON node, for tests that break it on purpose. */
        public ObjectNode node() {
            return node;
        }
    }

    /** Starts a thrpt entry with ops/s primary values. */
    public Entry add(String benchmark, Map<String, String> params, double[] primary) {
        return new Entry(benchmark, new LinkedHashMap<>(params), "thrpt", "ops/s", primary);
    }

    private static ObjectNode metric(String unit, double[] values) {
        ObjectNode m = F.objectNode();
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double err = values.length > 1
                ? (Arrays.stream(values).max().getAsDouble()
                                - Arrays.stream(values).min().getAsDouble())
                        / 2
                : Double.NaN;
        m.put("score", mean);
        if (Double.isNaN(err)) {
            m.put("scoreError", "NaN");
        } else {
            m.put("scoreError", err);
        }
        ArrayNode ci = m.putArray("scoreConfidence");
        ci.add(mean - (Double.isNaN(err) ? 0 : err));
        ci.add(mean + (Double.isNaN(err) ? 0 : err));
        ObjectNode pct = m.putObject("scorePercentiles");
        double[] s = values.clone();
        Arrays.sort(s);
        for (String q :
                new String[] {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"}) {
            double h = (s.length - 1) * Double.parseDouble(q) / 100;
            pct.put(q, s.length == 0 ? 0 : s[(int) Math.floor(h)]);
        }
        m.put("scoreUnit", unit);
        ArrayNode raw = m.putArray("rawData").addArray();
        Arrays.stream(values).forEach(raw::add);
        return m;
    }

    /**
     * The same results in JMH's CSV format ({@code -rf csv}, as JMH 1.37's XSVResultFormat writes
     * it): a {@code Param:} column for every parameter of any benchmark, sorted, empty where a
     * benchmark has no such parameter (or its value is empty); a row per secondary metric named
     * {@code benchmark:label}; numbers as {@code %f}, NaN as "NaN"; CRLF line ends.
     */
    public String csv() {
        java.util.SortedSet<String> params = new java.util.TreeSet<>();
        root.forEach(n -> {
            if (n.has("params")) {
                n.get("params").fieldNames().forEachRemaining(params::add);
            }
        });
        StringBuilder sb = new StringBuilder(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\"," + "\"Score Error (99.9%)\",\"Unit\"");
        params.forEach(p -> sb.append(",\"Param: ").append(p).append('"'));
        sb.append("\r\n");
        root.forEach(n -> {
            String bench = n.get("benchmark").asText();
            csvLine(sb, bench, n, n.get("primaryMetric"), params);
            n.get("secondaryMetrics")
                    .properties()
                    .forEach(e -> csvLine(sb, bench + ":" + e.getKey(), n, e.getValue(), params));
        });
        return sb.toString();
    }

    private static void csvLine(
            StringBuilder sb,
            String label,
            com.fasterxml.jackson.databind.JsonNode entry,
            com.fasterxml.jackson.databind.JsonNode metric,
            java.util.SortedSet<String> params) {
        int samples = 0;
        for (com.fasterxml.jackson.databind.JsonNode fork : metric.get("rawData")) {
            samples += fork.size();
        }
        sb.append('"')
                .append(label)
                .append("\",\"")
                .append(entry.get("mode").asText())
                .append("\",")
                .append(entry.get("threads").asInt())
                .append(',')
                .append(samples)
                .append(',')
                .append(jmhNumber(metric.get("score")))
                .append(',')
                .append(jmhNumber(metric.get("scoreError")))
                .append(",\"")
                .append(metric.get("scoreUnit").asText())
                .append('"');
        for (String p : params) {
            sb.append(',');
            com.fasterxml.jackson.databind.JsonNode v =
                    entry.has("params") ? entry.get("params").get(p) : null;
            if (v != null) {
                sb.append(v.asText());
            }
        }
        sb.append("\r\n");
    }

    private static String jmhNumber(com.fasterxml.jackson.databind.JsonNode v) {
        double d = v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
        return String.format(java.util.Locale.ROOT, "%f", d);
    }

    /** Starts an entry with any mode and primary unit. */
    public Entry add(String benchmark, Map<String, String> params, String mode, String unit, double[] primary) {
        return new Entry(benchmark, new LinkedHashMap<>(params), mode, unit, primary);
    }

    /** Writes the file. */
    public Path write(Path file) throws IOException {
        Files.writeString(
                file,
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        return file;
    }

    /** The JSON text. */
    public String text() throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
