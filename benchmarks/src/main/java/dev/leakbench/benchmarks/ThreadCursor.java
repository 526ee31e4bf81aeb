package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.Cursor;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A benchmark thread's {@link Cursor} into the workload's pre-generated arrays. Each thread gets its
 * own stream number, so threads start at different places and never share a visitor subject.
 */
@State(Scope.Thread)
public class ThreadCursor {

    private static final AtomicInteger STREAMS = new AtomicInteger();

    public Cursor cursor;

    @Setup(Level.Trial)
    public void assign() {
        cursor = new Cursor(STREAMS.getAndIncrement());
    }
}
