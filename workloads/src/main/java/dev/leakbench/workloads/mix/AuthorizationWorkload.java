package dev.leakbench.workloads.mix;

import dev.leakbench.workloads.data.CheckRequest;
import dev.leakbench.workloads.data.CheckRequests;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.data.PowerOfTwo;
import dev.leakbench.workloads.target.Target;

/**
 * Checks over the seeded graph: {@code document#viewer@user} requests, exactly half allowed and half
 * denied (labelled by the reference evaluator). Each answer is compared with its label.
 */
public final class AuthorizationWorkload implements Workload {

    /** Distinct requests in the cycle: more than the default decision cache holds, so it both hits and evaluates. */
    public static final int DEFAULT_REQUESTS = 1 << 14;

    private final Target target;
    private final CheckRequest[] requests;
    private final int mask;
    private final AnswerCheck answers;

    public AuthorizationWorkload(Target target, CheckRequest[] requests, String workload) {
        PowerOfTwo.require(requests.length, "check requests");
        this.target = target;
        this.requests = requests;
        this.mask = requests.length - 1;
        this.answers = new AnswerCheck(workload);
    }

    public static AuthorizationWorkload create(Target target, GraphDataset data, int requests, long seed) {
        return new AuthorizationWorkload(
                target,
                CheckRequests.generate(data, requests, CheckRequests.DEFAULT_ALLOW_SHARE, seed),
                WorkloadKind.AUTHORIZATION.id());
    }

    /** One check; returns the decision. */
    public boolean check(Cursor cursor) {
        CheckRequest r = requests[(int) cursor.next() & mask];
        return answers.record(target.check(r.resource(), r.permission(), r.subject()), r.expected(), r);
    }

    public CheckRequest[] requests() {
        return requests;
    }

    public AnswerCheck answers() {
        return answers;
    }

    @Override
    public void verify() {
        answers.verify();
    }
}
