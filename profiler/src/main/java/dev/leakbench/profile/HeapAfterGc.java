package dev.leakbench.profile;

import com.sun.management.GarbageCollectorMXBean;
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
 * The heap used right after a garbage collection, from the collectors' own accounting
 * ({@link GcInfo#getMemoryUsageAfterGc()} of that very collection, summed over the heap pools),
 * not from {@code Runtime.totalMemory() - freeMemory()}, which also counts garbage allocated since.
 * One implementation for both users:
 * <ul>
 *   <li>the {@link LeakProfiler} ({@link RetainedHeapSampler}) forces full GCs and reads the heap
 *       after the collection it caused ({@link #collectionCounts()}, {@link #afterCollectionsSince});</li>
 *   <li>the soak runner never causes one (a soak must not change the GC behaviour it watches) and
 *       reads the heap after whatever collection ran last ({@link #latest()}). Under G1 most of those
 *       follow young collections and include old-generation garbage not yet reclaimed: a clean run
 *       shows a sawtooth whose floor is the live set, a leak raises the floor.</li>
 * </ul>
 * The collectors and the heap pools are found once, when the instance is made.
 */
public final class HeapAfterGc {

    /** A reading: the heap after the latest collection (-1 when none has run yet) and the collections so far. */
    public record Reading(long bytes, long collections) {}

    private final List<GarbageCollectorMXBean> collectors;
    private final Set<String> heapPools;

    private HeapAfterGc(List<GarbageCollectorMXBean> collectors, Set<String> heapPools) {
        this.collectors = collectors;
        this.heapPools = heapPools;
    }

    /**
     * The collectors and heap pools of this JVM.
     *
     * @throws IllegalStateException when the JVM has no {@code com.sun.management.GarbageCollectorMXBean}
     *     (not HotSpot), so the heap after GC cannot be read
     */
    public static HeapAfterGc forThisJvm() {
        List<GarbageCollectorMXBean> collectors = new ArrayList<>();
        for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof GarbageCollectorMXBean gc) {
                collectors.add(gc);
            }
        }
        if (collectors.isEmpty()) {
            throw new IllegalStateException("reading the heap after GC needs com.sun.management.GarbageCollectorMXBean "
                    + "(HotSpot); this JVM has none");
        }
        Set<String> heapPools = new TreeSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        return new HeapAfterGc(List.copyOf(collectors), Set.copyOf(heapPools));
    }

    /** The collectors' names, e.g. {@code [G1 Young Generation, G1 Old Generation]}. */
    public List<String> collectorNames() {
        return collectors.stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** The heap after the latest collection of any collector, without causing one. */
    public Reading latest() {
        long[] none = new long[collectors.size()];
        long count = 0;
        for (var gc : collectors) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return new Reading(afterCollectionsSince(none), count);
    }

    /** Every collector's collection count now, to hand to {@link #afterCollectionsSince} later. */
    long[] collectionCounts() {
        long[] counts = new long[collectors.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = collectors.get(i).getCollectionCount();
        }
        return counts;
    }

    /**
     * The heap used right after the latest collection among the collectors whose count moved since
     * {@code before} ({@link #collectionCounts()}), or -1 when none did.
     */
    long afterCollectionsSince(long[] before) {
        GcInfo latest = null;
        for (int i = 0; i < before.length; i++) {
            var gc = collectors.get(i);
            if (gc.getCollectionCount() > before[i]) {
                GcInfo info = gc.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() >= latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        return latest == null ? -1 : heapUsed(latest.getMemoryUsageAfterGc());
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
