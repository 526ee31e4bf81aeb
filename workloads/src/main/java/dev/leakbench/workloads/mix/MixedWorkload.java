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
public final class MixedWorkload {

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
    public MixedWorkload(Target target, OperationMix mix, CheckRequest[] checks, ExpandRequest[] expands, int expandLimit,
                         RollingWindow window, String workload) {
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
        switch (op) {
            case CHECK -> {
                CheckRequest r = checks[(int) n & checkMask];
                return answers.record(target.check(r.resource(), r.permission(), r.subject()), r.expected(), r) ? 1 : 0;
            }
            case WRITE -> {
                return window.advance();
            }
            case EXPAND -> {
                ExpandRequest r = expands[(int) n & expandMask];
                return target.expand(r.resource(), r.relation(), expandLimit).size();
            }
            case READ -> {
                return target.read(reads[(int) n & checkMask], 64).size();
            }
            default -> throw new IllegalStateException("the mix has no handler for " + op);
        }
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
}
