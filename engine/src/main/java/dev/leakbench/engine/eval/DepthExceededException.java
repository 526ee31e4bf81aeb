package dev.leakbench.engine.eval;

import dev.leakbench.engine.model.ObjectRef;

/**
 * An evaluation had to follow more nested {@code object#relation} steps than the depth limit allows.
 * Cyclic data does not cause this (a step already on the path counts as no access), so the graph
 * really is that deep from {@link #start()}: flatten it or raise the limit.
 */
public class DepthExceededException extends RuntimeException {

    private final int limit;
    private final ObjectRef start;
    private final String startRelation;

    public DepthExceededException(int limit, ObjectRef start, String startRelation, String message) {
        super(message);
        this.limit = limit;
        this.start = start;
        this.startRelation = startRelation;
    }

    /** The depth limit in force. */
    public int limit() {
        return limit;
    }

    /** The object the evaluation started from. */
    public ObjectRef start() {
        return start;
    }

    /** The relation the evaluation started from. */
    public String startRelation() {
        return startRelation;
    }
}
