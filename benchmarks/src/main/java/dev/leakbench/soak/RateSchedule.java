package dev.leakbench.soak;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open loop's schedule ({@code --rate}): when each operation is meant to start, and how far
 * behind that the starts were.
 *
 * <p><b>The rate is the total over all threads.</b> Each of N threads starts one operation every
 * {@code N / rate} seconds on a fixed schedule of its own, and thread {@code i}'s schedule is
 * offset by {@code i / rate}, so the starts of all threads interleave evenly. A thread that is
 * still busy when its next start comes issues it as soon as it is free and keeps the schedule
 * (the intended start times never move), so no operation is skipped and the schedule catches up
 * when the target speeds up again, as in wrk2.
 *
 * <p><b>Latency is measured from the intended start</b>, not from the moment the operation was
 * issued: an operation held up behind a stall counts the time it waited, as a client sending at
 * this rate would see it. That is what wrk2 does. It is not HdrHistogram's
 * {@code recordValueWithExpectedInterval}, which corrects a histogram at recording time for a
 * loop that meant to sample every expected interval but waited for each answer: it adds values
 * decreasing in steps of the interval below each long one, standing in for the samples the wait
 * lost. Here those operations were really scheduled and each records its own latency, so that
 * correction on top would count a stall twice. The closed loop (no {@code --rate}) does not use it
 * either: its operations have no expected interval (each starts when the previous one ends), and a
 * guessed one would invent samples; it records service times as they are, and its summary says
 * that a stall is one slow sample there.
 *
 * <p><b>Lag</b>, how late each operation started against its schedule, goes to a recorder of its
 * own. A start is <em>late</em> when it lags by more than {@link #lateThresholdNanos()}: one
 * thread's period (a whole start behind) and at least {@value #LATE_FLOOR_NANOS} ns, so that the
 * waking up of a thread on a busy machine is not counted at high rates. A start's lag is known only
 * once it starts, so each thread also publishes the intended time of its oldest start not yet
 * issued ({@link #behind}): an operation that hangs for longer than an interval makes that
 * interval fall behind though nothing in it started late. An interval held the rate when at most
 * {@link #LATE_FRACTION} of its starts were late and no thread was more than the threshold behind
 * at its end; the run, when at most that share of its measured starts, counting those due but never
 * issued when it stopped ({@link #unissued()}), were late.
 *
 * <p>The wait for a start uses {@code LockSupport.parkNanos}, whose wake-up delay (tens of
 * microseconds, far more on a loaded machine) is part of every open-loop latency: it is the floor
 * of what this mode can measure.
 */
final class RateSchedule {

    /** Lag below this is never late (1 ms). */
    static final long LATE_FLOOR_NANOS = 1_000_000L;
    /** An interval (or the run) held the rate when at most this share of its starts were late. */
    static final double LATE_FRACTION = 0.01;

    private final SoakRate rate;
    private final int threads;
    private final double periodNanos;
    private final long lateThresholdNanos;
    private final Recorder lag = new Recorder(3);
    private final LongAdder unissued = new LongAdder();
    /** Per thread, the intended time of its oldest start not yet issued; Long.MAX_VALUE when none is pending. */
    private final AtomicLongArray pending;

    RateSchedule(SoakRate rate, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.rate = rate;
        this.threads = threads;
        this.periodNanos = rate.periodNanos(threads);
        this.lateThresholdNanos = Math.max(LATE_FLOOR_NANOS, (long) Math.ceil(periodNanos));
        this.pending = new AtomicLongArray(threads);
        for (int i = 0; i < threads; i++) {
            pending.set(i, Long.MAX_VALUE);
        }
    }

    SoakRate rate() {
        return rate;
    }

    int threads() {
        return threads;
    }

    /** Operations per second each thread starts. */
    double perThread() {
        return rate.perSecond() / threads;
    }

    /** A start that lags by more than this is late. */
    long lateThresholdNanos() {
        return lateThresholdNanos;
    }

    /** When thread {@code thread}'s operation number {@code k} (from 0) is meant to start. */
    long intendedStart(long origin, int thread, long k) {
        return origin + (long) ((k + (double) thread / threads) * periodNanos);
    }

    /** Thread {@code thread}'s next start, not issued yet, is meant for {@code intended}. */
    void pending(int thread, long intended) {
        pending.set(thread, intended);
    }

    /** An operation started {@code lagNanos} after its intended start; any thread may call it. */
    void started(long lagNanos) {
        lag.recordValue(Math.max(0, lagNanos));
    }

    /** How far behind schedule the most overdue start not yet issued is at {@code now}; 0 when none is. */
    long behind(long now) {
        long worst = 0;
        for (int i = 0; i < pending.length(); i++) {
            long due = pending.get(i);
            if (due != Long.MAX_VALUE && now - due > worst) {
                worst = now - due;
            }
        }
        return worst;
    }

    /**
     * A thread stopped at {@code now} with its operation number {@code next} not started: counts
     * the starts that were already due then and never issued.
     */
    void stopped(long origin, int thread, long next, long now) {
        pending.set(thread, Long.MAX_VALUE);
        long due = intendedStart(origin, thread, next);
        if (now >= due) {
            unissued.add(1 + (long) ((now - due) / periodNanos));
        }
    }

    /** Starts that were due when the workers stopped but never issued (their latency is not recorded). */
    long unissued() {
        return unissued.sum();
    }

    /** Resets the lag recorder (the load starts now). */
    void reset() {
        lag.reset();
    }

    /** The lag of the starts since the last call, as {@link Recorder#getIntervalHistogram(Histogram)}. */
    Histogram intervalLag(Histogram recycle) {
        return lag.getIntervalHistogram(recycle);
    }

    /** Starts in {@code lag} that lagged by more than the threshold. */
    long late(Histogram lag) {
        return lag.getTotalCount() == 0 ? 0 : lag.getTotalCount() - lag.getCountBetweenValues(0, lateThresholdNanos);
    }

    /** Whether {@code late} of {@code starts} is within {@link #LATE_FRACTION}. */
    static boolean held(long late, long starts) {
        return late <= LATE_FRACTION * starts;
    }
}
