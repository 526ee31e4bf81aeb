package dev.leakbench.workloads.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.target.Gauges;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.TargetConfig;
import dev.leakbench.workloads.target.Targets;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.TrialSpec;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The workloads keep the live data set constant, and do what they claim while running. */
class SteadyStateTest {

    static final DatasetSpec SMALL = DatasetSpec.sized(42, 200, 200);

    static long gauge(Target t, String name) {
        return t.gauges().get(name).getAsLong();
    }

    @Test
    void rollingWindowKeepsLiveTuplesConstant() {
        GraphDataset data = GraphDataset.generate(SMALL);
        try (Target t = Targets.create("embedded", TargetConfig.of(data))) {
            RollingWindow w = new RollingWindow(t, data, 100, 1);
            long base = gauge(t, Gauges.TUPLES_LIVE);
            assertEquals(data.tuples().size(), base, "live tuples after loading");
            w.fill();
            for (int round = 1; round <= 5; round++) {
                for (int i = 0; i < 700; i++) {
                    w.advance();
                }
                assertEquals(base + 100, gauge(t, Gauges.TUPLES_LIVE), "live tuples after " + round * 700 + " steps");
                long retained = gauge(t, Gauges.VERSIONS_RETAINED);
                assertTrue(
                        retained <= base + 100 + 2 * 64,
                        "versions retained " + retained + " after " + round * 700
                                + " steps: compaction is not keeping up with a 64-revision window");
            }
        }
    }

    @Test
    void rollingWindowKeepsJCasbinPolicyCountConstant() {
        GraphDataset data = GraphDataset.generate(SMALL);
        try (Target t = Targets.create("jcasbin", TargetConfig.of(data))) {
            RollingWindow w = new RollingWindow(t, data, 50, 1);
            w.fill();
            long before = gauge(t, Gauges.POLICIES);
            for (int i = 0; i < 2000; i++) {
                w.advance();
            }
            assertEquals(before, gauge(t, Gauges.POLICIES), "jCasbin rules after 2000 window steps");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "embedded-jdbc", "jcasbin"})
    void storageReadsBackTheRowItWrote(String target) {
        GraphDataset data = GraphDataset.generate(SMALL);
        try (Target t = Targets.create(target, TargetConfig.of(data))) {
            RollingWindow w = new RollingWindow(t, data, 64, 2);
            w.fill();
            StorageWorkload s = new StorageWorkload(t, w);
            for (int i = 0; i < 500; i++) {
                List<RelationTuple> rows = s.writeReadDelete();
                assertEquals(List.of(w.written(w.steps() + w.window() - 1)), rows, "rows read back at step " + i);
            }
            // the step that fell out of the window is gone
            assertEquals(
                    List.of(), t.read(w.readBack(w.window() + 499 - 64), 8), target + " still returns a deleted tuple");
        }
    }

    @Test
    void storageFailsWhenNothingComesBack() {
        GraphDataset data = GraphDataset.generate(SMALL);
        try (Target real = Targets.create("embedded", TargetConfig.of(data))) {
            Target forgetful = new ForwardingTarget(real) {
                @Override
                public List<RelationTuple> read(TupleFilter filter, int limit) {
                    return List.of();
                }
            };
            RollingWindow w = new RollingWindow(forgetful, data, 8, 2);
            w.fill();
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> new StorageWorkload(forgetful, w).writeReadDelete());
            assertTrue(e.getMessage().contains("reading it back returned no rows"), e.getMessage());
        }
    }

    @Test
    void connectionsWorkloadReturnsEveryConnectionItBorrows() {
        TrialSpec spec = TrialSpec.of(WorkloadKind.CONNECTIONS, "embedded-jdbc", "none", 100, SMALL, "poolSize=4");
        try (TrialFixture f = TrialFixture.open(spec)) {
            MixedWorkload w = WorkloadFactory.connections(f, 64);
            long live = gauge(f.target(), Gauges.TUPLES_LIVE);
            Cursor c = new Cursor(0);
            for (int i = 0; i < 1000; i++) {
                w.next(c);
            }
            w.answers().verify();
            assertEquals(
                    0,
                    gauge(f.target(), Gauges.CONNECTIONS_ACTIVE),
                    "connections still checked out after 1000 operations");
            assertEquals(4, gauge(f.target(), Gauges.CONNECTIONS_OPEN), "physical connections of a pool of 4");
            assertEquals(live, gauge(f.target(), Gauges.TUPLES_LIVE), "live tuples after 1000 operations");
        }
    }

    @Test
    void mixIsExactlySeventyTwentyTen() {
        OperationMix mix = OperationMix.of(Map.of(Operation.CHECK, 70, Operation.WRITE, 20, Operation.EXPAND, 10), 1);
        assertEquals(2867, mix.slots(Operation.CHECK), "check slots of 4096");
        assertEquals(819, mix.slots(Operation.WRITE), "write slots of 4096");
        assertEquals(410, mix.slots(Operation.EXPAND), "expand slots of 4096");
    }

    @Test
    void cacheEvictionNeverRepeatsAKeySoTheCacheEvictsAndStaysAtCapacity() {
        TrialSpec spec = TrialSpec.of(WorkloadKind.CACHE_EVICTION, "embedded", "none", 100, SMALL, "cacheCapacity=256");
        try (TrialFixture f = TrialFixture.open(spec)) {
            CacheEvictionWorkload w = CacheEvictionWorkload.create(f.target(), f.dataset(), 1);
            Cursor c = new Cursor(0);
            int allowed = 0;
            for (int i = 0; i < 256 * 40; i++) {
                allowed += w.check(c) ? 1 : 0;
            }
            w.answers().verify();
            long entries = gauge(f.target(), Gauges.CACHE_ENTRIES);
            assertTrue(entries <= 256, "cache holds " + entries + " entries, more than its capacity of 256");
            assertTrue(entries >= 200, "cache holds only " + entries + " entries after 10240 distinct keys");
            assertEquals(256 * 20, allowed, "allowed checks of 10240 (half the documents are public)");
        }
    }

    @Test
    void streamingClosesEverySubscription() {
        GraphDataset data = GraphDataset.generate(SMALL);
        try (Target t = Targets.create("embedded", TargetConfig.of(data))) {
            RollingWindow w = new RollingWindow(t, data, 32, 3);
            w.fill();
            StreamingWorkload s = new StreamingWorkload(t, w, StreamingWorkload.DEFAULT_BUFFER);
            for (int i = 0; i < 300; i++) {
                assertEquals(
                        2, s.subscribeConsumeClose(), "changes seen by subscription " + i + " (a write and a delete)");
            }
            assertEquals(0, gauge(t, Gauges.STREAMS_OPEN), "subscriptions left open");
        }
    }

    @Test
    void mixedWorkloadAnswersRightAndKeepsLiveTuplesConstant() {
        TrialSpec spec = TrialSpec.of(WorkloadKind.MIXED, "embedded", "none", 100, SMALL, "");
        try (TrialFixture f = TrialFixture.open(spec)) {
            MixedWorkload m = WorkloadFactory.mixed(f, 128, 1000);
            long live = gauge(f.target(), Gauges.TUPLES_LIVE);
            Cursor c = new Cursor(0);
            for (int i = 0; i < 5000; i++) {
                m.next(c);
            }
            m.answers().verify();
            assertEquals(live, gauge(f.target(), Gauges.TUPLES_LIVE), "live tuples after 5000 mixed operations");
        }
    }
}
