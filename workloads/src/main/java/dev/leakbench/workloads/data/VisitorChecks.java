package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks whose keys never repeat: the n-th check of stream s asks whether visitor
 * {@code user:v<s>_<n>} may view a document. Visitors appear in no tuple, so the answer is allow
 * exactly when the document is public ({@code user:*}, directly or through a folder); the documents
 * cycle through a pre-generated array that is half public, half private.
 *
 * <p>With a 64-bit counter per stream, a run never asks the same (document, subject) twice, however
 * long it is: a decision cache sees only misses and must evict for the whole run.
 */
public final class VisitorChecks {

    private final ObjectRef[] documents;
    private final boolean[] expected;
    private final int mask;

    private VisitorChecks(ObjectRef[] documents, boolean[] expected) {
        this.documents = documents;
        this.expected = expected;
        this.mask = documents.length - 1;
    }

    /** @param count documents in the cycle, a power of two; half of them public */
    public static VisitorChecks generate(GraphDataset data, int count, long seed) {
        PowerOfTwo.require(count, "visitor document count");
        ReferenceEvaluator ref = data.evaluator();
        List<ObjectRef> open = new ArrayList<>();
        List<ObjectRef> closed = new ArrayList<>();
        for (ObjectRef doc : data.documents()) {
            (ref.users(doc, GraphDataset.VIEWER).everyone() ? open : closed).add(doc);
        }
        if (open.isEmpty() || closed.isEmpty()) {
            throw new IllegalStateException("the dataset needs public and private documents for visitor checks; it has "
                    + open.size() + " public and " + closed.size() + " private (raise or lower publicShare)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        ObjectRef[] docs = new ObjectRef[count];
        boolean[] expected = new boolean[count];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        CheckRequests.shuffle(order, rnd); // public and private documents interleave at random
        for (int i = 0; i < count; i++) {
            boolean pub = order[i] < count / 2;
            List<ObjectRef> from = pub ? open : closed;
            docs[i] = from.get(rnd.nextInt(from.size()));
            expected[i] = pub;
        }
        return new VisitorChecks(docs, expected);
    }

    /** The document of the n-th check. */
    public ObjectRef document(long n) {
        return documents[(int) n & mask];
    }

    /** The answer the n-th check must get. */
    public boolean expected(long n) {
        return expected[(int) n & mask];
    }

    /** The never-seen subject of the n-th check of stream {@code stream}. */
    public static SubjectRef visitor(int stream, long n) {
        return SubjectRef.of(GraphDataset.USER, "v" + stream + "_" + n);
    }

    public int size() {
        return documents.length;
    }
}
