package dev.leakbench.workloads.mix;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts checks that came back different from the reference answer. Recording costs nothing on the
 * common path (the answers agree); {@link #verify()} fails the trial with the first disagreement, so
 * a target that answers wrongly never gets a throughput number.
 */
public final class AnswerCheck {

    private final String workload;
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();

    public AnswerCheck(String workload) {
        this.workload = workload;
    }

    /** Returns {@code actual}, noting it if it differs from {@code expected}. */
    public boolean record(boolean actual, boolean expected, Object request) {
        if (actual != expected) {
            wrong.incrementAndGet();
            first.compareAndSet(null, request + " answered " + (actual ? "allow" : "deny"));
        }
        return actual;
    }

    public long wrongAnswers() {
        return wrong.get();
    }

    /** @throws IllegalStateException if any answer was wrong, naming the first one */
    public void verify() {
        long n = wrong.get();
        if (n > 0) {
            throw new IllegalStateException(
                    workload + ": " + n + " checks got the wrong answer; first: " + first.get());
        }
    }
}
