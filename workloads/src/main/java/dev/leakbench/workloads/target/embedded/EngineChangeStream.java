package dev.leakbench.workloads.target.embedded;

import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.store.WatchSubscription;
import dev.leakbench.workloads.target.ChangeStream;
import java.time.Duration;

/** A {@link ChangeStream} over the engine's {@link WatchSubscription}. */
final class EngineChangeStream implements ChangeStream {

    private final WatchSubscription subscription;

    EngineChangeStream(WatchSubscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public int consume(int max, Duration timeout) throws InterruptedException {
        if (max < 1) {
            return 0;
        }
        Change first = subscription.poll(timeout);
        if (first == null) {
            return 0;
        }
        return max == 1 ? 1 : 1 + subscription.drain(max - 1).size();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
