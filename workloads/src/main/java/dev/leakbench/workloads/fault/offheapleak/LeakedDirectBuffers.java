package dev.leakbench.workloads.fault.offheapleak;

import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.fault.HeldLeaks;
import dev.leakbench.workloads.target.Target;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code offheap-leak}: a response is serialised into a direct buffer taken from a pool; on the path
 * that sends a cached response the buffer is never handed back, and the pool's "outstanding" list
 * keeps it. Each sampled operation holds {@value #BUFFER_BYTES} bytes of native memory
 * ({@code buffers.direct} grows) behind a heap footprint of a few dozen bytes — the leak a heap-only
 * check misses.
 *
 * <p>Works on any target.
 */
public final class LeakedDirectBuffers extends HeldLeaks<ByteBuffer> {

    /** Size of one response buffer. */
    public static final int BUFFER_BYTES = 4096;

    public LeakedDirectBuffers(Target target) {
        // applies to any target
    }

    @Override
    public String name() {
        return "offheap-leak";
    }

    @Override
    public void inject(FaultSite site) {
        ByteBuffer response = ByteBuffer.allocateDirect(BUFFER_BYTES);
        response.putLong(site.sequence()).putInt(site.operation().ordinal());
        hold(response); // borrowed, never returned
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("buffers.held.bytes", () -> injected() * BUFFER_BYTES);
    }

    /** Buffers held (for tests). */
    public int held() {
        return (int) injected();
    }

    @Override
    protected void release(ByteBuffer buffer) {
        // nothing to do: the cleaner frees the native memory once the buffer is collected
    }
}
