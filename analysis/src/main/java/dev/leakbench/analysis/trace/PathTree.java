package dev.leakbench.analysis.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One heap dump seen as a tree of reference paths from the GC roots (docs/design.md, "Leak
 * traces"): a node is every object reached by the same chain of field names from the same root,
 * so that all elements of one array, or all nodes of one linked chain, are one node whose
 * {@link #count} is how many objects it stands for. Two dumps of the same program have the same
 * paths, and a node whose count grows from dump to dump is where objects accumulate.
 *
 * <p>Nodes are stored in arrays, parents before children ({@link HeapWalk} builds them breadth
 * first), so that sums over subtrees are one backwards pass.
 */
public final class PathTree {
    private int size;
    private int[] parent = new int[1024];
    private int[] count = new int[1024];
    private long[] bytes = new long[1024];
    private long[] key = new long[1024];
    private final List<String> names = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<String> chains = new ArrayList<>();
    private final Map<Long, Integer> byKey = new HashMap<>();
    private long[] subtree;

    /** Adds a node; {@code parent} -1 for a root. Returns its index. */
    int add(int parent, String name, String type) {
        if (size == this.parent.length) {
            int n = size * 2;
            this.parent = Arrays.copyOf(this.parent, n);
            count = Arrays.copyOf(count, n);
            bytes = Arrays.copyOf(bytes, n);
            key = Arrays.copyOf(key, n);
        }
        int i = size++;
        this.parent[i] = parent;
        long k = parent < 0 ? 0x9E3779B97F4A7C15L : key[parent];
        k = mix(k * 31 + name.hashCode());
        for (int salt = 1; byKey.putIfAbsent(k, i) != null; salt++) {
            k = mix(k
                    + salt); // two paths with one 64-bit hash (about 1e-7 for a million nodes): the later gets the next
        }
        key[i] = k;
        names.add(name);
        types.add(type);
        chains.add(null);
        subtree = null;
        return i;
    }

    /** One more object under node {@code i}, of {@code shallowBytes}. */
    void addObject(int i, long shallowBytes) {
        count[i]++;
        bytes[i] += shallowBytes;
    }

    /** Node {@code i} also stands for the objects its objects reach through their own field {@code field} of their own type. */
    void chain(int i, String field) {
        if (chains.get(i) == null) {
            chains.set(i, field);
        }
    }

    int size() {
        return size;
    }

    int parent(int i) {
        return parent[i];
    }

    String name(int i) {
        return names.get(i);
    }

    String type(int i) {
        return types.get(i);
    }

    /** The field through which node {@code i} chains to objects of its own type, or null. */
    String chainField(int i) {
        return chains.get(i);
    }

    int count(int i) {
        return count[i];
    }

    long key(int i) {
        return key[i];
    }

    /** The node with {@code key}, or -1. */
    int find(long key) {
        Integer i = byKey.get(key);
        return i == null ? -1 : i;
    }

    int depth(int i) {
        int d = 0;
        for (int p = parent[i]; p >= 0; p = parent[p]) {
            d++;
        }
        return d;
    }

    /** Shallow bytes of node {@code i}'s objects and of every object first reached through them. */
    long subtreeBytes(int i) {
        if (subtree == null) {
            long[] s = Arrays.copyOf(bytes, size);
            for (int j = size - 1; j >= 0; j--) {
                if (parent[j] >= 0) {
                    s[parent[j]] += s[j];
                }
            }
            subtree = s;
        }
        return subtree[i];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
