package dev.leakbench.workloads.mix;

import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Target;
import java.time.Duration;

/**
 * Watch subscriptions created, consumed and closed with writes flowing: each operation subscribes at
 * the current revision, takes one {@link RollingWindow} step (a write and a delete), consumes the
 * changes that step produced, and closes the subscription. A subscription that sees none of its own
 * step's changes fails the trial.
 */
public final class StreamingWorkload implements Workload {

    /** Buffer each subscription asks for. */
    public static final int DEFAULT_BUFFER = 64;

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Target target;
    private final RollingWindow window;
    private final int buffer;

    public StreamingWorkload(Target target, RollingWindow window, int buffer) {
        if (buffer < 2) {
            throw new IllegalArgumentException("the watch buffer must hold a step's two changes, was " + buffer);
        }
        this.target = target;
        this.window = window;
        this.buffer = buffer;
    }

    /** One subscribe, write, consume, close; returns the changes consumed. */
    public int subscribeConsumeClose() {
        try (ChangeStream stream = target.watch(buffer)) {
            long n = window.advance();
            int consumed = stream.consume(buffer, WAIT);
            if (consumed == 0) {
                throw new IllegalStateException("streaming: step " + n + " wrote " + window.written(n)
                        + " but its subscription received no change within " + WAIT.toSeconds() + " s");
            }
            return consumed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("streaming: interrupted while consuming", e);
        }
    }

    public RollingWindow window() {
        return window;
    }
}
