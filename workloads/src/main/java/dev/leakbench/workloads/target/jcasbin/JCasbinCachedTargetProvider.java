package dev.leakbench.workloads.target.jcasbin;

/**
 * {@code jcasbin-cached}: jCasbin 1.99's {@code SyncedCachedEnforcer} with its default decision
 * cache (an unbounded map: jCasbin sets no capacity), otherwise as {@link JCasbinTargetProvider}.
 */
public final class JCasbinCachedTargetProvider extends JCasbinTargetProvider {

    @Override
    public String name() {
        return "jcasbin-cached";
    }

    @Override
    public String description() {
        return "jCasbin 1.99 SyncedCachedEnforcer (default, unbounded decision cache) on the shared semantics";
    }

    @Override
    boolean cached() {
        return true;
    }
}
