package dev.leakbench.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import java.util.Objects;

/**
 * Check decisions, bounded, on Caffeine.
 *
 * <p>The key includes the revision the decision was computed at. A revision's tuples never change
 * (MVCC), so a cached decision is right for its revision forever, and a write, which always makes a
 * new revision, can never be answered from a decision made before it: no invalidation is needed and
 * no stale allow is possible. Old revisions' entries simply age out under the size bound.
 *
 * <p>Maintenance (eviction, stats) runs on the calling thread ({@code executor(Runnable::run)}) so
 * that what it allocates is attributed to the check that caused it, not to a pool thread a profiler
 * would miss. A capacity of 0 disables the cache: nothing is stored and nothing is counted.
 *
 * <p>Thread-safe.
 */
public final class DecisionCache {

    /** Capacity used unless configured otherwise. */
    public static final long DEFAULT_CAPACITY = 10_000;

    /**
     * One cached question.
     *
     * @param revision the revision the decision holds for
     */
    public record Key(long revision, ObjectRef resource, String relation, SubjectRef subject) {
        public Key {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(subject, "subject");
        }
    }

    private final long capacity;
    private final Cache<Key, Boolean> cache; // null when disabled

    /** @param capacity maximum entries; 0 disables caching */
    public DecisionCache(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must be >= 0 (0 disables it), was " + capacity);
        }
        this.capacity = capacity;
        this.cache = capacity == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(capacity)
                        .executor(Runnable::run)
                        .recordStats()
                        .build();
    }

    public long capacity() {
        return capacity;
    }

    public boolean isEnabled() {
        return cache != null;
    }

    /** The decision cached for {@code key}, or null if there is none (or the cache is disabled). */
    public Boolean getIfPresent(Key key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    /** Remembers a decision; a no-op when disabled. */
    public void put(Key key, boolean allowed) {
        if (cache != null) {
            cache.put(key, allowed); // Boolean.valueOf: the two shared instances, no allocation
        }
    }

    /** Approximate number of entries; exact after {@link #cleanUp()}. */
    public long estimatedSize() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Lookups that found a decision. */
    public long hitCount() {
        return cache == null ? 0 : cache.stats().hitCount();
    }

    /** Lookups that found none. */
    public long missCount() {
        return cache == null ? 0 : cache.stats().missCount();
    }

    /** Entries removed to stay within the capacity. */
    public long evictionCount() {
        return cache == null ? 0 : cache.stats().evictionCount();
    }

    /** Runs pending maintenance now (on this thread), so that {@link #estimatedSize()} is within capacity. */
    public void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }

    /** Drops every entry; counters keep their values. */
    public void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }

    @Override
    public String toString() {
        return "DecisionCache[capacity=" + capacity + ", size=" + estimatedSize() + ", hits=" + hitCount() + ", misses="
                + missCount() + ", evictions=" + evictionCount() + "]";
    }
}
