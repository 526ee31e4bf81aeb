package dev.leakbench.analysis.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JMH JSON result file (JMH 1.37; also older files whose secondary labels start with
 * a middle dot). Metrics of other profilers are kept as scores; a metric in the LeakProfiler's
 * namespace that is not in docs/design.md's vocabulary is an error.
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
                throw new BadInputException(file, p.currentTokenLocation().getLineNr(), null,
                    "expected a JSON array of JMH results, found " + t.asString());
            }
            int index = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new BadInputException(file, p.currentLocation().getLineNr(), null,
                        "truncated JSON: the array of results is not closed");
                }
                long line = p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    throw new BadInputException(file, line, "/" + index, "expected a benchmark result object");
                }
                JsonNode node = mapper.readTree(p);
                SeriesKey key = entry(node, index, line);
                Long prev = seen.put(key, line);
                if (prev != null) {
                    throw new BadInputException(file, line, "/" + index,
                        "duplicate result for " + key + " (also at line " + prev + ")");
                }
                String owner = scoreOwners.putIfAbsent(key, file.toString());
                if (owner != null) {
                    throw new BadInputException(file, line, "/" + index,
                        "duplicate result for " + key + ": already read from " + owner);
                }
                index++;
            }
            if (index == 0) {
                throw new BadInputException(file, p.currentTokenLocation().getLineNr(), null,
                    "the array holds no benchmark results");
            }
            if (p.nextToken() != null) {
                throw new BadInputException(file, p.currentTokenLocation().getLineNr(), null,
                    "unexpected content after the array of results");
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String field = null;
            if (e.getProcessor() instanceof JsonParser jp && jp.getParsingContext() != null) {
                field = jp.getParsingContext().pathAsPointer().toString();
            }
            throw new BadInputException(file.toString(), loc == null ? 0 : loc.getLineNr(),
                field == null || field.isEmpty() ? null : field,
                "malformed or truncated JSON: " + e.getOriginalMessage(), e);
        }
    }

    private SeriesKey entry(JsonNode node, int index, long line) throws BadInputException {
        String at = "/" + index;
        String benchmark = text(node, at, "benchmark", line);
        String mode = text(node, at, "mode", line);
        int threads = node.has("threads") ? threads(node.get("threads"), at + "/threads", line) : 1;
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode pn = node.get("params");
        if (pn != null && !pn.isNull()) {
            if (!pn.isObject()) {
                throw error(at + "/params", line, "expected an object of parameter values");
            }
            for (Map.Entry<String, JsonNode> e : pn.properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        SeriesKey key = new SeriesKey(benchmark, Params.of(params));
        JsonNode pm = node.get("primaryMetric");
        if (pm == null || !pm.isObject()) {
            throw error(at + "/primaryMetric", line, "missing: every JMH result has a primaryMetric");
        }
        Score primary = score(pm, at + "/primaryMetric", line, Metrics.SCORE);
        Map<String, Score> secondary = new LinkedHashMap<>();
        JsonNode sm = node.get("secondaryMetrics");
        if (sm != null && !sm.isNull()) {
            if (!sm.isObject()) {
                throw error(at + "/secondaryMetrics", line, "expected an object");
            }
            for (Map.Entry<String, JsonNode> e : sm.properties()) {
                String label = e.getKey();
                String name = Metrics.normalise(label);
                String path = at + "/secondaryMetrics/" + JsonLocator.segment(label);
                boolean ours = Metrics.isKnown(name) || name.equals(Metrics.ALLOC);
                if (!ours && Metrics.inOurNamespace(name)) {
                    throw error(path, line, "unknown metric '" + name + "' (LeakProfiler metrics are heap.retained, "
                        + "ops.cumulative, root.<name>, threads.live, fds.open, rss, buffers.direct, metaspace, gauge.<name>)");
                }
                if (!e.getValue().isObject()) {
                    throw error(path, line, "expected a metric object");
                }
                Score s;
                if (ours) {
                    s = score(e.getValue(), path, line, name);
                } else {
                    s = lenientScore(e.getValue());
                    if (s == null) {
                        continue; // another profiler's metric we cannot use; it does not matter here
                    }
                }
                if (secondary.put(name, s) != null) {
                    throw error(path, line, "metric '" + name + "' appears twice (with and without the '\u00b7' prefix)");
                }
            }
        }
        BenchmarkRun run = into.run(key);
        run.setScores(file.toString(), mode, threads, primary, secondary);
        addTrials(run, secondary, at, line);
        return key;
    }

    /** Builds per-fork trials from the LeakProfiler metrics' raw data. */
    private void addTrials(BenchmarkRun run, Map<String, Score> secondary, String at, long line) throws BadInputException {
        String reference = secondary.containsKey(Metrics.HEAP) ? Metrics.HEAP : null;
        if (reference == null) {
            for (String name : secondary.keySet()) {
                if (Metrics.isKnown(name) && Metrics.isAnalysed(name) && !secondary.get(name).raw().isEmpty()) {
                    reference = name;
                    break;
                }
            }
        }
        if (reference == null || secondary.get(reference).raw().isEmpty()) {
            return;
        }
        List<double[]> ref = secondary.get(reference).raw();
        for (int fork = 0; fork < ref.size(); fork++) {
            int n = ref.get(fork).length;
            double[] ops = new double[n];
            java.util.Arrays.fill(ops, Double.NaN);
            Score opsScore = secondary.get(Metrics.OPS);
            if (opsScore != null && !opsScore.raw().isEmpty()) {
                if (opsScore.raw().size() != ref.size() || opsScore.raw().get(fork).length != n) {
                    throw error(at + "/secondaryMetrics/" + Metrics.OPS + "/rawData/" + fork, line,
                        "has " + (fork < opsScore.raw().size() ? opsScore.raw().get(fork).length : 0)
                            + " iterations but " + reference + " has " + n);
                }
                ops = opsScore.raw().get(fork).clone();
            }
            Map<String, double[]> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, Score> e : secondary.entrySet()) {
                String name = e.getKey();
                if (!Metrics.isKnown(name) || name.equals(Metrics.OPS) || e.getValue().raw().isEmpty()) {
                    continue;
                }
                List<double[]> raw = e.getValue().raw();
                if (raw.size() != ref.size() || raw.get(fork).length != n) {
                    into.warn(file + ": " + run.key() + ": " + name + " has a different number of iterations than "
                        + reference + " in fork " + (fork + 1) + "; its per-iteration series is not used");
                    continue;
                }
                metrics.put(name, raw.get(fork).clone());
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
    private Score score(JsonNode m, String path, long line, String metric) throws BadInputException {
        boolean missingAllowed = Metrics.mayBeMissing(metric);
        double value = value(m.get("score"), path + "/score", line, metric, missingAllowed);
        JsonNode errNode = m.get("scoreError");
        double err = Double.NaN;
        if (errNode != null) {
            err = numberOrNaN(errNode, path + "/scoreError", line);
            String why = Metrics.impossibleError(err, errNode.asText());
            if (why != null) {
                throw error(path + "/scoreError", line, why);
            }
        }
        JsonNode unitNode = m.get("scoreUnit");
        if (unitNode == null || !unitNode.isTextual()) {
            throw error(path + "/scoreUnit", line, "missing or not text");
        }
        List<double[]> raw = new ArrayList<>();
        JsonNode rd = m.get("rawData");
        if (rd != null) {
            if (!rd.isArray()) {
                throw error(path + "/rawData", line, "expected an array of arrays (forks x iterations)");
            }
            for (int f = 0; f < rd.size(); f++) {
                JsonNode fork = rd.get(f);
                if (!fork.isArray()) {
                    throw error(path + "/rawData/" + f, line, "expected an array of per-iteration values");
                }
                double[] values = new double[fork.size()];
                for (int i = 0; i < values.length; i++) {
                    String at = path + "/rawData/" + f + "/" + i;
                    values[i] = value(fork.get(i), at, line, metric, missingAllowed);
                    if (metric.equals(Metrics.OPS) && i > 0 && values[i] < values[i - 1]) {
                        throw error(at, line, "decreases (" + fork.get(i).asText() + " after " + fork.get(i - 1).asText()
                            + "); it counts operations since the trial began");
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

    private static Score lenientScore(JsonNode m) {
        JsonNode s = m.get("score");
        JsonNode u = m.get("scoreUnit");
        if (s == null || !s.isNumber() || u == null || !Double.isFinite(s.asDouble())) {
            return null;
        }
        JsonNode e = m.get("scoreError");
        double err = e != null && e.isNumber() ? e.asDouble() : Double.NaN;
        return new Score(s.asDouble(), err, u.asText(), List.of());
    }

    private String text(JsonNode node, String at, String field, long line) throws BadInputException {
        JsonNode v = node.get(field);
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

    private BadInputException error(String pointer, long entryLine, String message) {
        long line = JsonLocator.lineOf(mapper.getFactory(), file, pointer, entryLine);
        return new BadInputException(file, line, pointer, message);
    }
}
