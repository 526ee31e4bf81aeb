package dev.leakbench.workloads.mix;

import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.workloads.data.ExpandRequest;
import dev.leakbench.workloads.data.ExpandRequests;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.data.PowerOfTwo;
import dev.leakbench.workloads.target.Target;
import java.util.Set;

/**
 * Expands over usersets: half {@code group#member} (each group's fan-out of members, plus a nested
 * group's), half {@code document#viewer} (direct grants, groups and inherited folder viewers), each
 * returning at most {@code limit} subjects.
 */
public final class ExpandWorkload implements Workload {

    public static final int DEFAULT_REQUESTS = 1 << 12;

    private final Target target;
    private final ExpandRequest[] requests;
    private final int mask;
    private final int limit;

    public ExpandWorkload(Target target, ExpandRequest[] requests, int limit) {
        PowerOfTwo.require(requests.length, "expand requests");
        if (limit < 1) {
            throw new IllegalArgumentException("expand limit must be >= 1, was " + limit);
        }
        this.target = target;
        this.requests = requests;
        this.mask = requests.length - 1;
        this.limit = limit;
    }

    public static ExpandWorkload create(Target target, GraphDataset data, int requests, int limit, long seed) {
        return new ExpandWorkload(target, ExpandRequests.generate(data, requests, seed), limit);
    }

    /** One expand; returns the subjects. */
    public Set<SubjectRef> expand(Cursor cursor) {
        ExpandRequest r = requests[(int) cursor.next() & mask];
        return target.expand(r.resource(), r.relation(), limit);
    }

    public ExpandRequest[] requests() {
        return requests;
    }
}
