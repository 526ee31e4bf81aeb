package dev.leakbench.soak;

import dev.leakbench.workloads.mix.Cursor;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads that drive the load: each runs operations back to back with its own {@link Cursor}
 * and records every operation's latency, so the recorder's count is the operation count. The first
 * exception stops them all and is kept for the summary.
 */
final class SoakWorkers {

    private final SoakScenario.Load load;
    private final Recorder recorder;
    private final Runnable onFailure;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;
    @SuppressWarnings("unused")
    private volatile long sink; // keeps results observable

    /** @param onFailure called once, from the failing thread, after the first failure */
    SoakWorkers(SoakScenario.Load load, Recorder recorder, Runnable onFailure) {
        this.load = load;
        this.recorder = recorder;
        this.onFailure = onFailure;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Cursor cursor = new Cursor(i);
            Thread t = new Thread(() -> drive(cursor), "soak-worker-" + i);
            t.setDaemon(true); // a worker stuck in the target must not keep the JVM alive after the summary
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void drive(Cursor cursor) {
        long local = 0;
        try {
            while (!stop) {
                long t0 = System.nanoTime();
                local += load.run(cursor);
                recorder.recordValue(System.nanoTime() - t0);
            }
        } catch (Throwable e) {
            if (failure.compareAndSet(null, e)) {
                stop = true;
                onFailure.run();
            }
        } finally {
            sink = local;
        }
    }

    /** Asks every worker to stop after its current operation and waits up to {@code grace} for each. */
    List<String> stopAndJoin(Duration grace) throws InterruptedException {
        stop = true;
        List<String> stuck = new ArrayList<>();
        for (Thread t : threads) {
            t.join(grace.toMillis());
            if (t.isAlive()) {
                stuck.add(t.getName());
            }
        }
        return stuck;
    }

    /** The first failure, or null. */
    Throwable failure() {
        return failure.get();
    }
}
