package dev.leakbench.engine.model;

/** A change seen by a Watch: the tuple written or deleted at {@code revision}. */
public record Change(long revision, TupleMutation.Operation operation, RelationTuple tuple) {}
