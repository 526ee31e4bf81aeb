package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.vocabulary.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.ScalarResult;

class MetricSetTest {

    @Test
    void columnsPutOpsAndHeapFirstThenResourcesRootsAndGauges() {
        MetricSet set = MetricSet.of(
                Set.of(
                        "gauge.b",
                        "root.z",
                        "metaspace",
                        "heap.retained",
                        "gauge.a",
                        "ops.cumulative",
                        "root.a",
                        "threads.live"),
                s -> {});
        assertEquals(
                List.of(
                        "ops.cumulative",
                        "heap.retained",
                        "threads.live",
                        "metaspace",
                        "root.a",
                        "root.z",
                        "gauge.a",
                        "gauge.b"),
                set.names());
    }

    @Test
    void aMetricMissingLaterIsReportedAsNaNOnceAndANewOneIsIgnored() {
        List<String> log = new ArrayList<>();
        MetricSet set = MetricSet.of(Set.of("heap.retained", "gauge.a"), log::add);
        List<ScalarResult> r = set.results(Map.of("heap.retained", 10L, "gauge.late", 1L), "measurement iteration 2");
        assertEquals(
                List.of("heap.retained", "gauge.a"),
                r.stream().map(ScalarResult::getLabel).toList());
        assertTrue(Double.isNaN(r.get(1).getScore()));
        set.results(Map.of("heap.retained", 10L, "gauge.late", 1L), "measurement iteration 3");
        assertEquals(2, log.size(), "one warning per metric: " + log);
        assertTrue(log.get(0).startsWith("gauge.late first appeared"), log.get(0));
    }

    @Test
    void unitsAndAggregationFollowTheDesign() {
        assertEquals("bytes", MetricNames.unit("heap.retained"));
        assertEquals("bytes", MetricNames.unit("root.cache"));
        assertEquals("count", MetricNames.unit("gauge.streams.open"));
        assertEquals("count", MetricNames.unit("fds.open"));
        assertEquals("ops", MetricNames.unit("ops.cumulative"));
        assertEquals(AggregationPolicy.MAX, MetricSet.policy("ops.cumulative"));
        assertEquals(AggregationPolicy.AVG, MetricSet.policy("heap.retained"));
    }

    @Test
    void rootAndGaugeNamesAreMadeAcceptableToLeakcheck() {
        assertEquals("gauge.connections.active", MetricNames.gauge("connections.active"));
        assertEquals("root.decision_cache", MetricNames.root("decision cache"));
        assertEquals("root._.hidden", MetricNames.root(".hidden"));
    }
}
