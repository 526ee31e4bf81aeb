package dev.leakbench.workloads.target.jcasbin;

import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.TargetConfig;
import dev.leakbench.workloads.target.TargetOptions;
import dev.leakbench.workloads.target.TargetProvider;
import java.util.Map;

/**
 * {@code jcasbin}: jCasbin 1.99's {@code SyncedEnforcer} loaded with the dataset as RBAC rules.
 * Option {@code roleHierarchyDepth} (default {@value #DEFAULT_ROLE_HIERARCHY_DEPTH}) is the depth
 * both role managers follow; it must cover the dataset's deepest group or folder chain.
 */
public class JCasbinTargetProvider implements TargetProvider {

    /** jCasbin's own default, stated so it does not change under us with a library upgrade. */
    public static final int DEFAULT_ROLE_HIERARCHY_DEPTH = 10;

    public static final String ROLE_HIERARCHY_DEPTH = "roleHierarchyDepth";

    @Override
    public String name() {
        return "jcasbin";
    }

    @Override
    public String description() {
        return "jCasbin 1.99 SyncedEnforcer on the shared semantics (direct grants, groups, parents)";
    }

    boolean cached() {
        return false;
    }

    @Override
    public Target create(TargetConfig config) {
        TargetOptions options = TargetOptions.parse(
                name(), config, Map.of(ROLE_HIERARCHY_DEPTH, Integer.toString(DEFAULT_ROLE_HIERARCHY_DEPTH)));
        int depth = options.intValue(ROLE_HIERARCHY_DEPTH);
        if (depth < 1) {
            throw new IllegalArgumentException(
                    "target '" + name() + "': " + ROLE_HIERARCHY_DEPTH + " must be >= 1, was " + depth);
        }
        if (config.dataset() instanceof GraphDataset g && g.spec().maxInheritanceHops() > depth) {
            throw new IllegalArgumentException("target '" + name() + "': the dataset has inheritance chains of "
                    + g.spec().maxInheritanceHops() + " hops but " + ROLE_HIERARCHY_DEPTH + " is " + depth
                    + "; jCasbin would deny what the engine allows");
        }
        return new JCasbinTarget(name(), cached(), depth, config.dataset().tuples());
    }
}
