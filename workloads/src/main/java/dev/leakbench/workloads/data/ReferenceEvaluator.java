package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers the shared semantics give on a fixed set of tuples, computed the plain way (sets of
 * users, no engine). {@code viewer} is the direct grants plus {@code viewer} of the parent; a userset
 * subject ({@code group:eng#member}) stands for its users; {@code user:*} grants every user.
 *
 * <p>It labels generated requests with their expected answer, so the allow/deny mix of a workload
 * is known exactly, and it is the third opinion when the engine and jCasbin are compared.
 * Not thread-safe while warming its memo; build it once in setup.
 */
public final class ReferenceEvaluator {

    /** The users of one {@code object#relation}, and whether {@code user:*} is among them. */
    public record Users(Set<SubjectRef> users, boolean everyone) {
        public boolean contains(SubjectRef user) {
            return (everyone && GraphDataset.USER.equals(user.type()) && !user.isUserset()) || users.contains(user);
        }
    }

    private record Key(ObjectRef object, String relation) {}

    private final Map<Key, List<SubjectRef>> direct = new HashMap<>();
    private final Map<Key, Users> memo = new HashMap<>();

    public ReferenceEvaluator(List<RelationTuple> tuples) {
        for (RelationTuple t : tuples) {
            direct.computeIfAbsent(new Key(t.resource(), t.relation()), k -> new ArrayList<>())
                    .add(t.subject());
        }
    }

    /** Does {@code user} have {@code relation} on {@code object}? */
    public synchronized boolean check(ObjectRef object, String relation, SubjectRef user) {
        return users(object, relation).contains(user);
    }

    /** Everyone with {@code relation} on {@code object}. */
    public synchronized Users users(ObjectRef object, String relation) {
        return resolve(new Key(object, relation), new HashSet<>());
    }

    private Users resolve(Key key, Set<Key> onPath) {
        Users known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (!onPath.add(key)) {
            return new Users(Set.of(), false); // a cycle adds nothing
        }
        Set<SubjectRef> users = new HashSet<>();
        boolean everyone = false;
        for (SubjectRef s : direct.getOrDefault(key, List.of())) {
            if (s.isWildcard()) {
                everyone = true;
            } else if (s.isUserset()) {
                Users inner = resolve(new Key(s.object(), s.relation()), onPath);
                users.addAll(inner.users());
                everyone |= inner.everyone();
            } else {
                users.add(s);
            }
        }
        if (GraphDataset.VIEWER.equals(key.relation())) {
            for (SubjectRef parent : direct.getOrDefault(new Key(key.object(), GraphDataset.PARENT), List.of())) {
                Users inherited = resolve(new Key(parent.object(), GraphDataset.VIEWER), onPath);
                users.addAll(inherited.users());
                everyone |= inherited.everyone();
            }
        }
        onPath.remove(key);
        Users result = new Users(Collections.unmodifiableSet(users), everyone);
        memo.put(key, result);
        return result;
    }
}
