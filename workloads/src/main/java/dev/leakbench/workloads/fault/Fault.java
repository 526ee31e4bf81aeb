package dev.leakbench.workloads.fault;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One known defect, injected to prove that a leak is detected. {@link FaultInjectingTarget} calls
 * {@link #inject} on every N-th operation ({@code faultEvery}), on the thread of that operation,
 * after the operation itself; each call leaks one unit of whatever the fault is named for.
 *
 * <p>Implementations live each in its own package, are thread-safe, and keep what they leaked
 * reachable only so that {@link #close()} can release it when the trial ends.
 */
public interface Fault extends AutoCloseable {

    /** The JMH {@code fault} parameter value, e.g. {@code unbounded-cache}. */
    String name();

    /** Leaks one unit in the context of the operation described by {@code site}. */
    void inject(FaultSite site);

    /** Units leaked so far. */
    long injected();

    /** The structure that grows, for the profiler's {@code root.fault.<name>} measurement. */
    Object root();

    /** Counters specific to this fault, without the {@code fault.} prefix the decorator adds. */
    default Map<String, LongSupplier> gauges() {
        return Map.of();
    }

    /** Releases what was leaked (trial teardown only; never during measurement). */
    @Override
    void close();
}
