package dev.leakbench.workloads.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.mix.Cursor;
import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.target.Gauges;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.TrialSpec;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each fault leaks what it is named for when driven, once every {@code faultEvery} operations, and
 * nothing leaks with {@code fault=none}. Driven by the mixed workload (checks, writes and expands).
 */
class FaultsTest {

    static final DatasetSpec SMALL = DatasetSpec.sized(42, 200, 200);
    static final int OPS = 2_000;
    static final int EVERY = 20;
    static final int LEAKS = OPS / EVERY;

    /** Runs OPS mixed operations with the fault; returns every gauge before and after. */
    static Map<String, long[]> drive(String target, String fault) {
        TrialSpec spec = TrialSpec.of(WorkloadKind.MIXED, target, fault, EVERY, SMALL, "");
        try (TrialFixture f = TrialFixture.open(spec)) {
            MixedWorkload w = WorkloadFactory.mixed(f, 64, 100);
            Map<String, Long> before = read(f.target());
            Cursor c = new Cursor(0);
            for (int i = 0; i < OPS; i++) {
                w.next(c);
            }
            w.answers().verify();
            Map<String, Long> after = read(f.target());
            Map<String, long[]> out = new TreeMap<>();
            after.forEach((k, v) -> out.put(k, new long[] {before.getOrDefault(k, 0L), v}));
            return out;
        }
    }

    static Map<String, Long> read(Target t) {
        Map<String, Long> out = new TreeMap<>();
        t.gauges().forEach((k, v) -> out.put(k, v.getAsLong()));
        return out;
    }

    static long growth(Map<String, long[]> g, String name) {
        long[] v = g.get(name);
        if (v == null) {
            throw new AssertionError("no gauge " + name + " among " + g.keySet());
        }
        return v[1] - v[0];
    }

    @ParameterizedTest(name = "{0} grows {1} by one per {2} operations")
    @CsvSource({
        "unbounded-cache, fault.memo.entries",
        "watch-leak,      streams.open",
        "listener-leak,   listeners.registered",
        "offheap-leak,    fault.buffers.held.bytes",
        "mvcc-history,    revisions.pinned",
    })
    void faultGrowsItsGaugeOncePerFaultEveryOperations(String fault, String gauge) {
        Map<String, long[]> g = drive("embedded", fault);
        long unit = gauge.endsWith("bytes") ? 4096 : 1;
        assertEquals(LEAKS * unit, growth(g, gauge), fault + ": growth of " + gauge + " over " + OPS + " operations");
        assertEquals(LEAKS, g.get("fault.injected")[1], fault + ": leaks injected");
    }

    @Test
    void connectionLeakKeepsPoolConnectionsCheckedOut() {
        TrialSpec spec =
                TrialSpec.of(WorkloadKind.CONNECTIONS, "embedded-jdbc", "connection-leak", 50, SMALL, "poolSize=16");
        try (TrialFixture f = TrialFixture.open(spec)) {
            MixedWorkload w = WorkloadFactory.connections(f, 64);
            Cursor c = new Cursor(0);
            for (int i = 0; i < 500; i++) {
                w.next(c);
            }
            w.answers().verify();
            Map<String, Long> g = read(f.target());
            assertEquals(
                    10,
                    g.get(Gauges.CONNECTIONS_ACTIVE),
                    "connections checked out after 500 operations, one leak per 50: " + g);
            assertEquals(16, g.get(Gauges.CONNECTIONS_OPEN), "pool size: " + g);
            for (int i = 0; i < 500; i++) {
                w.next(c);
            }
            g = read(f.target());
            assertEquals(14, g.get(Gauges.CONNECTIONS_ACTIVE), "the leak stops 2 short of the pool size: " + g);
            assertTrue(g.get("fault.connections.skipped") > 0, "leaks skipped once the pool was nearly empty: " + g);
        }
    }

