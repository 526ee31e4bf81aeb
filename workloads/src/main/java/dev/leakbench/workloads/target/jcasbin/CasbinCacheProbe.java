package dev.leakbench.workloads.target.jcasbin;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import org.casbin.jcasbin.main.SyncedCachedEnforcer;

/**
 * Reads the size of a {@link SyncedCachedEnforcer}'s decision cache. jCasbin does not expose it, so
 * this looks at the enforcer's {@code cache} field and, for its default cache, the map inside;
 * when either is missing (another jCasbin version) the gauge reports -1 rather than guessing.
 */
final class CasbinCacheProbe {
    private CasbinCacheProbe() {}

    static Optional<Object> cache(SyncedCachedEnforcer enforcer) {
        return field(enforcer, "cache");
    }

    static long entries(SyncedCachedEnforcer enforcer) {
        return cache(enforcer)
                .flatMap(c -> field(c, "cache"))
                .filter(Map.class::isInstance)
                .map(m -> (long) ((Map<?, ?>) m).size())
                .orElse(-1L);
    }

    private static Optional<Object> field(Object owner, String name) {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return Optional.ofNullable(f.get(owner));
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
