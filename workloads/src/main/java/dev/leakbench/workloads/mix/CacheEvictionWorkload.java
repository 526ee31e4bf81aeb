package dev.leakbench.workloads.mix;

import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.data.VisitorChecks;
import dev.leakbench.workloads.target.Target;

/**
 * Checks whose keys never repeat in a run (see {@link VisitorChecks}): every check names a new
 * visitor, so a decision cache only ever misses, fills to its capacity and must evict for the rest
 * of the run. Half the checks are allowed (public documents), half denied.
 */
public final class CacheEvictionWorkload implements Workload {

    /** Documents in the cycle (half public); the subjects, not the documents, make each key new. */
    public static final int DEFAULT_DOCUMENTS = 1 << 10;

    private final Target target;
    private final VisitorChecks checks;
    private final AnswerCheck answers = new AnswerCheck(WorkloadKind.CACHE_EVICTION.id());

    public CacheEvictionWorkload(Target target, VisitorChecks checks) {
        this.target = target;
        this.checks = checks;
    }

    public static CacheEvictionWorkload create(Target target, GraphDataset data, long seed) {
        return new CacheEvictionWorkload(target, VisitorChecks.generate(data, DEFAULT_DOCUMENTS, seed));
    }

    /** One check with a never-seen key; returns the decision. */
    public boolean check(Cursor cursor) {
        long n = cursor.next();
        boolean expected = checks.expected(n);
        return answers.record(
                target.check(checks.document(n), GraphDataset.VIEWER, VisitorChecks.visitor(cursor.stream(), n)),
                expected,
                checks.document(n));
    }

    public AnswerCheck answers() {
        return answers;
    }

    @Override
    public void verify() {
        answers.verify();
    }
}
