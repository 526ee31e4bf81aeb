package dev.leakbench.workloads.target.jcasbin;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.target.ChangeListeners;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Gauges;
import dev.leakbench.workloads.target.ListenerRegistry;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.UnsupportedTargetOperationException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.casbin.jcasbin.main.SyncedCachedEnforcer;
import org.casbin.jcasbin.main.SyncedEnforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.rbac.DefaultRoleManager;

/**
 * jCasbin ({@link SyncedEnforcer}, or {@link SyncedCachedEnforcer} with its default cache) on the
 * semantics it shares with the embedded engine: direct grants, group membership and parent
 * inheritance, mapped as {@link CasbinPolicy} describes. Both role managers ({@code g} for
 * subjects, {@code g2} for objects) are {@link DefaultRoleManager}s with an explicit hierarchy depth.
 *
 * <p>Supports check, write and read (by resource), and offers {@link ChangeListeners}. It has no
 * expand and no watch in this sense, so workloads that need them are skipped with
 * {@link UnsupportedTargetOperationException}.
 *
 * <p>On a rule change the cached enforcer drops only the cache entry whose key is that rule itself
 * (and only for some of its add/remove methods), so a change to a group, a parent or a grant to a
 * group or folder would be answered from stale entries; this adapter therefore invalidates the whole
 * cache after every write batch, which is what a correct deployment has to do.
 */
final class JCasbinTarget implements Target {

    private static final Set<Operation> OPERATIONS = EnumSet.of(Operation.CHECK, Operation.WRITE, Operation.READ);

    private final String name;
    private final SyncedEnforcer enforcer;
    private final SyncedCachedEnforcer cached;
    private final ListenerRegistry listeners = new ListenerRegistry();
    private final AtomicLong revision = new AtomicLong();

    JCasbinTarget(String name, boolean cache, int roleHierarchyDepth, List<RelationTuple> tuples) {
        this.name = name;
        Model model = new Model();
        model.loadModelFromText(CasbinPolicy.MODEL);
        this.cached = cache ? new SyncedCachedEnforcer(model) : null;
        this.enforcer = cache ? cached : new SyncedEnforcer(model);
        enforcer.enableLog(false);
        enforcer.setRoleManager(CasbinPolicy.G, new DefaultRoleManager(roleHierarchyDepth));
        enforcer.setRoleManager(CasbinPolicy.G2, new DefaultRoleManager(roleHierarchyDepth));
        enforcer.buildRoleLinks();
        load(tuples);
    }

    private void load(List<RelationTuple> tuples) {
        Map<String, List<List<String>>> byType = new LinkedHashMap<>();
        for (RelationTuple t : tuples) {
            CasbinPolicy p = CasbinPolicy.of(t);
            byType.computeIfAbsent(p.ptype(), k -> new ArrayList<>()).add(p.rule());
        }
        byType.forEach((ptype, rules) -> {
            if (CasbinPolicy.P.equals(ptype)) {
                enforcer.addPolicies(rules);
            } else {
                enforcer.addNamedGroupingPolicies(ptype, rules);
            }
        });
        if (cached != null) {
            cached.invalidateCache();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        for (TupleMutation m : mutations) {
            CasbinPolicy p = CasbinPolicy.of(m.tuple());
            boolean add = m.operation() == TupleMutation.Operation.WRITE;
            if (CasbinPolicy.P.equals(p.ptype())) {
                if (add) {
                    enforcer.addPolicy(p.rule());
                } else {
                    enforcer.removePolicy(p.rule());
                }
            } else if (add) {
                enforcer.addNamedGroupingPolicy(p.ptype(), p.rule());
            } else {
                enforcer.removeNamedGroupingPolicy(p.ptype(), p.rule());
            }
        }
        if (cached != null) {
            cached.invalidateCache();
        }
        long r = revision.incrementAndGet();
        listeners.fire(mutations);
        return r;
    }

    @Override
    public boolean check(ObjectRef resource, String permission, SubjectRef subject) {
        return enforcer.enforce(CasbinPolicy.subjectName(subject, subject), resource.toString(), permission);
    }

    @Override
    public Set<SubjectRef> expand(ObjectRef resource, String relation, int limit) {
        throw new UnsupportedTargetOperationException(name, Operation.EXPAND, "expand");
    }

    @Override
    public List<RelationTuple> read(TupleFilter filter, int limit) {
        if (filter.resourceId() == null) {
            throw new IllegalArgumentException("the " + name + " target reads by resource: the filter needs a resource"
                    + " type and id, got " + filter);
        }
        String resource = filter.resourceType() + ":" + filter.resourceId();
        List<CasbinPolicy> rules = new ArrayList<>();
        String relation = filter.relation();
        if (relation == null || GraphDataset.MEMBER.equals(relation)) {
            enforcer.getFilteredNamedGroupingPolicy(CasbinPolicy.G, 1, resource)
                    .forEach(r -> rules.add(new CasbinPolicy(CasbinPolicy.G, r)));
        }
        if (relation == null || GraphDataset.PARENT.equals(relation)) {
            enforcer.getFilteredNamedGroupingPolicy(CasbinPolicy.G2, 0, resource)
                    .forEach(r -> rules.add(new CasbinPolicy(CasbinPolicy.G2, r)));
        }
        if (relation == null || !(GraphDataset.MEMBER.equals(relation) || GraphDataset.PARENT.equals(relation))) {
            List<List<String>> grants = relation == null
                    ? enforcer.getFilteredPolicy(1, resource)
                    : enforcer.getFilteredPolicy(1, resource, relation);
            grants.forEach(r -> rules.add(new CasbinPolicy(CasbinPolicy.P, r)));
        }
        List<RelationTuple> out = new ArrayList<>(Math.min(limit, rules.size()));
        for (CasbinPolicy rule : rules) {
            RelationTuple t = rule.toTuple();
            if (filter.matches(t)) {
                out.add(t);
                if (out.size() == limit) {
                    break;
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Override
    public ChangeStream watch(int bufferCapacity) {
        throw new UnsupportedTargetOperationException(name, Operation.WATCH, "watch");
    }

    @Override
    public Map<String, Object> roots() {
        Map<String, Object> roots = new LinkedHashMap<>();
        roots.put("enforcer", enforcer);
        roots.put("model", enforcer.getModel());
        roots.put("roles.subjects", enforcer.getNamedRoleManager(CasbinPolicy.G));
        roots.put("roles.objects", enforcer.getNamedRoleManager(CasbinPolicy.G2));
        if (cached != null) {
            CasbinCacheProbe.cache(cached).ifPresent(c -> roots.put("cache", c));
        }
        roots.put("listeners", listeners);
        return roots;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        Map<String, LongSupplier> gauges = new LinkedHashMap<>();
        gauges.put(
                Gauges.POLICIES,
                () -> enforcer.getPolicy().size()
                        + enforcer.getNamedGroupingPolicy(CasbinPolicy.G).size()
                        + enforcer.getNamedGroupingPolicy(CasbinPolicy.G2).size());
        if (cached != null) {
            gauges.put(Gauges.CACHE_ENTRIES, () -> CasbinCacheProbe.entries(cached));
        }
        gauges.put(Gauges.LISTENERS_REGISTERED, listeners::registeredListeners);
        return gauges;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return type == ChangeListeners.class ? Optional.of(type.cast(listeners)) : Target.super.capability(type);
    }

    @Override
    public void close() {
        listeners.clear();
        enforcer.clearPolicy();
    }

    @Override
    public String toString() {
        return name + " (jCasbin " + enforcer.getClass().getSimpleName() + ")";
    }
}
