package dev.leakbench.analysis.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JMH JSON result file (JMH 1.37; also older files whose secondary labels start with
 * a middle dot). Metrics of other profilers are kept as scores; a metric in the LeakProfiler's
 * namespace that is not in docs/design.md's vocabulary is an error.
 *
 * <p>The file is streamed one result at a time, and of a result only what the checks use is kept:
 * the per-iteration {@code rawData} of a metric as a {@code double[]} per fork (a JMH soak or a big
 * suite writes millions of them, one a line), the few other fields as small trees. Memory is the
 * numbers of one result, not the text of the file.
 */
final class JmhJsonReader {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;
    private final RunSet into;

    private JmhJsonReader(Path file, RunSet into) {
        this.file = file;
        this.into = into;
    }

    /** Reads {@code file} into {@code into}. */
    static void read(Path file, RunSet into, Map<SeriesKey, String> scoreOwners) throws IOException, BadInputException {
        new JmhJsonReader(file, into).read(scoreOwners);
    }

    private void read(Map<SeriesKey, String> scoreOwners) throws IOException, BadInputException {
        Map<SeriesKey, Long> seen = new HashMap<>();
        try (JsonParser p = mapper.createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadInputException(file, 0, null, "empty file: expected a JSON array of JMH results");
            }
            if (t != JsonToken.START_ARRAY) {
                throw new BadInputException(
                        file,
                        p.currentTokenLocation().getLineNr(),
                        null,
                        "expected a JSON array of JMH results, found " + t.asString());
            }
            int index = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new BadInputException(
                            file,
                            p.currentLocation().getLineNr(),
                            null,
                            "truncated JSON: the array of results is not closed");
                }
                long line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw new BadInputException(file, line, "/" + index, "expected a benchmark result object");
                }
                Entry node = readEntry(p);
                SeriesKey key = entry(node, index, line);
                Long prev = seen.put(key, line);
                if (prev != null) {
                    throw new BadInputException(
                            file, line, "/" + index, "duplicate result for " + key + " (also at line " + prev + ")");
                }
                String owner = scoreOwners.putIfAbsent(key, file.toString());
                if (owner != null) {
                    throw new BadInputException(
                            file, line, "/" + index, "duplicate result for " + key + ": already read from " + owner);
                }
                index++;
            }
            if (index == 0) {
                throw new BadInputException(
                        file, p.currentTokenLocation().getLineNr(), null, "the array holds no benchmark results");
            }
            if (p.nextToken() != null) {
                throw new BadInputException(
                        file,
                        p.currentTokenLocation().getLineNr(),
                        null,
                        "unexpected content after the array of results");
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String field = null;
            if (e.getProcessor() instanceof JsonParser jp && jp.getParsingContext() != null) {
                field = jp.getParsingContext().pathAsPointer().toString();
            }
            throw new BadInputException(
                    file.toString(),
                    loc == null ? 0 : loc.getLineNr(),
                    field == null || field.isEmpty() ? null : field,
                    "malformed or truncated JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    private SeriesKey entry(Entry node, int index, long line) throws BadInputException {
        String at = "/" + index;
        String benchmark = text(node.benchmark, at, "benchmark", line);
        String mode = text(node.mode, at, "mode", line);
        int threads = node.threads != null ? threads(node.threads, at + "/threads", line) : 1;
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode pn = node.params;
        if (pn != null && !pn.isNull()) {
            if (!pn.isObject()) {
                throw error(at + "/params", line, "expected an object of parameter values");
            }
            for (Map.Entry<String, JsonNode> e : pn.properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        SeriesKey key = new SeriesKey(benchmark, Params.of(params));
        if (!(node.primaryMetric instanceof Metric pm)) {
            throw error(at + "/primaryMetric", line, "missing: every JMH result has a primaryMetric");
        }
        Score primary = score(pm, at + "/primaryMetric", line, Metrics.SCORE);
        Map<String, Score> secondary = new LinkedHashMap<>();
        Object sm = node.secondaryMetrics;
        if (sm != null && !(sm instanceof JsonNode n && n.isNull())) {
            if (!(sm instanceof Map<?, ?> metricsByLabel)) {
                throw error(at + "/secondaryMetrics", line, "expected an object");
            }
            for (Map.Entry<?, ?> e : metricsByLabel.entrySet()) {
                String label = (String) e.getKey();
                String name = Metrics.normalise(label);
                String path = at + "/secondaryMetrics/" + JsonLocator.segment(label);
                boolean ours = Metrics.isKnown(name) || name.equals(Metrics.ALLOC);
                if (!ours && Metrics.inOurNamespace(name)) {
                    throw error(
                            path,
                            line,
                            "unknown metric '" + name + "' (LeakProfiler metrics are heap.retained, "
                                    + "ops.cumulative, root.<name>, threads.live, fds.open, rss, buffers.direct, metaspace, gauge.<name>)");
                }
                if (!(e.getValue() instanceof Metric metric)) {
                    throw error(path, line, "expected a metric object");
                }
                Score s;
                if (ours) {
                    s = score(metric, path, line, name);
                } else {
                    s = lenientScore(metric);
                    if (s == null) {
                        continue; // another profiler's metric we cannot use; it does not matter here
                    }
                }
                if (secondary.put(name, s) != null) {
                    throw error(
                            path, line, "metric '" + name + "' appears twice (with and without the '\u00b7' prefix)");
                }
            }
        }
        BenchmarkRun run = into.run(key);
        run.setScores(file.toString(), mode, threads, primary, secondary);
        addTrials(run, secondary, at, line);
        return key;
    }

    /** Builds per-fork trials from the LeakProfiler metrics' raw data. */
    private void addTrials(BenchmarkRun run, Map<String, Score> secondary, String at, long line)
            throws BadInputException {
        String reference = secondary.containsKey(Metrics.HEAP) ? Metrics.HEAP : null;
        if (reference == null) {
            for (String name : secondary.keySet()) {
                if (Metrics.isKnown(name)
                        && Metrics.isAnalysed(name)
                        && !secondary.get(name).raw().isEmpty()) {
                    reference = name;
                    break;
                }
            }
        }
        if (reference == null || secondary.get(reference).raw().isEmpty()) {
            return;
        }
        List<double[]> ref = secondary.get(reference).raw();
        // the trials share the scores' arrays: nothing changes them after reading, and a copy would
        // double the memory of a long run
        for (int fork = 0; fork < ref.size(); fork++) {
            int n = ref.get(fork).length;
            double[] ops = null;
            Score opsScore = secondary.get(Metrics.OPS);
            if (opsScore != null && !opsScore.raw().isEmpty()) {
                if (opsScore.raw().size() != ref.size() || opsScore.raw().get(fork).length != n) {
                    throw error(
                            at + "/secondaryMetrics/" + Metrics.OPS + "/rawData/" + fork,
                            line,
                            "has "
                                    + (fork < opsScore.raw().size()
                                            ? opsScore.raw().get(fork).length
                                            : 0) + " iterations but " + reference + " has " + n);
                }
                ops = opsScore.raw().get(fork);
            }
            if (ops == null) {
                ops = new double[n];
                Arrays.fill(ops, Double.NaN);
            }
            Map<String, double[]> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, Score> e : secondary.entrySet()) {
                String name = e.getKey();
                if (!Metrics.isKnown(name)
                        || name.equals(Metrics.OPS)
                        || e.getValue().raw().isEmpty()) {
                    continue;
                }
                List<double[]> raw = e.getValue().raw();
                if (raw.size() != ref.size() || raw.get(fork).length != n) {
                    into.warn(file + ": " + run.key() + ": " + name + " has a different number of iterations than "
                            + reference + " in fork " + (fork + 1) + "; its per-iteration series is not used");
                    continue;
                }
                metrics.put(name, raw.get(fork));
            }
            run.addTrial(new Trial(file.toString(), ops, new boolean[n], metrics), false);
        }
    }

    /**
     * A metric object of {@code metric} (the primary score is {@link Metrics#SCORE}): every value is
     * checked by {@link Metrics#impossible}, so NaN, which JMH writes as the string "NaN", is
     * accepted only where it means "not measured" (LeakProfiler gauges and roots, in that iteration
     * or, as the score, in all of them); the score error may be NaN (JMH's for a single sample).
     * {@code ops.cumulative} must not decrease within a fork.
     */
    private Score score(Metric m, String path, long line, String metric) throws BadInputException {
        boolean missingAllowed = Metrics.mayBeMissing(metric);
        double value = value(m.score, path + "/score", line, metric, missingAllowed);
        JsonNode errNode = m.scoreError;
        double err = Double.NaN;
        if (errNode != null) {
            err = numberOrNaN(errNode, path + "/scoreError", line);
            String why = Metrics.impossibleError(err, errNode.asText());
            if (why != null) {
                throw error(path + "/scoreError", line, why);
            }
        }
        JsonNode unitNode = m.scoreUnit;
        if (unitNode == null || !unitNode.isTextual()) {
            throw error(path + "/scoreUnit", line, "missing or not text");
        }
        List<double[]> raw = new ArrayList<>();
        Object rd = m.rawData;
        if (rd != null) {
            if (!(rd instanceof List<?> forks)) {
                throw error(path + "/rawData", line, "expected an array of arrays (forks x iterations)");
            }
            boolean ops = metric.equals(Metrics.OPS);
            for (int f = 0; f < forks.size(); f++) {
                if (!(forks.get(f) instanceof Fork fork)) {
                    throw error(path + "/rawData/" + f, line, "expected an array of per-iteration values");
                }
                double[] values = fork.values();
                for (int i = 0; i < values.length; i++) {
                    double d = values[i];
                    // a plain number that is finite and not negative is what every metric may be (see
                    // Metrics.impossible); anything else takes the checks of a single value
                    if (!(fork.plain(i) && d >= 0 && d < Double.POSITIVE_INFINITY)) {
                        d = value(fork.node(i), path + "/rawData/" + f + "/" + i, line, metric, missingAllowed);
                        values[i] = d;
                    }
                    if (ops && i > 0 && d < values[i - 1]) {
                        throw error(
                                path + "/rawData/" + f + "/" + i,
                                line,
                                "decreases (" + fork.node(i).asText() + " after "
                                        + fork.node(i - 1).asText() + "); it counts operations since the trial began");
                    }
                }
                raw.add(values);
            }
        }
        return new Score(value, err, unitNode.asText(), raw);
    }

    /** One value of {@code metric}: a number, or NaN where the metric may be missing ({@link Metrics#mayBeMissing}). */
    private double value(JsonNode v, String path, long line, String metric, boolean missingAllowed)
            throws BadInputException {
        double d = missingAllowed ? numberOrNaN(v, path, line) : finite(v, path, line);
        String why = Metrics.impossible(metric, d, v::asText);
        if (why != null) {
            throw error(path, line, why);
        }
        return d;
    }

    /** JMH's thread count: a whole number >= 1. */
    private int threads(JsonNode v, String path, long line) throws BadInputException {
        double d = finite(v, path, line);
        if (d < 1 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
            throw error(path, line, "not a thread count (a whole number >= 1): '" + v.asText() + "'");
        }
        return (int) d;
    }

    private static Score lenientScore(Metric m) {
        JsonNode s = m.score;
        JsonNode u = m.scoreUnit;
        if (s == null || !s.isNumber() || u == null || !Double.isFinite(s.asDouble())) {
            return null;
        }
        JsonNode e = m.scoreError;
        double err = e != null && e.isNumber() ? e.asDouble() : Double.NaN;
        return new Score(s.asDouble(), err, u.asText(), List.of());
    }

    private String text(JsonNode v, String at, String field, long line) throws BadInputException {
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw error(at + "/" + field, line, "missing or not a non-empty string");
        }
        return v.asText();
    }

    private double finite(JsonNode v, String path, long line) throws BadInputException {
        if (v == null || v.isNull()) {
            throw error(path, line, "missing: a number is required");
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw error(path, line, "'" + v.asText() + "' is out of range");
            }
            return d;
        }
        return Cells.finite(v.asText(), () -> error(path, line, ""));
    }

    private double numberOrNaN(JsonNode v, String path, long line) throws BadInputException {
        if (v != null && v.isTextual() && v.asText().equalsIgnoreCase("NaN")) {
            return Double.NaN;
        }
        return finite(v, path, line);
    }

    /** Of one result, the fields {@link #entry} checks, as JMH wrote them (null when absent). */
    private static final class Entry {
        JsonNode benchmark;
        JsonNode mode;
        JsonNode threads;
        JsonNode params;
        /** A {@link Metric}, or the JSON value when it is not an object. */
        Object primaryMetric;
        /** The metrics by label in the file's order ({@link Metric}s, or JSON values that are not objects), or the JSON value when it is not an object. */
        Object secondaryMetrics;
    }

    /** Of one metric object, the fields {@link #score} checks (null when absent). */
    private static final class Metric {
        JsonNode score;
        JsonNode scoreError;
        JsonNode scoreUnit;
        /** A list of {@link Fork}s (or JSON values that are not arrays), or the JSON value when it is not an array. */
        Object rawData;
    }

    /**
     * One fork of a metric's {@code rawData}: its values as doubles. A value that is not a JSON
     * number JMH writes as a double ({@code 123.0}) or a small integer keeps its JSON node, for the
     * checks and the message; a value that is not a number at all counts as NaN until checked.
     */
    static final class Fork {
        private static final byte DOUBLE = 0;
        private static final byte INT = 1;
        private static final byte NAN_TEXT = 2;
        private static final byte OTHER = 3;
        private static final JsonNode NAN = TextNode.valueOf("NaN");

        private double[] values;
        private byte[] kinds;
        private Map<Integer, JsonNode> others;
        private int size;

        Fork(int capacity) {
            values = new double[Math.max(capacity, 4)];
        }

        private void add(double v, byte kind) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1) + 16);
                if (kinds != null) {
                    kinds = Arrays.copyOf(kinds, values.length);
                }
            }
            if (kind != DOUBLE && kinds == null) {
                kinds = new byte[values.length];
            }
            if (kinds != null) {
                kinds[size] = kind;
            }
            values[size++] = v;
        }

        private void add(JsonNode node) {
            if (others == null) {
                others = new HashMap<>();
            }
            others.put(size, node);
            add(Double.NaN, OTHER);
        }

        /** The values, trimmed (the same array on every call); NaN for what is not a plain number. */
        double[] values() {
            if (values.length != size) {
                values = Arrays.copyOf(values, size);
            }
            return values;
        }

        /** True when value {@code i} was a number JMH writes as a double, or an int. */
        boolean plain(int i) {
            return kinds == null || kinds[i] <= INT;
        }

        /** Value {@code i} as the JSON node a tree of the file would have. */
        JsonNode node(int i) {
            byte kind = kinds == null ? DOUBLE : kinds[i];
            return switch (kind) {
                case DOUBLE -> DoubleNode.valueOf(values[i]);
                case INT -> IntNode.valueOf((int) values[i]);
                case NAN_TEXT -> NAN;
                default -> others.get(i);
            };
        }
    }

    /**
     * Reads one result object ({@code p} at its START_OBJECT) into an {@link Entry}, skipping what
     * the checks do not look at. As in a tree of the file, a repeated field counts with its last value.
     */
    private Entry readEntry(JsonParser p) throws IOException {
        Entry e = new Entry();
        int capacity = 16;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "benchmark" -> e.benchmark = mapper.readTree(p);
                case "mode" -> e.mode = mapper.readTree(p);
                case "threads" -> e.threads = mapper.readTree(p);
                case "params" -> e.params = mapper.readTree(p);
                case "measurementIterations" -> {
                    // only a hint for the size of the raw data arrays (JMH writes it before them)
                    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        capacity = Math.max(16, Math.min(p.getIntValue(), 1 << 24));
                    } else {
                        p.skipChildren();
                    }
                }
                case "primaryMetric" ->
                    e.primaryMetric = t == JsonToken.START_OBJECT ? readMetric(p, true, capacity) : mapper.readTree(p);
                case "secondaryMetrics" -> {
                    if (t == JsonToken.START_OBJECT) {
                        Map<String, Object> byLabel = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String label = p.currentName();
                            String metric = Metrics.normalise(label);
                            boolean ours = Metrics.isKnown(metric) || metric.equals(Metrics.ALLOC);
                            // another profiler's raw data is never looked at: not kept
                            Object value = p.nextToken() == JsonToken.START_OBJECT
                                    ? readMetric(p, ours, capacity)
                                    : mapper.readTree(p);
                            byLabel.put(label, value);
                        }
                        e.secondaryMetrics = byLabel;
                    } else {
                        e.secondaryMetrics = mapper.readTree(p);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return e;
    }

    /** Reads one metric object ({@code p} at its START_OBJECT); with {@code keepRaw} false its raw data is skipped. */
    private Metric readMetric(JsonParser p, boolean keepRaw, int capacity) throws IOException {
        Metric m = new Metric();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "score" -> m.score = mapper.readTree(p);
                case "scoreError" -> m.scoreError = mapper.readTree(p);
                case "scoreUnit" -> m.scoreUnit = mapper.readTree(p);
                case "rawData" -> {
                    if (!keepRaw) {
                        p.skipChildren();
                        m.rawData = null;
                    } else if (t == JsonToken.START_ARRAY) {
                        List<Object> forks = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            forks.add(
                                    p.currentToken() == JsonToken.START_ARRAY
                                            ? readFork(p, capacity)
                                            : mapper.readTree(p));
                        }
                        m.rawData = forks;
                    } else {
                        m.rawData = mapper.readTree(p);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return m;
    }

    /** Reads one fork's array of per-iteration values ({@code p} at its START_ARRAY). */
    private Fork readFork(JsonParser p, int capacity) throws IOException {
        Fork fork = new Fork(capacity);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NUMBER_FLOAT && p.getNumberType() == JsonParser.NumberType.DOUBLE) {
                fork.add(p.getDoubleValue(), Fork.DOUBLE);
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                fork.add(p.getIntValue(), Fork.INT);
            } else if (t == JsonToken.VALUE_STRING && p.getText().equals("NaN")) {
                fork.add(Double.NaN, Fork.NAN_TEXT); // JMH's "not measured in this iteration"
            } else {
                fork.add(mapper.readTree(p));
            }
        }
        return fork;
    }

    private BadInputException error(String pointer, long entryLine, String message) {
        long line = JsonLocator.lineOf(mapper.getFactory(), file, pointer, entryLine);
        return new BadInputException(file, line, pointer, message);
    }
}
