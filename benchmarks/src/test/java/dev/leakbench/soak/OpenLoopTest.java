package dev.leakbench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leakbench.profile.HeapAfterGc;
import dev.leakbench.profile.ProcessResources;
import dev.leakbench.workloads.mix.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

/**
 * The open loop against the closed loop with a fake operation that stalls once for 200 ms: the
 * open loop counts the stall against every operation scheduled during it, the closed loop records
 * it as one slow sample (coordinated omission). And a rate the operation cannot keep up with is
 * reported as not held.
 *
 * <p>These assert behaviour, not speed: every lower bound follows from the schedule (an operation
 * intended during the stall cannot start before it ends), and the upper bounds leave room for a
 * loaded 2-core machine's own hiccups, which an open loop counts too.
 */
class OpenLoopTest {
    private static final long STALL_MILLIS = 200;
    /** The stall is the 100th operation, so the schedule is running steadily before it. */
    private static final long STALL_AT = 100;
    /** Operations after the stall before the workers are stopped. */
    private static final long AFTER = 400;

    /** An operation that takes no time, except the {@value #STALL_AT}th, which sleeps {@value #STALL_MILLIS} ms. */
    private static class StallingOnce implements SoakScenario.Load {
        final AtomicLong count = new AtomicLong();
        private final long sleepEachMillis;

        StallingOnce(long sleepEachMillis) {
            this.sleepEachMillis = sleepEachMillis;
        }

        @Override
        public long run(Cursor cursor) {
            long n = count.incrementAndGet();
            try {
                if (n == STALL_AT) {
                    Thread.sleep(STALL_MILLIS);
                } else if (sleepEachMillis > 0) {
                    Thread.sleep(sleepEachMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n;
        }

        @Override
        public long wrongAnswers() {
            return 0;
        }

        @Override
        public void verify() {}
    }

    private record Run(Histogram latency, Histogram lag, long unissued) {
        long atLeast(long millis) {
            return latency.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(millis), latency.getMaxValue());
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1e6;
        }
    }

    /** Drives {@code load} on one thread until {@code ops} operations have run, then stops. */
    private static Run drive(StallingOnce load, RateSchedule schedule, long ops) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        SoakWorkers workers = new SoakWorkers(load, recorder, schedule, () -> {});
        workers.start(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (load.count.get() < ops && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<String> stuck = workers.stopAndJoin(Duration.ofSeconds(10));
        assertTrue(stuck.isEmpty(), "workers stop: " + stuck);
        assertNull(workers.failure(), "no failure");
        assertTrue(load.count.get() >= ops, "ran " + load.count.get() + " operations of " + ops + " within 30 s");
        return new Run(
                recorder.getIntervalHistogram(),
                schedule == null ? null : schedule.intervalLag(null),
                schedule == null ? 0 : schedule.unissued());
    }

    @Test
    void openLoopCountsAStallAgainstEveryOperationScheduledDuringIt() throws Exception {
        int rate = 1000;
        RateSchedule schedule = new RateSchedule(SoakRate.parse(rate + "/s"), 1);
        Run open = drive(new StallingOnce(0), schedule, STALL_AT + AFTER);

        // intended 1 ms apart: the operations intended in the stall's first 180 ms start after it, >= 20 ms late.
        // Only the lower bound is the schedule's: a loaded machine adds late starts of its own (a no-op load at
        // 500/s saw wake-ups up to 130 ms late at load average 10 on 2 cores), so the upper bound only says
        // that most operations were not held up.
        long expected = rate * (STALL_MILLIS - 20) / 1000;
        long high = open.atLeast(20);
        assertTrue(
                high >= expected - 10 && high <= 0.8 * open.latency().getTotalCount(),
                "open loop: about " + expected + " operations at >= 20 ms (rate x 0.18 s), got " + high
                        + describe(open.latency()));
        assertTrue(
                open.latency().getMaxValue() >= TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS),
                "the longest latency is the stall's first victim's: " + describe(open.latency()));
        assertTrue(
                open.p99Millis() >= 100,
                "open-loop p99 reflects the stall (>= 100 ms), was " + open.p99Millis() + " ms"
                        + describe(open.latency()));
        long late = schedule.late(open.lag());
        assertTrue(late >= rate * (STALL_MILLIS - 10) / 1000, "the starts during the stall are late (> 1 ms): " + late);
        assertTrue(
                open.lag().getMaxValue() >= TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS - 10),
                "the schedule fell about 200 ms behind: max lag " + open.lag().getMaxValue() / 1e6 + " ms");
    }

