package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import java.util.SplittableRandom;

/**
 * Generates expands over usersets: half {@code group:g#member} (the group's fan-out, nested groups
 * included), half {@code document:d#viewer} (direct grants, groups and the parent folders' viewers).
 */
public final class ExpandRequests {
    private ExpandRequests() {}

    /** @param count a power of two */
    public static ExpandRequest[] generate(GraphDataset data, int count, long seed) {
        PowerOfTwo.require(count, "expand request count");
        ReferenceEvaluator ref = data.evaluator();
        SplittableRandom rnd = new SplittableRandom(seed);
        ExpandRequest[] out = new ExpandRequest[count];
        for (int i = 0; i < count; i++) {
            ObjectRef resource;
            String relation;
            if ((i & 1) == 0) {
                resource = data.groups().get(rnd.nextInt(data.groups().size()));
                relation = GraphDataset.MEMBER;
            } else {
                resource = data.documents().get(rnd.nextInt(data.documents().size()));
                relation = GraphDataset.VIEWER;
            }
            ReferenceEvaluator.Users users = ref.users(resource, relation);
            out[i] = new ExpandRequest(resource, relation, users.users().size(), users.everyone());
        }
        CheckRequests.shuffle(out, rnd);
        return out;
    }
}
