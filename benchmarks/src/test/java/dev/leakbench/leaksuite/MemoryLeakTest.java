package dev.leakbench.leaksuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.Verdict;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CI leak suite: the seed's short memory-leak tests, measuring and asserting. Each test drives
 * its workload on the embedded engine in this JVM for the seed's operation count, in
 * {@value LeakScenario#SEGMENTS} measured segments after {@value LeakScenario#WARMUP_SEGMENTS}
 * warmup segments, reads retained heap (forced full GC), process resources, the target's gauges and
 * the open sockets after each segment, and asks the analysis module for a verdict on every series
 * ({@link SegmentedRun}). A clean test fails on any {@code LEAK}; {@code BOUNDED_GROWTH} (a cache
 * filling), {@code SUSPECT} and {@code STABLE} pass. What each scenario runs and the smallest leak it
 * can see: {@link LeakScenario}.
 *
 * <p>{@link #theSameScenarioFailsOnItsMatchingFault} proves that each test would fail: the same
 * scenario, same code, with the matching fault injected, must come out {@code LEAK} on the metric
 * the fault grows.
 *
 * <p>Tagged {@code leak-suite}: it runs in a surefire execution and JVM of its own (benchmarks/pom.xml,
 * {@code -XX:MarkSweepDeadRatio=0} so heap readings are exact), never beside other tests that would
 * move the heap. Series CSVs and {@code summary.tsv} are left in {@code benchmarks/target/leak-suite/}.
 * One test: {@code mvn -B -pl benchmarks -am verify -Dtest=MemoryLeakTest#noConnectionLeaks
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("leak-suite")
@Timeout(180)
class MemoryLeakTest {

    /** 10,000 checks: no leak in the check path, the decision cache at capacity. */
    @Test
    void noMemoryLeakInAuthorizationChecks() {
        assertNoLeak(SegmentedRun.clean(LeakScenario.AUTHORIZATION));
    }

    /** 1,000 expands: no leak in userset expansion. */
    @Test
    void noMemoryLeakInExpandOperations() {
        assertNoLeak(SegmentedRun.clean(LeakScenario.EXPAND));
    }

    /** 5,000 write/read-back cycles: the MVCC store compacts what it no longer needs. */
    @Test
    void noMemoryLeakInStorageOperations() {
        assertNoLeak(SegmentedRun.clean(LeakScenario.STORAGE));
    }

    /** 20,000 never-repeating checks against a 1,000-entry cache: eviction keeps it bounded. */
    @Test
    void noMemoryLeakInCacheEviction() {
        SegmentedRun.Result r = SegmentedRun.clean(LeakScenario.CACHE_EVICTION);
        assertNoLeak(r);
        Long entries = r.last().get("gauge.cache.entries");
        assertNotNull(entries, "the target reports no cache.entries gauge; " + r.describe());
        if (entries > 1_000 + 1_000 / 10) { // Caffeine's size is an estimate; evictions may lag a little
            fail("the decision cache holds " + entries + " entries with a capacity of 1,000; " + r.describe());
        }
    }

    /** 10 workers, 10,000 operations: nothing kept per thread or per contended request. */
    @Test
    void noMemoryLeakUnderConcurrentLoad() {
        assertNoLeak(SegmentedRun.clean(LeakScenario.CONCURRENT));
    }

    /** 500 watch cycles: every subscription closed and released. */
    @Test
    void noMemoryLeakInStreaming() {
        SegmentedRun.Result r = SegmentedRun.clean(LeakScenario.STREAMING);
        assertNoLeak(r);
        assertEquals(0L, r.last().get("gauge.streams.open"), "watch subscriptions left open; " + r.describe());
    }

    /**
     * 5,000 operations through the JDBC pool: afterwards no connection checked out, and neither the
     * active connections nor the open sockets grew.
     */
    @Test
    void noConnectionLeaks() {
        SegmentedRun.Result r = SegmentedRun.clean(LeakScenario.CONNECTIONS);
        assertNoLeak(r);
        assertEquals(
                0L,
                r.last().get("gauge.connections.active"),
                "connections still checked out after the run; " + r.describe());
        if (OpenSockets.supported()) {
            assertNotNull(r.finding(LeakScenario.Metric.SOCKETS), "open sockets were not analysed; " + r.describe());
        }
    }

    /**
     * Each scenario with its matching fault must be a LEAK on the metric the fault grows: the clean
     * tests above would fail on that defect.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LeakScenario.class)
    void theSameScenarioFailsOnItsMatchingFault(LeakScenario scenario) {
        SegmentedRun.Result r = SegmentedRun.withFault(scenario);
        Finding f = r.finding(scenario.faultMetric());
        assertNotNull(f, scenario.faultMetric() + " was not analysed; " + r.describe());
        if (f.verdict() != Verdict.LEAK) {
            fail(scenario.title() + " did not detect " + r.variant() + ": " + scenario.faultMetric() + " is "
                    + f.verdict() + " — " + f.reason() + "; " + r.describe());
        }
    }

    /** Fails naming every LEAK finding with the analysis's evidence. */
    static void assertNoLeak(SegmentedRun.Result r) {
        List<Finding> leaks =
                r.findings().stream().filter(f -> f.verdict() == Verdict.LEAK).toList();
        if (!r.findings().stream().anyMatch(f -> f.metric().equals(LeakScenario.Metric.HEAP))) {
            fail("no heap.retained finding; " + r.describe());
        }
        if (!leaks.isEmpty()) {
            fail(r.scenario().title() + ": LEAK on the clean engine in "
                    + leaks.stream()
                            .map(f -> SegmentedRun.Result.line(f) + " evidence " + f.evidence())
                            .collect(Collectors.joining("; "))
                    + System.lineSeparator() + r.describe());
        }
    }
}
