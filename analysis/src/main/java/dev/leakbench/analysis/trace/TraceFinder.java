package dev.leakbench.analysis.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the accumulation point in two or three dumps of one run: the path whose object count
 * rises from every dump to the next, at a steady rate per operation, by at least {@code minGrowth}
 * from the first to the last,
 * and under which the most bytes were added (docs/design.md, "Leak traces"). Bytes decide
 * between candidates because every object below a growing collection grows with it (its entries,
 * their keys, the keys' bytes): the bytes reached through a node include all of those, so the node
 * that gathers the most is the collection itself, not one of its parts; of two with the same bytes
 * the one nearer the root wins. Up to {@value #MAX_ALSO} other growing paths that are neither above nor
 * below the chosen one (nor each other) come with it, largest first: a leak with a cause and an
 * effect in two places (a lease kept, and the history it pins) shows both.
 */
public final class TraceFinder {
    /** The default least growth, in objects from the first dump to the last, for a path to count. */
    public static final int DEFAULT_MIN_GROWTH = 16;
    /** How many other growing paths, apart from the first and from each other, a trace names besides its own. */
    static final int MAX_ALSO = 2;
    /** The most the growth per operation may differ between two intervals of dumps. */
    static final double MAX_RATE_RATIO = 3;

    private final int minGrowth;

    public TraceFinder(int minGrowth) {
        if (minGrowth < 1) {
            throw new IllegalArgumentException("minGrowth must be >= 1, was " + minGrowth);
        }
        this.minGrowth = minGrowth;
    }

    /** One dump: its path tree and where in the run it was taken. */
    public record Snapshot(PathTree tree, int iteration, double ops, String file) {
        /** Reads and walks {@code hprof} (seconds for a small heap, about 10 s per 100 MB of live heap). */
        public static Snapshot read(java.nio.file.Path hprof, int iteration, double ops) throws java.io.IOException {
            return new Snapshot(
                    HeapWalk.walk(hprof.toFile()),
                    iteration,
                    ops,
                    hprof.getFileName().toString());
        }

        private static long largest(List<java.nio.file.Path> files) {
            long most = 1;
            for (java.nio.file.Path f : files) {
                try {
                    most = Math.max(most, java.nio.file.Files.size(f));
                } catch (java.io.IOException e) {
                    // the walk reports it
                }
            }
            return most;
        }

        /**
         * Reads dumps side by side, one thread per dump up to the machine's cores: each walk is one
         * thread's work, and the dumps are independent; as many at once as the heap holds.
         *
         * @throws UnreadableDump for the first dump, in the order given, that is not a readable hprof file
         */
        public static List<Snapshot> readAll(List<java.nio.file.Path> files, int[] iterations, double[] ops)
                throws UnreadableDump {
            // measured on 1.6 GB dumps: 2.8 GB of memory one walk at a time, 4.1 GB two at a time; so at most as
            // many walks at once as the heap holds at 1.5 times a dump's size each
            long heapFits = Runtime.getRuntime().maxMemory() / (3 * largest(files) / 2);
            int threads = (int) Math.max(
                    1, Math.min(Math.min(files.size(), Runtime.getRuntime().availableProcessors()), heapFits));
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                        Thread t = new Thread(r, "leakcheck-heap-walk");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                List<java.util.concurrent.Future<Snapshot>> walks = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) {
                    int at = i;
                    walks.add(pool.submit(() -> read(files.get(at), iterations[at], ops[at])));
                }
                List<Snapshot> out = new ArrayList<>();
                for (int i = 0; i < walks.size(); i++) {
                    try {
                        out.add(walks.get(i).get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new UnreadableDump(files.get(i), e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new UnreadableDump(files.get(i), e);
                    }
                }
                return out;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A file that is not a readable hprof heap dump (cut short, or not a dump at all). */
    public static final class UnreadableDump extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient java.nio.file.Path file;

        UnreadableDump(java.nio.file.Path file, Throwable cause) {
            super(
                    cause instanceof OutOfMemoryError
                            ? file + ": too large for leakcheck's heap; give it more, e.g. LEAKCHECK_JAVA_OPTS=-Xmx8g"
                            : file + ": not a readable heap dump (" + reason(cause) + ")",
                    cause);
            this.file = file;
        }

        public java.nio.file.Path file() {
            return file;
        }

        private static String reason(Throwable e) {
            if (e instanceof java.io.IOException io) {
                return dev.leakbench.analysis.io.IoErrors.reason(io);
            }
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
    }

    /**
     * The trace, or empty when nothing grows from dump to dump by {@code minGrowth}.
     *
     * @param dumps at least two, in the order taken, with strictly increasing operations
     */
    public Optional<LeakTrace> find(List<Snapshot> dumps) {
        if (dumps.size() < 2) {
            throw new IllegalArgumentException("a trace needs at least two dumps, got " + dumps.size());
        }
        for (int d = 1; d < dumps.size(); d++) {
            if (!(dumps.get(d).ops() > dumps.get(d - 1).ops())) {
                throw new IllegalArgumentException("the dumps' operations must increase: "
                        + dumps.get(d - 1).ops() + " then " + dumps.get(d).ops());
            }
        }
        PathTree last = dumps.get(dumps.size() - 1).tree();
        List<long[]> candidates = new ArrayList<>(); // node, bytes added, depth
        for (int n = 0; n < last.size(); n++) {
            long key = last.key(n);
            if (!steady(dumps, key) || last.count(n) - count(dumps.get(0).tree(), key) < minGrowth) {
                continue;
            }
            candidates.add(new long[] {
                n, last.subtreeBytes(n) - bytes(dumps.get(0).tree(), key), last.depth(n)
            });
        }
        candidates.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[2], b[2]));
        List<Integer> chosen = new ArrayList<>();
        for (long[] c : candidates) {
            if (chosen.size() > MAX_ALSO) {
                break;
            }
            int n = (int) c[0];
            if (chosen.stream().noneMatch(o -> related(last, o, n))) {
                chosen.add(n);
            }
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        List<LeakTrace> also = new ArrayList<>();
        for (int i = 1; i < chosen.size(); i++) {
            also.add(trace(dumps, chosen.get(i), List.of()));
        }
        return Optional.of(trace(dumps, chosen.get(0), also));
    }

    /**
     * True when the count at {@code key} rises from every dump to the next, at rates per operation
     * within {@value #MAX_RATE_RATIO}x of each other: a leak adds in proportion to the work done, while
     * a structure that adapts (a cache's admission window resizing itself) grows in spurts.
     */
    private static boolean steady(List<Snapshot> dumps, long key) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        long previous = count(dumps.get(0).tree(), key);
        for (int d = 1; d < dumps.size(); d++) {
            long c = count(dumps.get(d).tree(), key);
            if (c <= previous) {
                return false;
            }
            double rate =
                    (c - previous) / (dumps.get(d).ops() - dumps.get(d - 1).ops());
            lowest = Math.min(lowest, rate);
            highest = Math.max(highest, rate);
            previous = c;
        }
        return highest <= MAX_RATE_RATIO * lowest;
    }

    /** True when {@code a} and {@code b} lie on one path (one is the other's ancestor, or they are one node). */
    private static boolean related(PathTree t, int a, int b) {
        return descends(t, a, b) || descends(t, b, a);
    }

    private static boolean descends(PathTree t, int node, int ancestor) {
        for (int n = node; n >= 0; n = t.parent(n)) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static LeakTrace trace(List<Snapshot> dumps, int node, List<LeakTrace> also) {
        PathTree last = dumps.get(dumps.size() - 1).tree();
        List<Integer> chain = new ArrayList<>();
        for (int n = node; n >= 0; n = last.parent(n)) {
            chain.add(0, n);
        }
        List<LeakTrace.Step> path = new ArrayList<>();
        int root = chain.get(0);
        path.add(rootStep(last.name(root), last.type(root)));
        for (int i = 1; i < chain.size(); i++) {
            int n = chain.get(i);
            path.add(new LeakTrace.Step(last.type(chain.get(i - 1)), last.name(n), last.type(n)));
        }
        long key = last.key(node);
        // an array's elements are counted, but the array that holds them grows with them (a hash table's
        // resizes): the bytes are the array's and its elements'
        long bytesKey = last.name(node).equals("[]") && last.parent(node) >= 0 ? last.key(last.parent(node)) : key;
        List<LeakTrace.Dump> points = new ArrayList<>();
        for (Snapshot s : dumps) {
            points.add(new LeakTrace.Dump(
                    s.iteration(), s.ops(), count(s.tree(), key), bytes(s.tree(), bytesKey), s.file()));
        }
        LeakTrace.Dump first = points.get(0);
        LeakTrace.Dump end = points.get(points.size() - 1);
        double ops = end.ops() - first.ops();
        // an array's elements take their hash chains along (HashMap$Node.next): entries all the same
        boolean elements = last.name(node).equals("[]");
        String chainField = elements ? null : last.chainField(node);
        String what = elements ? "elements" : chainField != null ? "chain" : "objects";
        return new LeakTrace(
                last.name(root),
                path,
                new LeakTrace.Accumulation(what, last.type(node), chainField, last.count(node)),
                (end.count() - first.count()) / ops * 1e6,
                (end.retainedBytes() - first.retainedBytes()) / ops,
                points,
                also);
    }

    /** The first step: a static field as its class and field, any other root as its kind and name. */
    private static LeakTrace.Step rootStep(String root, String type) {
        if (root.startsWith("static ")) {
            String qualified = root.substring("static ".length());
            int dot = qualified.lastIndexOf('.');
            return new LeakTrace.Step(qualified.substring(0, dot), qualified.substring(dot + 1), type);
        }
        int space = root.indexOf(' ');
        return space < 0
                ? new LeakTrace.Step(root, "", type)
                : new LeakTrace.Step(root.substring(0, space), root.substring(space + 1), type);
    }

    private static long count(PathTree t, long key) {
        int i = t.find(key);
        return i < 0 ? 0 : t.count(i);
    }

    private static long bytes(PathTree t, long key) {
        int i = t.find(key);
        return i < 0 ? 0 : t.subtreeBytes(i);
    }
}
