package dev.leakbench.workloads.target.jcasbin;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.workloads.data.GraphDataset;
import java.util.List;

/**
 * How a relation tuple of the shared semantics becomes a jCasbin rule, and back.
 *
 * <table>
 * <caption>tuple to rule</caption>
 * <tr><th>tuple</th><th>rule</th></tr>
 * <tr><td>{@code group:g#member@user:u}</td><td>{@code g, user:u, group:g}</td></tr>
 * <tr><td>{@code group:g#member@group:h#member}</td><td>{@code g, group:h, group:g}</td></tr>
 * <tr><td>{@code document:d#parent@folder:f}</td><td>{@code g2, document:d, folder:f}</td></tr>
 * <tr><td>{@code document:d#viewer@user:u}</td><td>{@code p, user:u, document:d, viewer}</td></tr>
 * <tr><td>{@code document:d#viewer@group:g#member}</td><td>{@code p, group:g, document:d, viewer}</td></tr>
 * <tr><td>{@code document:d#viewer@user:*}</td><td>{@code p, user:*, document:d, viewer}</td></tr>
 * </table>
 *
 * Anything else (a userset other than {@code #member}, a {@code parent} pointing at a userset) has no
 * jCasbin counterpart in this model and is rejected with the tuple in the message.
 *
 * @param ptype {@code p}, {@code g} or {@code g2}
 * @param rule  the rule's fields
 */
record CasbinPolicy(String ptype, List<String> rule) {

    static final String P = "p";
    static final String G = "g";
    static final String G2 = "g2";

    /**
     * The model: a request is allowed when some grant {@code p} names the action, an object the
     * request's object inherits from through {@code g2} (itself included), and a subject the
     * request's subject is a member of through {@code g} (itself included) or the wildcard of its type.
     */
    static final String MODEL = """
            [request_definition]
            r = sub, obj, act

            [policy_definition]
            p = sub, obj, act

            [role_definition]
            g = _, _
            g2 = _, _

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = r.act == p.act && g2(r.obj, p.obj) && (keyMatch(r.sub, p.sub) || g(r.sub, p.sub))
            """;

    static CasbinPolicy of(RelationTuple t) {
        String relation = t.relation();
        SubjectRef s = t.subject();
        if (GraphDataset.MEMBER.equals(relation)) {
            if (s.isWildcard()) {
                throw outside(t, "a wildcard member needs role pattern matching, which this model leaves off");
            }
            return new CasbinPolicy(G, List.of(subjectName(s, t), t.resource().toString()));
        }
        if (GraphDataset.PARENT.equals(relation)) {
            if (s.isUserset() || s.isWildcard()) {
                throw outside(t, "a parent must be a plain object");
            }
            return new CasbinPolicy(
                    G2, List.of(t.resource().toString(), s.object().toString()));
        }
        return new CasbinPolicy(P, List.of(subjectName(s, t), t.resource().toString(), relation));
    }

    /** The jCasbin name of a request or rule subject: {@code user:u}, {@code user:*}, or {@code group:g} for {@code group:g#member}. */
    static String subjectName(SubjectRef s, Object context) {
        if (!s.isUserset()) {
            return s.toString();
        }
        if (GraphDataset.MEMBER.equals(s.relation())) {
            return s.object().toString();
        }
        throw new IllegalArgumentException(
                "the jcasbin target models only direct grants, group membership (#member) and"
                        + " parent inheritance; '" + context + "' uses the userset " + s + ", which it cannot express");
    }

    /** The tuple a rule stands for (the inverse of {@link #of}). */
    RelationTuple toTuple() {
        return switch (ptype) {
            case G -> RelationTuple.of(ObjectRef.parse(rule.get(1)), GraphDataset.MEMBER, memberSubject(rule.get(0)));
            case G2 ->
                RelationTuple.of(ObjectRef.parse(rule.get(0)), GraphDataset.PARENT, SubjectRef.parse(rule.get(1)));
            case P -> RelationTuple.of(ObjectRef.parse(rule.get(1)), rule.get(2), memberSubject(rule.get(0)));
            default -> throw new IllegalStateException("unknown policy type " + ptype);
        };
    }

    private static SubjectRef memberSubject(String name) {
        SubjectRef s = SubjectRef.parse(name);
        return GraphDataset.GROUP.equals(s.type()) && !s.isWildcard()
                ? SubjectRef.userset(s.type(), s.object().id(), GraphDataset.MEMBER)
                : s;
    }

    private static IllegalArgumentException outside(RelationTuple t, String why) {
        return new IllegalArgumentException("the jcasbin target cannot express '" + t + "': " + why);
    }
}
