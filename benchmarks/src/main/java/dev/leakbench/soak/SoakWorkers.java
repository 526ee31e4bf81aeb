package dev.leakbench.soak;

import dev.leakbench.workloads.mix.Cursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * The threads that drive the load, each with its own {@link Cursor}, recording every operation's
 * latency, so the recorder's count is the operation count. The first exception stops them all
 * and is kept for the summary.
 *
 * <ul>
 *   <li><b>Closed loop</b> (no schedule, the default): operations back to back; the latency is
 *       the service time, from the operation's start to its end. A stall is one slow sample, and
 *       the operations it delayed are never counted against it (coordinated omission).</li>
 *   <li><b>Open loop</b> ({@link RateSchedule}, {@code --rate}): each thread starts its operations
 *       at fixed intended times and records the latency from the intended start, so every
 *       operation a stall held up counts the wait; how late each one started goes to the
 *       schedule's lag recorder.</li>
 * </ul>
 */
final class SoakWorkers {

    private final SoakScenario.Load load;
    private final Recorder recorder;
    private final RateSchedule schedule;
    private final Runnable onFailure;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    @SuppressWarnings("unused")
    private volatile long sink; // keeps results observable

    /**
     * @param schedule  the open loop's schedule, or null for a closed loop
     * @param onFailure called once, from the failing thread, after the first failure
     */
    SoakWorkers(SoakScenario.Load load, Recorder recorder, RateSchedule schedule, Runnable onFailure) {
        this.load = load;
        this.recorder = recorder;
        this.schedule = schedule;
        this.onFailure = onFailure;
    }

    /** Starts {@code count} threads; an open loop's schedule starts now. */
    void start(int count) {
        if (schedule != null && schedule.threads() != count) {
            throw new IllegalArgumentException("the schedule is for " + schedule.threads() + " threads, not " + count);
        }
        long origin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Cursor cursor = new Cursor(i);
            int index = i;
            Runnable body = schedule == null ? () -> closedLoop(cursor) : () -> openLoop(cursor, index, origin);
            Thread t = new Thread(body, "soak-worker-" + i);
            t.setDaemon(true); // a worker stuck in the target must not keep the JVM alive after the summary
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void closedLoop(Cursor cursor) {
        long local = 0;
        try {
            while (!stop) {
                long t0 = System.nanoTime();
                local += load.run(cursor);
                recorder.recordValue(System.nanoTime() - t0);
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            sink = local;
        }
    }

    private void openLoop(Cursor cursor, int index, long origin) {
        long local = 0;
        long k = 0;
        try {
            long intended = schedule.intendedStart(origin, index, 0);
            schedule.pending(index, intended);
            while (!stop) {
                long now = System.nanoTime();
                while (now < intended && !stop) {
                    LockSupport.parkNanos(intended - now);
                    now = System.nanoTime();
                }
                if (stop) {
                    break;
                }
                long next = schedule.intendedStart(origin, index, k + 1);
                schedule.started(now - intended);
                schedule.pending(index, next); // while this operation runs, the next start is the one that can fall due
                local += load.run(cursor);
                recorder.recordValue(System.nanoTime() - intended);
                k++;
                intended = next;
            }
            schedule.stopped(origin, index, k, System.nanoTime());
        } catch (Throwable e) {
            fail(e);
        } finally {
            sink = local;
        }
    }

    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            stop = true;
            onFailure.run();
        }
    }

    /** Asks every worker to stop after its current operation and waits up to {@code grace} for each. */
    List<String> stopAndJoin(Duration grace) throws InterruptedException {
        stop = true;
        threads.forEach(LockSupport::unpark); // an open-loop worker waiting for its next start
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
