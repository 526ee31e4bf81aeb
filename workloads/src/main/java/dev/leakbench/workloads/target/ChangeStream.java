package dev.leakbench.workloads.target;

import java.time.Duration;

/** A target's watch subscription, reduced to what the streaming workload needs. Must be closed. */
public interface ChangeStream extends AutoCloseable {

    /** Waits at most {@code timeout} for changes and returns how many were consumed (0 if none). */
    int consume(int max, Duration timeout) throws InterruptedException;

    @Override
    void close();
}
