package dev.leakbench.workloads.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.data.CheckRequest;
import dev.leakbench.workloads.data.CheckRequests;
import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.data.ExpandRequest;
import dev.leakbench.workloads.data.ExpandRequests;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.data.ReferenceEvaluator;
import dev.leakbench.workloads.data.VisitorChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded engine and jCasbin (plain and cached) must give the reference answers on the shared
 * semantics: direct grants, user:*, groups (nested), parent folders (nested) - before and after writes.
 */
class EngineAgreementTest {

    static GraphDataset data;
    static List<Target> targets;

    @BeforeAll
    static void load() {
        data = GraphDataset.generate(DatasetSpec.sized(11, 200, 200));
        targets = new ArrayList<>();
        for (String name : List.of("embedded", "embedded-jdbc", "jcasbin", "jcasbin-cached")) {
            targets.add(Targets.create(name, TargetConfig.of(data)));
        }
    }

    @AfterAll
    static void close() {
        targets.forEach(Target::close);
    }

    private static void assertAllAgree(List<CheckRequest> sample, ReferenceEvaluator ref, String when) {
        int disagreements = 0;
        StringBuilder first = new StringBuilder();
        for (CheckRequest r : sample) {
            boolean expected = ref.check(r.resource(), r.permission(), r.subject());
            for (Target t : targets) {
                boolean actual = t.check(r.resource(), r.permission(), r.subject());
                if (actual != expected) {
                    if (disagreements++ == 0) {
                        first.append(t.name())
                                .append(" on ")
                                .append(r.resource())
                                .append("#viewer@")
                                .append(r.subject())
                                .append(": ")
                                .append(actual)
                                .append(", reference ")
                                .append(expected);
                    }
                }
            }
        }
        assertEquals(
                0,
                disagreements,
                when + ": " + disagreements + " disagreements with the reference over " + sample.size() + " requests x "
                        + targets.size() + " targets; first: " + first);
    }

    @Test
    void allTargetsAgreeWithTheReferenceOnSeededChecksAndVisitors() {
        List<CheckRequest> sample = new ArrayList<>(List.of(CheckRequests.generate(data, 512, 0.5, 5)));
        VisitorChecks visitors = VisitorChecks.generate(data, 128, 5);
        for (int n = 0; n < visitors.size(); n++) {
            sample.add(new CheckRequest(
                    visitors.document(n), "viewer", VisitorChecks.visitor(9, n), visitors.expected(n)));
        }
        assertAllAgree(sample, data.evaluator(), "seeded data");
    }

    @Test
    void allTargetsStillAgreeAfterGroupParentAndGrantChanges() {
        // Revoke and grant through each shared rule, then compare on requests about the touched objects.
        List<RelationTuple> now = new ArrayList<>(data.tuples());
        RelationTuple member = now.stream()
                .filter(t -> t.relation().equals("member") && !t.subject().isUserset())
                .findFirst()
                .orElseThrow();
        RelationTuple parent = now.stream()
                .filter(t ->
                        t.resource().type().equals("document") && t.relation().equals("parent"))
                .findFirst()
                .orElseThrow();
        ObjectRef otherFolder = data.folders().get(data.folders().size() - 1);
        RelationTuple newParent = RelationTuple.of(parent.resource(), "parent", SubjectRef.of(otherFolder));
        RelationTuple grant = RelationTuple.of(
                otherFolder,
                "viewer",
                SubjectRef.userset("group", member.resource().id(), "member"));
        List<TupleMutation> batch = List.of(
                TupleMutation.delete(member),
                TupleMutation.delete(parent),
                TupleMutation.write(newParent),
                TupleMutation.write(grant));
        // warm the caches first, so a stale cached decision would show
        List<CheckRequest> sample = List.of(CheckRequests.generate(data, 256, 0.5, 6));
        assertAllAgree(sample, data.evaluator(), "before the writes");
        for (Target t : targets) {
            t.write(batch);
        }
        now.remove(member);
        now.remove(parent);
        now.add(newParent);
        now.add(grant);
        ReferenceEvaluator after = new ReferenceEvaluator(now);
        List<CheckRequest> touched = new ArrayList<>(sample);
        for (SubjectRef u : data.users().subList(0, 20)) {
            touched.add(new CheckRequest(parent.resource(), "viewer", u, false));
        }
        touched.add(new CheckRequest(parent.resource(), "viewer", member.subject(), false));
        assertAllAgree(touched, after, "after the writes");
        for (Target t : targets) {
            t.write(List.of(
                    TupleMutation.delete(newParent),
                    TupleMutation.delete(grant),
                    TupleMutation.write(parent),
                    TupleMutation.write(member)));
        }
    }

    @Test
    void embeddedExpandFindsTheReferenceUsers() {
        Target embedded = targets.get(0); // embedded-jdbc runs the same evaluator
        for (ExpandRequest r : ExpandRequests.generate(data, 256, 8)) {
            Set<SubjectRef> subjects = embedded.expand(r.resource(), r.relation(), 100_000);
            long users = subjects.stream()
                    .filter(s -> !s.isWildcard() && s.type().equals("user"))
                    .count();
            String what = r.resource() + "#" + r.relation() + " -> " + subjects;
            assertEquals(r.everyone(), subjects.contains(SubjectRef.wildcard("user")), "user:* in " + what);
            if (r.everyone()) {
                // the engine leaves out users that user:* already covers
                assertTrue(users <= r.expectedUsers(), "more users than the reference in " + what);
            } else {
                assertEquals(r.expectedUsers(), users, "users in " + what);
            }
        }
    }

    @Test
    void readReturnsTheSameRowsOnEveryTarget() {
        for (ObjectRef doc : data.documents().subList(0, 50)) {
            List<RelationTuple> expected = data.tuples().stream()
                    .filter(t -> t.resource().equals(doc))
                    .sorted()
                    .toList();
            for (Target t : targets) {
                assertEquals(expected, t.read(TupleFilter.resource(doc), 1000), t.name() + " read of " + doc);
            }
        }
    }
}
