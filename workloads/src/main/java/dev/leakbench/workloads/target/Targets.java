package dev.leakbench.workloads.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds {@link TargetProvider}s with {@link ServiceLoader} (built-ins and any jar on the class path)
 * and creates targets by the name given in the JMH {@code target} parameter.
 */
public final class Targets {
    private Targets() {}

    /** Every provider on the class path, sorted by name. */
    public static List<TargetProvider> providers() {
        List<TargetProvider> out = new ArrayList<>();
        ServiceLoader.load(TargetProvider.class, Targets.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(TargetProvider::name));
        return out;
    }

    /** The provider named {@code name}; an unknown name fails with the list of known ones. */
    public static TargetProvider provider(String name) {
        List<TargetProvider> all = providers();
        for (TargetProvider p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown target '" + name + "'; targets on the class path: "
                + all.stream().map(p -> p.name() + " (" + p.description() + ")").collect(Collectors.joining(", ")));
    }

    /** A fresh target named {@code name}, loaded with the config's dataset. */
    public static Target create(String name, TargetConfig config) {
        return provider(name).create(config);
    }
}
