package dev.leakbench.workloads.mix;

import dev.leakbench.workloads.target.Operation;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link Workload} a trial runs: the id reports use ({@code workload=mixed} in the setup line,
 * the answer check's messages), the target operations it needs, and (through its position) the seed
 * its requests are drawn from. Several kinds can be one workload class: {@code concurrent},
 * {@code connections} and {@code mixed} are all {@link MixedWorkload}s, with different shares.
 */
public enum WorkloadKind {
    AUTHORIZATION("authorization", EnumSet.of(Operation.CHECK)),
    EXPAND("expand", EnumSet.of(Operation.EXPAND)),
    STORAGE("storage", EnumSet.of(Operation.WRITE, Operation.READ)),
    CACHE_EVICTION("cache-eviction", EnumSet.of(Operation.CHECK)),
    CONCURRENT("concurrent", EnumSet.of(Operation.CHECK, Operation.WRITE)),
    STREAMING("streaming", EnumSet.of(Operation.WATCH, Operation.WRITE)),
    CONNECTIONS("connections", EnumSet.of(Operation.CHECK, Operation.WRITE, Operation.READ)),
    MIXED("mixed", EnumSet.of(Operation.CHECK, Operation.WRITE, Operation.EXPAND));

    private final String id;
    private final Set<Operation> operations;

    WorkloadKind(String id, Set<Operation> operations) {
        this.id = id;
        this.operations = operations;
    }

    public String id() {
        return id;
    }

    /** What a target must support to run this workload. */
    public Set<Operation> operations() {
        return EnumSet.copyOf(operations);
    }
}
