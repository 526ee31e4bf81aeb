package dev.leakbench.workloads.target.embedded;

import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.cache.DecisionCache;
import dev.leakbench.engine.store.InMemoryTupleStore;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.TargetConfig;
import dev.leakbench.workloads.target.TargetOptions;
import dev.leakbench.workloads.target.TargetProvider;
import java.util.List;
import java.util.Map;

/**
 * {@code embedded}: the embedded engine on its in-memory MVCC store. Options (defaults):
 * {@code cacheCapacity} ({@value DecisionCache#DEFAULT_CAPACITY}), {@code maxDepth} (32),
 * {@code watchBufferCapacity} ({@value AuthorizationEngine#DEFAULT_WATCH_BUFFER_CAPACITY}),
 * {@code retainedRevisions} ({@value InMemoryTupleStore#DEFAULT_RETAINED_REVISIONS}).
 */
public final class EmbeddedTargetProvider implements TargetProvider {

    static final String CACHE_CAPACITY = "cacheCapacity";
    static final String MAX_DEPTH = "maxDepth";
    static final String WATCH_BUFFER_CAPACITY = "watchBufferCapacity";
    static final String RETAINED_REVISIONS = "retainedRevisions";

    /** The options every embedded target knows, with their defaults. */
    static Map<String, String> engineDefaults() {
        return Map.of(
                CACHE_CAPACITY, Long.toString(DecisionCache.DEFAULT_CAPACITY),
                MAX_DEPTH, "32",
                WATCH_BUFFER_CAPACITY, Integer.toString(AuthorizationEngine.DEFAULT_WATCH_BUFFER_CAPACITY),
                RETAINED_REVISIONS, Integer.toString(InMemoryTupleStore.DEFAULT_RETAINED_REVISIONS));
    }

    /** An engine builder with the schema and the engine options applied. */
    static AuthorizationEngine.Builder engine(TargetConfig config, TargetOptions options) {
        return AuthorizationEngine.builder()
                .schema(config.dataset().schema())
                .cacheCapacity(options.longValue(CACHE_CAPACITY))
                .maxDepth(options.intValue(MAX_DEPTH))
                .watchBufferCapacity(options.intValue(WATCH_BUFFER_CAPACITY));
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String description() {
        return "the embedded ReBAC engine on its in-memory MVCC store";
    }

    @Override
    public Target create(TargetConfig config) {
        TargetOptions options = TargetOptions.parse(name(), config, engineDefaults());
        AuthorizationEngine engine = engine(config, options)
                .store(new InMemoryTupleStore(options.intValue(RETAINED_REVISIONS)))
                .build();
        EmbeddedTarget target = new EmbeddedTarget(name(), engine, null, List.of());
        try {
            target.load(config.dataset().tuples());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }
}
