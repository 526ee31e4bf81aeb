package dev.leakbench.analysis.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second proof: leaks behind structures no profiler root names, found in live heap
 * dumps of this JVM. Each test grows a structure between three dumps (operations 0, 1e6, 2e6 as
 * the x axis) and asserts the trace names its fields from the GC root down.
 */
class LeakTraceTest {
    private static final int PER_STEP = 1_000;

    /** A service whose index keeps every entry: the map is a field of a field, not a root. */
    static final class Service {
        private final Index index = new Index();
    }

    static final class Index {
        private final Map<Long, String> entries = new HashMap<>();
    }

    private static Service service;

    /** Request scratch kept per pooled thread and never cleared. */
    private static final ThreadLocal<List<Object>> SCRATCH = ThreadLocal.withInitial(ArrayList::new);

    @TempDir
    Path dir;

    private ExecutorService pool;

    @AfterEach
    void release() {
        service = null;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void aMapInsideAnotherObjectIsNamedByItsFieldsFromTheStaticRoot() throws Exception {
        service = new Service();
        long[] next = {0};
        Optional<LeakTrace> trace = traceOf(() -> {
            for (int i = 0; i < PER_STEP; i++) {
                service.index.entries.put(next[0], "entry-" + next[0]);
                next[0]++;
            }
        });
        LeakTrace t = trace.orElseThrow();
        assertEquals("static " + LeakTraceTest.class.getName() + ".service", t.root(), t.line());
        assertEquals(List.of("service", "index", "entries", "table", "[]"), fields(t), t.line());
        assertEquals("java.util.HashMap", t.path().get(2).type(), t.line());
        assertEquals("elements", t.accumulation().what());
        // 1,000 entries per 1e6 operations, exactly: every HashMap node, chained ones too, is one element
        assertEquals(PER_STEP, t.growthPerMop(), 1e-9, t.line());
        // an entry is a HashMap$Node, a Long, a String and its byte[]: about 100 bytes laid out (32 + 16 + 24 + 24, and
        // the table)
        double perEntry = t.retainedBytesPerOp() * 1e6 / PER_STEP;
        assertTrue(perEntry > 80 && perEntry < 160, t.line() + ": " + perEntry + " B per entry");
        assertTrue(
                t.line()
                        .contains(
                                "-> index (LeakTraceTest$Index) -> entries (HashMap) -> table[] -> +1,000 entries/Mop"),
                t.line());
    }

    @Test
    void aThreadLocalOnAPooledThreadIsNamedThroughTheThread() throws Exception {
        pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "scratch-pool-1"));
        Optional<LeakTrace> trace = traceOf(() -> {
            try {
                pool.submit(() -> {
                            for (int i = 0; i < PER_STEP; i++) {
                                SCRATCH.get().add(new int[4]);
                            }
                        })
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LeakTrace t = trace.orElseThrow();
        assertEquals("thread scratch-pool-1", t.root(), t.line());
        assertEquals(
                List.of("scratch-pool-1", "threadLocals", "table", "[]", "value", "elementData", "[]"),
                fields(t),
                t.line());
        assertEquals("java.util.ArrayList", t.path().get(4).type(), t.line());
        assertEquals("[I", t.accumulation().type().replace("int[]", "[I"), t.line());
        assertEquals(PER_STEP, t.growthPerMop(), 1e-9, t.line());
    }

    @Test
    void aHeapThatOnlyChurnsHasNoTrace() throws Exception {
        service = new Service();
        Optional<LeakTrace> trace = traceOf(() -> {
            service.index.entries.clear();
            for (long i = 0; i < PER_STEP; i++) {
                service.index.entries.put(i, "entry-" + i); // replaced, the same size every time
            }
        });
        assertTrue(trace.isEmpty(), () -> trace.get().line());
    }

    private Optional<LeakTrace> traceOf(Runnable step) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            step.run();
            Path file = dir.resolve("dump" + d + ".hprof");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
            files.add(file);
        }
        // read only after the last dump: the path trees read would otherwise be growth in the later dumps
        List<TraceFinder.Snapshot> dumps = new ArrayList<>();
        for (int d = 0; d < files.size(); d++) {
            dumps.add(TraceFinder.Snapshot.read(files.get(d), d + 1, d * 1e6));
        }
        return new TraceFinder(TraceFinder.DEFAULT_MIN_GROWTH).find(dumps);
    }

    private static List<String> fields(LeakTrace t) {
        return t.path().stream().map(LeakTrace.Step::field).toList();
    }
}
