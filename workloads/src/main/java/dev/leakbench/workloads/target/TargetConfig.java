package dev.leakbench.workloads.target;

import dev.leakbench.workloads.data.Dataset;
import java.util.Map;

/**
 * What a {@link TargetProvider} needs to build a target: the dataset to load and free-form options
 * (for example {@code cacheCapacity=10000}, {@code poolSize=8}); unknown options are rejected by the
 * provider with the list of the ones it knows.
 */
public record TargetConfig(Dataset dataset, Map<String, String> options) {
    public TargetConfig {
        options = Map.copyOf(options);
    }

    public static TargetConfig of(Dataset dataset) {
        return new TargetConfig(dataset, Map.of());
    }
}