    @Test
    void mvccHistoryStopsCompactionSoVersionsPileUp() {
        Map<String, long[]> clean = drive("embedded", "none");
        Map<String, long[]> leaky = drive("embedded", "mvcc-history");
        long cleanHeld = clean.get(Gauges.VERSIONS_RETAINED)[1] - clean.get(Gauges.TUPLES_LIVE)[1];
        long leakyHeld = leaky.get(Gauges.VERSIONS_RETAINED)[1] - leaky.get(Gauges.TUPLES_LIVE)[1];
        // about 20% of 2000 operations are writes, each deleting one tuple; the first pin comes at op 20
        assertTrue(leakyHeld >= 300, "mvcc-history: only " + leakyHeld + " deleted versions held after ~400 deletes");
        assertTrue(cleanHeld <= 64, "none: " + cleanHeld + " deleted versions held, more than the 64-revision window");
        long changes = leaky.get(Gauges.CHANGELOG_ENTRIES)[1];
        assertTrue(
                changes >= 600,
                "mvcc-history: the change log holds only " + changes + " changes of ~400 two-change writes");
        assertTrue(
                clean.get(Gauges.CHANGELOG_ENTRIES)[1] <= 2 * 64,
                "none: the change log holds " + clean.get(Gauges.CHANGELOG_ENTRIES)[1]
                        + " changes, more than 64 revisions of two");
    }

    @Test
    void allocBloatAllocatesMoreButLeaksNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        drive("embedded", "none"); // warm up class loading and JIT for a fair comparison
        long a0 = threads.getThreadAllocatedBytes(tid);
        Map<String, long[]> clean = drive("embedded", "none");
        long a1 = threads.getThreadAllocatedBytes(tid);
        Map<String, long[]> bloated = drive("embedded", "alloc-bloat");
        long a2 = threads.getThreadAllocatedBytes(tid);
        long extra = (a2 - a1) - (a1 - a0);
        assertTrue(
                extra >= (long) LEAKS * DiagnosticDumpBloatSize.CHARS,
                "alloc-bloat allocated only " + extra + " bytes more than none over " + LEAKS + " dumps");
        for (String gauge : new String[] {Gauges.STREAMS_OPEN, Gauges.LISTENERS_REGISTERED, Gauges.REVISIONS_PINNED}) {
            assertEquals(growth(clean, gauge), growth(bloated, gauge), "alloc-bloat changed " + gauge);
        }
    }

    @Test
    void noneLeaksNothing() {
        Map<String, long[]> g = drive("embedded", "none");
        assertEquals(0, g.get(Gauges.STREAMS_OPEN)[1], "streams open");
        assertEquals(0, g.get(Gauges.LISTENERS_REGISTERED)[1], "listeners registered");
        assertEquals(0, g.get(Gauges.REVISIONS_PINNED)[1], "revisions pinned");
        assertEquals(0, growth(g, Gauges.TUPLES_LIVE), "live tuples");
        assertTrue(g.get(Gauges.CACHE_ENTRIES)[1] <= 10_000, "cache entries " + g.get(Gauges.CACHE_ENTRIES)[1]);
        assertTrue(
                g.keySet().stream().noneMatch(k -> k.startsWith("fault.")),
                "fault gauges with fault=none: " + g.keySet());
    }

    @Test
    void faultsThatCannotApplySaySoAndWhy() {
        UnsupportedFaultException e = assertThrows(
                UnsupportedFaultException.class,
                () -> TrialFixture.open(
                        TrialSpec.of(WorkloadKind.AUTHORIZATION, "jcasbin", "mvcc-history", 10, SMALL, "")));
        assertEquals(
                "fault 'mvcc-history' needs MVCC snapshots, which target 'jcasbin' does not have: skipping",
                e.getMessage());
        e = assertThrows(
                UnsupportedFaultException.class,
                () -> TrialFixture.open(
                        TrialSpec.of(WorkloadKind.AUTHORIZATION, "embedded", "connection-leak", 10, SMALL, "")));
        assertTrue(
                e.getMessage().contains("needs a JDBC connection pool (use -p target=embedded-jdbc)"), e.getMessage());
        e = assertThrows(
                UnsupportedFaultException.class,
                () -> TrialFixture.open(
                        TrialSpec.of(WorkloadKind.AUTHORIZATION, "jcasbin", "watch-leak", 10, SMALL, "")));
        assertTrue(e.getMessage().contains("needs watch subscriptions"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("oom"));
        assertTrue(unknown.getMessage().contains("unbounded-cache, connection-leak"), unknown.getMessage());
    }

    /** The dump size, in bytes at least (a Latin-1 char is a byte, and the builder copies it more than once). */
    static final class DiagnosticDumpBloatSize {
        static final long CHARS = dev.leakbench.workloads.fault.allocbloat.DiagnosticDumpBloat.DUMP_CHARS;
    }
}
