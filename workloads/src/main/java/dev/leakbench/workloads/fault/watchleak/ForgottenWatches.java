package dev.leakbench.workloads.fault.watchleak;

import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.fault.HeldLeaks;
import dev.leakbench.workloads.fault.UnsupportedFaultException;
import dev.leakbench.workloads.target.ChangeStream;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import java.time.Duration;

/**
 * {@code watch-leak}: a consumer subscribes to changes to see its request's effect propagate, takes
 * what is already there, and on the path where nothing had arrived returns without closing the
 * subscription. The store keeps delivering to it: {@code streams.open} climbs by one per sampled
 * operation, each holding its buffer, and every write pays to feed the forgotten subscribers.
 *
 * <p>Needs a target that supports {@link Operation#WATCH}.
 */
public final class ForgottenWatches extends HeldLeaks<ChangeStream> {

    /** The buffer the consumer asks for: small, as a "wait for my write" subscription would. */
    public static final int BUFFER_CAPACITY = 16;

    private final Target target;

    public ForgottenWatches(Target target) {
        if (!target.operations().contains(Operation.WATCH)) {
            throw new UnsupportedFaultException("watch-leak", target.name(), "watch subscriptions");
        }
        this.target = target;
    }

    @Override
    public String name() {
        return "watch-leak";
    }

    @Override
    public void inject(FaultSite site) {
        ChangeStream stream = target.watch(BUFFER_CAPACITY);
        try {
            stream.consume(BUFFER_CAPACITY, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hold(stream); // nothing arrived, so the consumer returned early: no close()
    }

    @Override
    protected void release(ChangeStream stream) {
        stream.close();
    }
}
