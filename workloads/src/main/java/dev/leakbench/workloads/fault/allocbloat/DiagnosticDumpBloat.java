package dev.leakbench.workloads.fault.allocbloat;

import dev.leakbench.workloads.fault.Fault;
import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.target.Target;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code alloc-bloat}: a diagnostic dump of the request is formatted on every sampled operation
 * although nothing logs it (the level check sits inside the logger, after the string is built).
 * Each dump is about {@value #DUMP_CHARS} characters of short-lived garbage: bytes/op goes up,
 * the heap after GC does not. It is the fault an allocation-regression check must catch and a leak
 * check must not call a leak.
 *
 * <p>Works on any target.
 */
public final class DiagnosticDumpBloat implements Fault {

    /** Size of one dump, in characters. */
    public static final int DUMP_CHARS = 32 * 1024;

    private final AtomicLong dumps = new AtomicLong();
    private final Object root = new Object();
    private volatile int sink; // keeps the dump from being optimised away

    public DiagnosticDumpBloat(Target target) {
        // applies to any target
    }

    @Override
    public String name() {
        return "alloc-bloat";
    }

    @Override
    public void inject(FaultSite site) {
        StringBuilder dump = new StringBuilder();
        String line = "request " + site + " outcome=" + site.outcome() + " thread="
                + Thread.currentThread().getName() + '\n';
        for (int i = 0; dump.length() < DUMP_CHARS; i++) {
            dump.append(i).append(": ").append(line);
        }
        debug(dump.toString());
        dumps.incrementAndGet();
    }

    /** The logger whose level is off. */
    private void debug(String message) {
        sink = message.length();
    }

    @Override
    public long injected() {
        return dumps.get();
    }

    @Override
    public Object root() {
        return root; // retains nothing, by design
    }

    @Override
    public void close() {}
}
