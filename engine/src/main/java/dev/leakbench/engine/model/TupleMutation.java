package dev.leakbench.engine.model;

import java.util.Objects;

/** A write or a delete of one tuple; a batch of them becomes one revision. */
public record TupleMutation(Operation operation, RelationTuple tuple) {

    public enum Operation {
        WRITE,
        DELETE
    }

    public TupleMutation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(tuple, "tuple");
    }

    public static TupleMutation write(RelationTuple tuple) {
        return new TupleMutation(Operation.WRITE, tuple);
    }

    public static TupleMutation delete(RelationTuple tuple) {
        return new TupleMutation(Operation.DELETE, tuple);
    }
}
