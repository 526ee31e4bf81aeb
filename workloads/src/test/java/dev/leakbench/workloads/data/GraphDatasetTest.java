package dev.leakbench.workloads.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.engine.model.RelationTuple;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphDatasetTest {

    @Test
    void sameSeedGivesTheSameTuplesInTheSameOrder() {
        List<RelationTuple> a = GraphDataset.generate(DatasetSpec.defaults()).tuples();
        List<RelationTuple> b = GraphDataset.generate(DatasetSpec.defaults()).tuples();
        assertEquals(a, b, "two datasets from seed " + DatasetSpec.DEFAULT_SEED + " differ");
    }

    @Test
    void anotherSeedGivesOtherTuples() {
        List<RelationTuple> a = GraphDataset.generate(DatasetSpec.defaults()).tuples();
        List<RelationTuple> b =
                GraphDataset.generate(DatasetSpec.defaults().withSeed(7)).tuples();
        assertNotEquals(new HashSet<>(a), new HashSet<>(b), "seeds 42 and 7 gave the same tuples");
    }

    @Test
    void defaultDatasetHasEveryKindOfGrantAndNoDuplicates() {
        GraphDataset d = GraphDataset.generate(DatasetSpec.defaults());
        List<RelationTuple> tuples = d.tuples();
        assertEquals(tuples.size(), new HashSet<>(tuples).size(), "duplicate tuples in the dataset");
        assertTrue(tuples.stream().anyMatch(t -> t.subject().isWildcard()), "no user:* grant");
        assertTrue(
                tuples.stream()
                        .anyMatch(t -> t.subject().isUserset() && t.relation().equals("viewer")),
                "no group grant");
        assertTrue(
                tuples.stream()
                        .anyMatch(t -> t.resource().type().equals("group")
                                && t.subject().isUserset()),
                "no nested group");
        assertTrue(
                tuples.stream()
                        .anyMatch(t -> t.resource().type().equals("folder")
                                && t.relation().equals("parent")),
                "no nested folder");
        long parents = tuples.stream()
                .filter(t ->
                        t.resource().type().equals("document") && t.relation().equals("parent"))
                .count();
        assertEquals(d.spec().documents(), parents, "every document has exactly one parent folder");
    }

    @Test
    void checkRequestsAreHalfAllowedByTheReferenceAndDeterministic() {
        GraphDataset d = GraphDataset.generate(DatasetSpec.defaults());
        CheckRequest[] requests = CheckRequests.generate(d, 4096, CheckRequests.DEFAULT_ALLOW_SHARE, 1);
        double share = CheckRequests.allowShare(requests);
        assertTrue(share >= 0.45 && share <= 0.55, "allow share " + share + " is outside [0.45, 0.55]");
        for (CheckRequest r : requests) {
            assertEquals(d.evaluator().check(r.resource(), r.permission(), r.subject()), r.expected(), "label of " + r);
        }
        assertEquals(List.of(requests), List.of(CheckRequests.generate(d, 4096, 0.5, 1)), "same seed, other requests");
        long distinct = java.util.Arrays.stream(requests).distinct().count();
        assertTrue(distinct > 3000, "only " + distinct + " distinct requests of 4096");
    }

    @Test
    void visitorChecksAreHalfPublicAndNeverRepeatAKey() {
        GraphDataset d = GraphDataset.generate(DatasetSpec.defaults());
        VisitorChecks checks = VisitorChecks.generate(d, 1024, 3);
        int allow = 0;
        for (int n = 0; n < checks.size(); n++) {
            boolean expected = checks.expected(n);
            assertEquals(
                    d.evaluator().check(checks.document(n), "viewer", VisitorChecks.visitor(0, n)),
                    expected,
                    "visitor check " + n + " on " + checks.document(n));
            allow += expected ? 1 : 0;
        }
        assertEquals(512, allow, "public documents in the cycle of 1024");
        assertNotEquals(VisitorChecks.visitor(0, 5), VisitorChecks.visitor(1, 5), "two threads share a subject");
        assertNotEquals(VisitorChecks.visitor(0, 5), VisitorChecks.visitor(0, 5 + 1024), "the cycle repeats a subject");
    }
}
