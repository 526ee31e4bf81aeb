package dev.leakbench.soak;

import com.sun.management.GcInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The heap used right after the most recent garbage collection, from the collectors' own
 * accounting ({@link GcInfo#getMemoryUsageAfterGc()} of the latest collection among all
 * collectors), read without causing one: a soak must not change the GC behaviour it watches.
 *
 * <p>Under G1 most of these readings follow young collections, so they include old-generation
 * garbage not yet reclaimed by a mixed or full collection: a clean run shows a sawtooth whose
 * floor is the live set, a leak raises the floor.
 */
final class HeapAfterGc {

    /** One reading: heap after the latest GC and the number of collections so far. */
    record Reading(long bytes, long collections) {
    }

    private final List<com.sun.management.GarbageCollectorMXBean> collectors = new ArrayList<>();
    private final Set<String> heapPools = new TreeSet<>();

    HeapAfterGc() {
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof com.sun.management.GarbageCollectorMXBean gc) {
                collectors.add(gc);
            }
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        if (collectors.isEmpty()) {
            throw new IllegalStateException("the soak runner reads the heap after GC from "
                    + "com.sun.management.GarbageCollectorMXBean (HotSpot); this JVM has none");
        }
    }

    /** The collectors' names, for the configuration line. */
    List<String> collectorNames() {
        return collectors.stream().map(c -> c.getName()).toList();
    }

    /** The latest reading, or bytes = -1 when no collection has run yet. */
    Reading read() {
        GcInfo latest = null;
        long count = 0;
        for (var gc : collectors) {
            long c = gc.getCollectionCount();
            count += Math.max(0, c);
            GcInfo info = c > 0 ? gc.getLastGcInfo() : null;
            if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                latest = info;
            }
        }
        return new Reading(latest == null ? -1 : heapUsed(latest.getMemoryUsageAfterGc()), count);
    }

    private long heapUsed(Map<String, MemoryUsage> afterGc) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> pool : afterGc.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                sum += pool.getValue().getUsed();
            }
        }
        return sum;
    }
}
