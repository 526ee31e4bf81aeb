package dev.leakbench.workloads.target;

import java.util.Map;
import java.util.TreeMap;

/**
 * A provider's view of {@link TargetConfig#options()}: the options it knows with their defaults.
 * An option it does not know is an error that lists the ones it does, so a typo is never ignored.
 */
public final class TargetOptions {

    private final String target;
    private final Map<String, String> values;

    private TargetOptions(String target, Map<String, String> values) {
        this.target = target;
        this.values = values;
    }

    /**
     * @param defaults every option the target accepts, with its default value
     * @throws IllegalArgumentException for an option not in {@code defaults}
     */
    public static TargetOptions parse(String target, TargetConfig config, Map<String, String> defaults) {
        Map<String, String> merged = new TreeMap<>(defaults);
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException("target '" + target + "' has no option '" + e.getKey()
                        + "'; it knows " + new TreeMap<>(defaults));
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new TargetOptions(target, merged);
    }

    public int intValue(String key) {
        String raw = values.get(key);
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "target '" + target + "': option " + key + "=" + raw + " is not an integer", e);
        }
    }

    public long longValue(String key) {
        String raw = values.get(key);
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "target '" + target + "': option " + key + "=" + raw + " is not an integer", e);
        }
    }

    public String value(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
