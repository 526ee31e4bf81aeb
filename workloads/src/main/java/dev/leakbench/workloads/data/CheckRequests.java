package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the checks of the authorization-style workloads: {@code document#viewer@user} requests
 * with an exact share of allows. Allowed requests pick a user who can see the document (through a
 * direct grant, a group, a parent folder or {@code user:*}); denied ones pick a user who cannot. Every
 * label comes from the {@link ReferenceEvaluator}, not from how the request was drawn.
 */
public final class CheckRequests {

    /** The allow share the workloads use: half allowed, half denied. */
    public static final double DEFAULT_ALLOW_SHARE = 0.5;

    private CheckRequests() {}

    /**
     * @param count      how many requests; a power of two so threads can index with a mask
     * @param allowShare the exact fraction (rounded down) of requests whose answer is allow
     * @param seed       seed of the draw (independent of the dataset's seed)
     */
    public static CheckRequest[] generate(GraphDataset data, int count, double allowShare, long seed) {
        PowerOfTwo.require(count, "check request count");
        if (!(allowShare >= 0 && allowShare <= 1)) {
            throw new IllegalArgumentException("allowShare must be within [0, 1], was " + allowShare);
        }
        ReferenceEvaluator ref = data.evaluator();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ObjectRef> docs = data.documents();
        List<SubjectRef> users = data.users();
        int allows = (int) Math.floor(count * allowShare);
        CheckRequest[] out = new CheckRequest[count];
        for (int i = 0; i < count; i++) {
            out[i] = i < allows ? drawAllowed(ref, docs, users, rnd) : drawDenied(ref, docs, users, rnd);
        }
        shuffle(out, rnd);
        return out;
    }

    private static CheckRequest drawAllowed(
            ReferenceEvaluator ref, List<ObjectRef> docs, List<SubjectRef> users, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            ObjectRef doc = docs.get(rnd.nextInt(docs.size()));
            ReferenceEvaluator.Users viewers = ref.users(doc, GraphDataset.VIEWER);
            SubjectRef user;
            if (viewers.everyone()) {
                user = users.get(rnd.nextInt(users.size()));
            } else if (!viewers.users().isEmpty()) {
                List<SubjectRef> sorted = new ArrayList<>(viewers.users());
                sorted.sort(null); // set order is not stable across runs; sorted order is
                user = sorted.get(rnd.nextInt(sorted.size()));
            } else {
                continue;
            }
            return label(ref, doc, user, true);
        }
        throw new IllegalStateException("no document in the dataset has a viewer: cannot draw an allowed check");
    }

    private static CheckRequest drawDenied(
            ReferenceEvaluator ref, List<ObjectRef> docs, List<SubjectRef> users, SplittableRandom rnd) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            ObjectRef doc = docs.get(rnd.nextInt(docs.size()));
            SubjectRef user = users.get(rnd.nextInt(users.size()));
            if (!ref.check(doc, GraphDataset.VIEWER, user)) {
                return label(ref, doc, user, false);
            }
        }
        throw new IllegalStateException(
                "every sampled user can view every sampled document: cannot draw a denied check");
    }

    private static CheckRequest label(ReferenceEvaluator ref, ObjectRef doc, SubjectRef user, boolean wanted) {
        boolean expected = ref.check(doc, GraphDataset.VIEWER, user);
        if (expected != wanted) {
            throw new IllegalStateException(
                    "request generator disagrees with the reference evaluator on " + doc + "@" + user);
        }
        return new CheckRequest(doc, GraphDataset.VIEWER, user, expected);
    }

    /** The share of {@code requests} whose expected answer is allow. */
    public static double allowShare(CheckRequest[] requests) {
        int allows = 0;
        for (CheckRequest r : requests) {
            if (r.expected()) {
                allows++;
            }
        }
        return (double) allows / requests.length;
    }

    static <T> void shuffle(T[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
