package dev.leakbench.workloads.mix;

import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.data.ChurnTuples;
import dev.leakbench.workloads.data.GraphDataset;
import dev.leakbench.workloads.data.PowerOfTwo;
import dev.leakbench.workloads.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write side of every steady-state workload: each step writes the next churn tuple and deletes
 * the one written {@code window} steps earlier, in one batch (one revision). After {@link #fill()}
 * exactly {@code window} churn tuples are live at any time, so the live data set does not grow.
 *
 * <p>Steps are numbered by a shared counter and may run on many threads. With concurrent writers a
 * delete can overtake the write it pairs with; then that tuple stays until its slot comes round
 * again, so the live count may exceed the window by the number of writers in flight, never more.
 */
public final class RollingWindow {

    private final Target target;
    private final RelationTuple[] churn;
    private final List<List<TupleMutation>> steps;
    private final TupleFilter[] readBack;
    private final int window;
    private final int mask;
    private final AtomicLong next = new AtomicLong();

    /**
     * @param window live churn tuples; at most half the churn pool, which is sized from it
     */
    public RollingWindow(Target target, GraphDataset data, int window, long seed) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, was " + window);
        }
        this.target = target;
        this.window = window;
        this.churn = ChurnTuples.generate(data, PowerOfTwo.atLeast(Math.max(1024, 2 * window)), seed);
        this.mask = churn.length - 1;
        // Pre-built batches: step n writes churn[n] and deletes churn[n - window].
        this.steps = new ArrayList<>(churn.length);
        this.readBack = new TupleFilter[churn.length];
        for (int i = 0; i < churn.length; i++) {
            RelationTuple add = churn[i];
            RelationTuple drop = churn[(i - window) & mask];
            steps.add(List.of(TupleMutation.write(add), TupleMutation.delete(drop)));
            readBack[i] = new TupleFilter(add.resource().type(), add.resource().id(), add.relation(), add.subject());
        }
    }

    /** Writes the first {@code window} churn tuples (setup, not measured). */
    public void fill() {
        List<TupleMutation> batch = new ArrayList<>();
        for (int i = 0; i < window; i++) {
            batch.add(TupleMutation.write(churn[i]));
            if (batch.size() == 1_000) {
                target.write(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            target.write(batch);
        }
        next.set(window);
    }

    /** One step; returns its number. */
    public long advance() {
        long n = next.getAndIncrement();
        target.write(steps.get((int) n & mask));
        return n;
    }

    /** The tuple step {@code n} wrote. */
    public RelationTuple written(long n) {
        return churn[(int) n & mask];
    }

    /** A read filter that matches exactly the tuple step {@code n} wrote. */
    public TupleFilter readBack(long n) {
        return readBack[(int) n & mask];
    }

    public int window() {
        return window;
    }

    /** Steps taken since {@link #fill()}. */
    public long steps() {
        return next.get() - window;
    }
}
