package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tuples write workloads add and later delete: {@code document:d#viewer@user:w<i>}, each with its
 * own writer user {@code w<i>} who appears nowhere in the seeded data. So the churn never changes
 * the answer to a generated check, and no two churn tuples are equal.
 */
public final class ChurnTuples {
    private ChurnTuples() {}

    /** @param count a power of two */
    public static RelationTuple[] generate(GraphDataset data, int count, long seed) {
        PowerOfTwo.require(count, "churn tuple count");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ObjectRef> docs = data.documents();
        RelationTuple[] out = new RelationTuple[count];
        for (int i = 0; i < count; i++) {
            out[i] = RelationTuple.of(
                    docs.get(rnd.nextInt(docs.size())), GraphDataset.VIEWER, SubjectRef.of(GraphDataset.USER, "w" + i));
        }
        return out;
    }
}
