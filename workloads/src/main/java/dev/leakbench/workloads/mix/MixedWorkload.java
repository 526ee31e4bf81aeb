package dev.leakbench.workloads.mix;

import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.workloads.data.CheckRequest;
import dev.leakbench.workloads.data.ExpandRequest;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;

/**
 * Several operations in fixed shares ({@link OperationMix}) over the same seeded graph: checks with
 * their reference answers, steps of a {@link RollingWindow}, expands, and reads of a document's
 * viewers. The mixed (70/20/10), concurrent (90/10) and connections workloads are instances.
 */
public final class MixedWorkload implements Workload {

    private final Target target;
    private final OperationMix mix;
    private final CheckRequest[] checks;
    private final int checkMask;
    private final ExpandRequest[] expands;
    private final int expandMask;
    private final int expandLimit;
    private final TupleFilter[] reads;
    private final RollingWindow window;
    private final AnswerCheck answers;

    /**
     * @param expands may be null when the mix has no expands
     */
    public MixedWorkload(
            Target target,
            OperationMix mix,
            CheckRequest[] checks,
            ExpandRequest[] expands,
            int expandLimit,
            RollingWindow window,
            String workload) {
        this.target = target;
        this.mix = mix;
        this.checks = checks;
        this.checkMask = checks.length - 1;
        this.expands = expands;
        this.expandMask = expands == null ? 0 : expands.length - 1;
        this.expandLimit = expandLimit;
        this.window = window;
        this.answers = new AnswerCheck(workload);
        this.reads = new TupleFilter[checks.length];
        for (int i = 0; i < checks.length; i++) {
            reads[i] = TupleFilter.resource(checks[i].resource(), checks[i].permission());
        }
    }

    /**
     * One operation, chosen by the mix; returns something that depends on its result (the decision
     * as 0/1, the revision written, or the number of subjects or rows).
     */
    public long next(Cursor cursor) {
        long n = cursor.next();
        Operation op = mix.at(n);
        return switch (op) {
            case CHECK -> check(n) ? 1 : 0;
            case WRITE -> window.advance();
            case EXPAND -> expand(n);
            case READ -> read(n);
            default -> throw new IllegalStateException("the mix has no handler for " + op);
        };
    }

    /**
     * One check, whatever the mix says (for callers that choose the operation themselves, such as
     * one JMH {@code @Group} method per operation); returns the decision, verified like any other.
     */
    public boolean check(Cursor cursor) {
        return check(cursor.next());
    }

    /** One rolling-window step (a write and a delete in one revision); returns the revision. */
    public long write() {
        if (window == null) {
            throw new IllegalStateException("this mix has no writes: " + mix);
        }
        return window.advance();
    }

    /** One expand (at most {@code expandLimit} subjects); returns the number of subjects. */
    public long expand(Cursor cursor) {
        if (expands == null) {
            throw new IllegalStateException("this mix has no expands: " + mix);
        }
        return expand(cursor.next());
    }

    private boolean check(long n) {
        CheckRequest r = checks[(int) n & checkMask];
        return answers.record(target.check(r.resource(), r.permission(), r.subject()), r.expected(), r);
    }

    private long expand(long n) {
        ExpandRequest r = expands[(int) n & expandMask];
        return target.expand(r.resource(), r.relation(), expandLimit).size();
    }

    private long read(long n) {
        return target.read(reads[(int) n & checkMask], 64).size();
    }

    public OperationMix mix() {
        return mix;
    }

    public RollingWindow window() {
        return window;
    }

    public AnswerCheck answers() {
        return answers;
    }

    @Override
    public void verify() {
        answers.verify();
    }
}
