package dev.leakbench.analysis.trace;

import java.io.File;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shark.CloseableHeapGraph;
import shark.GcRoot;
import shark.HeapField;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofRecordTag;
import shark.PrimitiveType;

/**
 * Reads one hprof file with Square's Shark ({@code shark-graph}) and walks it breadth first from
 * the GC roots into a {@link PathTree}: static fields first (they name a leak best), then thread
 * objects, then the other roots (JNI globals, stack locals, monitors). Each object is counted once,
 * under the first path that reaches it, so a node's subtree is what is reached only through it
 * (or first through it).
 *
 * <p>Sizes are what a 64-bit HotSpot with compressed references (the default below 32 GB of heap)
 * lays out: a 12-byte header and 4-byte references for an instance, 16 bytes of header for an
 * array, each object rounded up to 8 bytes. An hprof file records neither headers nor the
 * references' real width (it writes every reference as 8 bytes), so its own figures would be
 * about half the bytes an object takes.
 *
 * <p>What the walk does not follow: class objects (their static fields are roots of their own),
 * and the {@code referent} of a {@code java.lang.ref.Reference} (weak and soft references do not
 * keep anything; a live dump has already dropped what only they reached).
 */
final class HeapWalk {
    private static final EnumSet<HprofRecordTag> ROOTS = EnumSet.of(
            HprofRecordTag.ROOT_JNI_GLOBAL,
            HprofRecordTag.ROOT_JNI_LOCAL,
            HprofRecordTag.ROOT_JAVA_FRAME,
            HprofRecordTag.ROOT_NATIVE_STACK,
            HprofRecordTag.ROOT_STICKY_CLASS,
            HprofRecordTag.ROOT_THREAD_BLOCK,
            HprofRecordTag.ROOT_MONITOR_USED,
            HprofRecordTag.ROOT_THREAD_OBJECT,
            HprofRecordTag.ROOT_JNI_MONITOR);

    private final HeapGraph graph;
    private final BitSet seen;
    private final PathTree tree = new PathTree();
    /** Nodes whose objects are still to be expanded, with those objects, in breadth-first order. */
    private final List<Pending> queue = new ArrayList<>();

    private record Pending(int node, LongList ids) {}

    /** The laid-out size of instances, by class id. */
    private final Map<Long, Integer> instanceSizes = new java.util.HashMap<>();

    private HeapWalk(HeapGraph graph) {
        this.graph = graph;
        this.seen = new BitSet(graph.getObjectCount());
    }

