package dev.leakbench.analysis.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the accumulation point is chosen among paths that grow, on path trees built by hand. */
class TraceFinderTest {
    /**
     * A map whose entries each hold a list: entries grow by {@code entries}, every list by
     * {@code perList} elements per dump; a second root grows by {@code other} small objects.
     */
    private static PathTree tree(int entries, int perList, int other) {
        PathTree t = new PathTree();
        int map = t.add(-1, "static A.MAP", "java.util.HashMap");
        t.addObject(map, 48);
        int table = t.add(map, "table", "java.util.HashMap$Node[]");
        t.addObject(table, 16 + 4L * entries);
        int nodes = t.add(table, "[]", "java.util.HashMap$Node");
        int values = t.add(nodes, "value", "java.util.ArrayList");
        int data = t.add(values, "elementData", "java.lang.Object[]");
        int elements = t.add(data, "[]", "java.lang.Long");
        for (int i = 0; i < entries; i++) {
            t.addObject(nodes, 32);
            t.addObject(values, 24);
            t.addObject(data, 16 + 4L * perList);
            for (int j = 0; j < perList; j++) {
                t.addObject(elements, 16);
            }
        }
        int log = t.add(-1, "static B.LOG", "java.util.ArrayDeque");
        int logData = t.add(log, "elements", "java.lang.Object[]");
        int logItems = t.add(logData, "[]", "java.lang.Integer");
        t.addObject(log, 24);
        t.addObject(logData, 16 + 4L * other);
        for (int i = 0; i < other; i++) {
            t.addObject(logItems, 16);
        }
        return t;
    }

    private static List<TraceFinder.Snapshot> run(int[] entries, int perList, int[] other) {
        List<TraceFinder.Snapshot> s = new ArrayList<>();
        for (int d = 0; d < entries.length; d++) {
            s.add(new TraceFinder.Snapshot(tree(entries[d], perList, other[d]), d + 1, (d + 1) * 1e6, "d" + d));
        }
        return s;
    }

    @Test
    void theCollectionThatGrowsIsChosenNotItsParts() {
        // the lists' elements are the most numerous growing path (10 per entry), the entries gather the most bytes
        LeakTrace t = new TraceFinder(16)
                .find(run(new int[] {100, 200, 300}, 10, new int[] {5, 5, 5}))
                .orElseThrow();
        assertEquals("static A.MAP", t.root());
        assertEquals(
                List.of("MAP", "table", "[]"),
                t.path().stream().map(LeakTrace.Step::field).toList());
        assertEquals("java.util.HashMap$Node", t.accumulation().type());
        assertEquals(100, t.growthPerMop(), 1e-9);
        assertEquals(300, t.accumulation().count());
        assertEquals("A", t.path().get(0).holder());
    }

    @Test
    void ofTwoGrowingPathsTheOneThatAddsMoreBytesIsChosen() {
        // the map's entries stay; the log grows by 1,000 a dump, more bytes than the map's 20 entries
        LeakTrace t = new TraceFinder(16)
                .find(run(new int[] {100, 120, 140}, 1, new int[] {0, 1000, 2000}))
                .orElseThrow();
        assertEquals("static B.LOG", t.root(), t.line());
        // 16 bytes an Integer and 4 of the array's slot for it: 20 bytes per 1e6/1,000 operations
        assertTrue(t.line().endsWith("elements[] -> +1,000 entries/Mop, +0.0200 B/op retained"), t.line());
    }

    @Test
    void growthThatFallsBackOrStaysUnderTheLeastIsNoTrace() {
        Optional<LeakTrace> back = new TraceFinder(16).find(run(new int[] {100, 300, 200}, 1, new int[] {5, 5, 5}));
        assertTrue(back.isEmpty(), () -> back.get().line());
        Optional<LeakTrace> small = new TraceFinder(16).find(run(new int[] {100, 105, 110}, 1, new int[] {5, 5, 5}));
        assertTrue(small.isEmpty(), () -> small.get().line());
        assertTrue(new TraceFinder(10)
                .find(run(new int[] {100, 105, 110}, 1, new int[] {5, 5, 5}))
                .isPresent());
    }

    @Test
    void dumpsMustBeTwoOrMoreInOrder() {
        assertThrows(
                IllegalArgumentException.class, () -> new TraceFinder(16).find(run(new int[] {1}, 1, new int[] {1})));
        List<TraceFinder.Snapshot> s = run(new int[] {1, 2}, 1, new int[] {1, 2});
        List<TraceFinder.Snapshot> reversed = List.of(s.get(1), s.get(0));
        assertThrows(IllegalArgumentException.class, () -> new TraceFinder(16).find(reversed));
        assertThrows(IllegalArgumentException.class, () -> new TraceFinder(0));
    }
}
