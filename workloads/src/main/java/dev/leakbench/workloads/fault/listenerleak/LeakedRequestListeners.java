package dev.leakbench.workloads.fault.listenerleak;

import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.workloads.fault.Fault;
import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.fault.UnsupportedFaultException;
import dev.leakbench.workloads.target.ChangeListeners;
import dev.leakbench.workloads.target.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code listener-leak}: each request keeps a small request-scoped cache and registers a change
 * listener to drop it if a write lands meanwhile. The unregister call sits on the success path only,
 * so a sampled request leaves its listener behind — and the listener captures the request's context
 * (the request and its scratch buffer). {@code listeners.registered} climbs by one per sampled
 * operation, and every write visits every leaked listener.
 *
 * <p>Needs a target with {@link ChangeListeners} (every built-in target has them).
 */
public final class LeakedRequestListeners implements Fault {

    /** Scratch space a request context keeps for its cached answers. */
    public static final int CONTEXT_BYTES = 256;

    private final ChangeListeners listeners;
    private final AtomicLong leaked = new AtomicLong();
    private final AtomicLong invalidations = new AtomicLong();

    public LeakedRequestListeners(Target target) {
        this.listeners = target.capability(ChangeListeners.class)
                .orElseThrow(() ->
                        new UnsupportedFaultException("listener-leak", target.name(), "a write-listener registry"));
    }

    /** What a request keeps while it runs; the listener holds on to it. */
    private static final class RequestContext implements Consumer<List<TupleMutation>> {
        private final FaultSite request;
        private final byte[] scratch = new byte[CONTEXT_BYTES];
        private final AtomicLong invalidations;

        RequestContext(FaultSite request, AtomicLong invalidations) {
            this.request = request;
            this.invalidations = invalidations;
        }

        @Override
        public void accept(List<TupleMutation> applied) {
            scratch[0]++; // drop the cached answers
            invalidations.incrementAndGet();
        }

        @Override
        public String toString() {
            return "listener of " + request;
        }
    }

    @Override
    public String name() {
        return "listener-leak";
    }

    @Override
    public void inject(FaultSite site) {
        listeners.onWrite(new RequestContext(site, invalidations)); // registration handle dropped: never removed
        leaked.incrementAndGet();
    }

    @Override
    public long injected() {
        return leaked.get();
    }

    @Override
    public Object root() {
        return listeners;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("listeners.invalidations", invalidations::get);
    }

    @Override
    public void close() {
        // the target's registry goes with the target
    }
}