    /** The path tree of {@code hprof}. */
    static PathTree walk(File hprof) throws java.io.IOException {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(hprof, null, ROOTS)) {
            HeapWalk w = new HeapWalk(graph);
            w.roots();
            w.expandAll();
            return w.tree;
        }
    }

    /**
     * Queues the roots in an order of their own, by kind and then by name, not in the order the
     * dump lists them: an object reached from two roots at the same depth (a benchmark's state held by
     * JMH's generated class and by a registry) must go under the same one in every dump, or its path
     * would change from dump to dump and nothing would be seen to grow. A dump lists classes in the
     * order the JVM walks them, which loading more classes between two dumps can change.
     */
    private void roots() {
        List<Map.Entry<String, Long>> statics = new ArrayList<>();
        for (Iterator<HeapObject.HeapClass> it = graph.getClasses().iterator(); it.hasNext(); ) {
            HeapObject.HeapClass c = it.next();
            seen.set(c.getObjectIndex());
            for (Iterator<HeapField> fs = c.readStaticFields().iterator(); fs.hasNext(); ) {
                HeapField f = fs.next();
                Long id = f.getValue().getAsNonNullObjectId();
                if (id != null && !f.getName().startsWith("$")) { // $classOverhead: Shark's, not a field
                    statics.add(Map.entry("static " + c.getName() + "." + f.getName(), id));
                }
            }
        }
        statics.sort(Map.Entry.comparingByKey());
        statics.forEach(e -> root(e.getKey(), e.getValue()));
        List<Map.Entry<String, Long>> threads = new ArrayList<>();
        Map<String, List<Long>> others = new java.util.TreeMap<>();
        for (GcRoot r : graph.getGcRoots()) {
            if (r instanceof GcRoot.ThreadObject) {
                threads.add(Map.entry("thread " + threadName(r.getId()), r.getId()));
            } else if (!(r instanceof GcRoot.StickyClass)) {
                others.computeIfAbsent(rootKind(r), k -> new ArrayList<>()).add(r.getId());
            }
        }
        threads.sort(Map.Entry.comparingByKey());
        threads.forEach(e -> root(e.getKey(), e.getValue()));
        others.forEach((kind, ids) -> ids.forEach(id -> root(kind, id)));
    }

    private void root(String name, Long id) {
        HeapObject o = id == null ? null : graph.findObjectByIdOrNull(id);
        if (o == null || o instanceof HeapObject.HeapClass || seen.get(o.getObjectIndex())) {
            return;
        }
        int node = tree.add(-1, name, typeName(o));
        LongList ids = new LongList();
        seen.set(o.getObjectIndex());
        ids.add(id);
        queue.add(new Pending(node, ids));
    }

    private void expandAll() {
        for (int q = 0; q < queue.size(); q++) {
            Pending p = queue.get(q);
            queue.set(q, null); // its objects are no longer needed once expanded
            expand(p);
        }
    }

    /** Expands one node: its objects' references, grouped by field name into child nodes. */
    private void expand(Pending p) {
        Map<String, Pending> children = new LinkedHashMap<>();
        LongList ids = p.ids();
        for (int i = 0; i < ids.size(); i++) { // grows while chained objects join
            HeapObject o = graph.findObjectById(ids.get(i));
            if (o instanceof HeapObject.HeapInstance inst) {
                tree.addObject(p.node(), instanceSize(inst));
                long classId = inst.getInstanceClassId();
                for (Iterator<HeapField> fs = inst.readFields().iterator(); fs.hasNext(); ) {
                    HeapField f = fs.next();
                    Long target = f.getValue().getAsNonNullObjectId();
                    if (target == null
                            || (f.getName().equals("referent")
                                    && f.getDeclaringClass().getName().equals("java.lang.ref.Reference"))) {
                        continue;
                    }
                    HeapObject t = unseen(target);
                    if (t == null) {
                        continue;
                    }
                    if (t instanceof HeapObject.HeapInstance ti && ti.getInstanceClassId() == classId) {
                        tree.chain(p.node(), f.getName()); // a linked chain: its links are more of this node
                        ids.add(target);
                    } else {
                        child(children, p.node(), f.getName(), t, target);
                    }
                }
            } else if (o instanceof HeapObject.HeapObjectArray arr) {
                long[] elements = arr.readRecord().getElementIds();
                tree.addObject(p.node(), align(16 + 4L * elements.length));
                for (long e : elements) {
                    HeapObject t = e == 0 ? null : unseen(e);
                    if (t != null) {
                        child(children, p.node(), "[]", t, e);
                    }
                }
            } else if (o instanceof HeapObject.HeapPrimitiveArray arr) {
                tree.addObject(p.node(), align(16 + arr.getByteSize()));
            }
        }
        queue.addAll(children.values());
    }

    private int instanceSize(HeapObject.HeapInstance inst) {
        return instanceSizes.computeIfAbsent(inst.getInstanceClassId(), id -> {
            long bytes = 12;
            for (HeapObject.HeapClass c = inst.getInstanceClass(); c != null; c = c.getSuperclass()) {
                for (var f : c.readRecordFields()) {
                    bytes += f.getType() == PrimitiveType.REFERENCE_HPROF_TYPE
                            ? 4
                            : PrimitiveType.Companion.getByteSizeByHprofType().get(f.getType());
                }
            }
            return (int) align(bytes);
        });
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    private void child(Map<String, Pending> children, int parent, String name, HeapObject t, long id) {
        Pending c = children.computeIfAbsent(name, n -> new Pending(tree.add(parent, n, typeName(t)), new LongList()));
        c.ids().add(id);
    }

    /** The object {@code id}, marked seen, or null when seen before, absent, or a class. */
    private HeapObject unseen(long id) {
        HeapObject t = graph.findObjectByIdOrNull(id);
        if (t == null || seen.get(t.getObjectIndex())) {
            return null;
        }
        seen.set(t.getObjectIndex());
        return t instanceof HeapObject.HeapClass ? null : t;
    }

    private String threadName(long id) {
        HeapObject o = graph.findObjectByIdOrNull(id);
        if (o instanceof HeapObject.HeapInstance t) {
            HeapField name = t.get("java.lang.Thread", "name");
            HeapObject.HeapInstance s = name == null ? null : name.getValueAsInstance();
            if (s != null) {
                return s.readAsJavaString();
            }
        }
        return "#" + id;
    }

    private static String rootKind(GcRoot r) {
        String k = r.getClass().getSimpleName(); // JniGlobal, JavaFrame, MonitorUsed, ...
        return switch (k) {
            case "JniGlobal" -> "JNI global";
            case "JniLocal" -> "JNI local";
            case "JavaFrame" -> "stack local";
            case "NativeStack" -> "native stack";
            case "MonitorUsed" -> "monitor";
            default -> k;
        };
    }

    static String typeName(HeapObject o) {
        if (o instanceof HeapObject.HeapInstance i) {
            return i.getInstanceClassName();
        }
        if (o instanceof HeapObject.HeapObjectArray a) {
            return a.getArrayClassName();
        }
        if (o instanceof HeapObject.HeapPrimitiveArray a) {
            return a.getArrayClassName();
        }
        return ((HeapObject.HeapClass) o).getName();
    }

    /** A growable list of object ids. */
    static final class LongList {
        private long[] a = new long[4];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }
}
