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
            ObjectNode m = metric(unit, Arrays.stream(forks).flatMapToDouble(Arrays::stream).toArray());
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
        double err = values.length > 1 ? (Arrays.stream(values).max().getAsDouble() - Arrays.stream(values).min().getAsDouble()) / 2 : Double.NaN;
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
        for (String q : new String[]{"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"}) {
            double h = (s.length - 1) * Double.parseDouble(q) / 100;
            pct.put(q, s.length == 0 ? 0 : s[(int) Math.floor(h)]);
        }
        m.put("scoreUnit", unit);
        ArrayNode raw = m.putArray("rawData").addArray();
        Arrays.stream(values).forEach(raw::add);
        return m;
    }

    /** Writes the file. */
    public Path write(Path file) throws IOException {
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        return file;
    }

    /** The JSON text. */
    public String text() throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