    @Test
    void closedLoopRecordsTheSameStallAsOneSlowSample() throws Exception {
        Run closed = drive(new StallingOnce(0), null, STALL_AT + AFTER);

        assertEquals(
                1,
                closed.atLeast(STALL_MILLIS * 3 / 4),
                "closed loop: the stall is one sample" + describe(closed.latency()));
        assertTrue(
                closed.latency().getMaxValue() >= TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS),
                describe(closed.latency()));
        assertTrue(
                closed.p99Millis() < 20,
                "closed-loop p99 hides the stall (< 20 ms), was " + closed.p99Millis() + " ms"
                        + describe(closed.latency()));
    }

    /**
     * Operations of at least 2 ms at 1,000/s on one thread: the schedule falls further behind with
     * every operation, nearly every start is late, and starts due at the stop were never issued.
     */
    @Test
    void aRateTheOperationCannotKeepUpWithIsNotHeld() throws Exception {
        RateSchedule schedule = new RateSchedule(SoakRate.parse("1000/s"), 1);
        Run run = drive(new StallingOnce(2), schedule, 300);

        long starts = run.lag().getTotalCount();
        long late = schedule.late(run.lag());
        assertTrue(late >= 0.9 * starts, late + " of " + starts + " starts late");
        assertFalse(RateSchedule.held(late, starts));
        assertTrue(
                run.lag().getMaxValue() >= TimeUnit.MILLISECONDS.toNanos(100),
                "300 operations of >= 2 ms at 1 ms intervals leave the schedule >= 100 ms behind; max lag "
                        + run.lag().getMaxValue() / 1e6 + " ms");
        assertTrue(run.unissued() >= 100, "starts due but never issued at the stop: " + run.unissued());

        IntervalSample interval = new IntervalSample(
                1,
                false,
                Duration.ZERO,
                Duration.ofSeconds(1),
                Instant.now(),
                run.latency().getTotalCount(),
                run.latency().getTotalCount(),
                run.latency(),
                -1,
                0,
                Map.of(),
                new IntervalSample.Schedule(starts, late, schedule.lateThresholdNanos(), 0, run.lag()));
        assertFalse(interval.schedule().held());
        SoakSummary summary = new SoakSummary(schedule);
        summary.add(interval);
        summary.unissued(run.unissued());
        assertEquals(Boolean.FALSE, summary.rateHeld());
        String warning = summary.rateWarning();
        assertTrue(
                warning != null
                        && warning.startsWith("# soak: WARNING rate 1,000/s not held: ")
                        && warning.contains(Units.count(late) + " of " + Units.count(starts) + " measured starts"),
                warning);
        assertTrue(new ProgressLine(Duration.ofSeconds(1))
                .format(interval, new HeapTrend())
                .contains("RATE NOT HELD"));
    }

    /**
     * An operation that hangs across a whole interval: nothing starts in that interval, so no start
     * is late, but the schedule is behind at its end, and the interval did not hold the rate.
     */
    @Test
    void aHangLongerThanAnIntervalIsNotHeldThoughNothingInItStartedLate() throws Exception {
        RateSchedule schedule = new RateSchedule(SoakRate.parse("1000/s"), 1);
        Recorder recorder = new Recorder(3);
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SoakScenario.Load hangsOnce = new StallingOnce(0) {
            @Override
            public long run(Cursor cursor) {
                if (count.incrementAndGet() == STALL_AT) {
                    hanging.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 1;
            }
        };
        IntervalSampler sampler = new IntervalSampler(
                recorder,
                schedule,
                HeapAfterGc.forThisJvm(),
                ProcessResources.forThisProcess(),
                Map.of(),
                Duration.ZERO);
        SoakWorkers workers = new SoakWorkers(hangsOnce, recorder, schedule, () -> {});
        sampler.start(System.nanoTime());
        workers.start(1);
        try {
            assertTrue(hanging.await(30, TimeUnit.SECONDS), "the operation hangs");
            sampler.sample(System.nanoTime()); // the interval up to the hang
            Thread.sleep(300);
            IntervalSample.Schedule during = sampler.sample(System.nanoTime()).schedule();
            assertEquals(0, during.starts(), "nothing starts while the only thread hangs");
            assertEquals(0, during.late());
            assertTrue(
                    during.behindNanos() >= TimeUnit.MILLISECONDS.toNanos(250),
                    "the oldest start due is about 300 ms overdue: " + during.behindNanos() / 1e6 + " ms");
            assertFalse(during.held(), "an interval spent behind schedule did not hold the rate");
            assertTrue(during.maxLagNanos() >= TimeUnit.MILLISECONDS.toNanos(250));
        } finally {
            release.countDown();
            workers.stopAndJoin(Duration.ofSeconds(10));
        }
        assertEquals(0, schedule.behind(System.nanoTime()), "a stopped worker has no start pending");
    }

    @Test
    void aHeldRateAndAClosedLoopHaveNoWarning() {
        RateSchedule schedule = new RateSchedule(SoakRate.parse("100/s"), 2);
        SoakSummary open = new SoakSummary(schedule);
        Histogram lag = new Histogram(3);
        for (int i = 0; i < 1000; i++) {
            lag.recordValue(i < 5 ? TimeUnit.MILLISECONDS.toNanos(500) : 1000); // 0.5% late
        }
        Histogram latency = new Histogram(3);
        latency.recordValue(1000);
        open.add(new IntervalSample(
                1,
                false,
                Duration.ZERO,
                Duration.ofSeconds(1),
                Instant.now(),
                1,
                1,
                latency,
                -1,
                0,
                Map.of(),
                new IntervalSample.Schedule(1000, schedule.late(lag), schedule.lateThresholdNanos(), 0, lag)));
        assertEquals(5, schedule.late(lag));
        assertEquals(Boolean.TRUE, open.rateHeld());
        assertNull(open.rateWarning());
        SoakSummary closed = new SoakSummary(null);
        assertNull(closed.rateHeld());
        assertNull(closed.rateWarning());
    }

    @Test
    void theRateIsSharedByTheThreadsWhoseStartsInterleave() {
        RateSchedule s = new RateSchedule(SoakRate.parse("5000/s"), 2);
        assertEquals(2500, s.perThread(), 0.0);
        assertEquals(400_000, s.intendedStart(0, 0, 1)); // each thread every 400 us
        assertEquals(200_000, s.intendedStart(0, 1, 0)); // thread 1 half a period after thread 0
        assertEquals(1_000_000, s.lateThresholdNanos(), "the 1 ms floor above a 400 us period");
        assertEquals(
                20_000_000,
                new RateSchedule(SoakRate.parse("100/s"), 2).lateThresholdNanos(),
                "a whole period when it is longer");
        // no drift over a day at a rate that does not divide a second
        RateSchedule odd = new RateSchedule(SoakRate.parse("3/s"), 1);
        long day = 3L * 86_400;
        assertEquals(86_400_000_000_000L, odd.intendedStart(0, 0, day), 1.0);
    }

    @Test
    void ratesParseAsPeopleWriteThemAndNonsenseIsRefused() {
        assertEquals(5000, SoakRate.parse("5000/s").perSecond(), 0.0);
        assertEquals(5000, SoakRate.parse("5000").perSecond(), 0.0);
        assertEquals(2.5, SoakRate.parse("2.5/s").perSecond(), 0.0);
        assertEquals(5000, SoakRate.parse(" 5000/S ").perSecond(), 0.0);
        assertEquals("5,000/s", SoakRate.parse("5000").toString());
        assertEquals("2.5/s", SoakRate.parse("2.5").toString());
        for (String bad : List.of(
                "0", "0/s", "0.0", "-5", "-5/s", "abc", "", "5000/m", "5k", "1e3", "5000//s", "/s", "2000000000/s")) {
            try {
                SoakRate.parse(bad);
                fail("'" + bad + "' must be rejected");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("'" + bad + "'"), expected.getMessage());
            }
        }
    }

    private static String describe(Histogram h) {
        return String.format(
                "%n  count %d, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, >= 20 ms: %d",
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6,
                h.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(20), Math.max(h.getMaxValue(), 1)));
    }
}
