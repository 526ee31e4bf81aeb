package dev.leakbench.soak;

import dev.leakbench.workloads.trial.TrialFixture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration a soak prints before it starts, and the warnings for what this machine cannot
 * do as asked: a reader of a 24-hour log must see what ran without the command line.
 */
final class SoakConfiguration {
    private SoakConfiguration() {}

    static List<String> lines(SoakOptions o, List<String> collectors) {
        Runtime rt = Runtime.getRuntime();
        List<String> l = new ArrayList<>();
        l.add("# soak: scenario   " + o.scenario().id() + " (" + o.scenario().mix() + ") -> benchmark "
                + o.scenario().benchmark());
        l.add("# soak: target     " + o.target() + (o.targetOptions().isEmpty() ? "" : " " + o.targetOptions())
                + ", fault " + o.fault() + ("none".equals(o.fault()) ? "" : " every " + o.faultEvery() + " ops"));
        l.add("# soak: threads    " + o.threads() + " on " + rt.availableProcessors() + " cores");
        if (o.openLoop()) {
            l.add("# soak: load       open loop at " + o.rate() + " in all ("
                    + SoakRate.format(o.rate().perSecond() / o.threads()) + " per thread); latency from each "
                    + "operation's intended start; a start more than "
                    + Units.latency(new RateSchedule(o.rate(), o.threads()).lateThresholdNanos())
                    + " behind is late, more than 1% late starts is a rate not held");
        } else {
            l.add("# soak: load       closed loop (no --rate): operations back to back, latency is service time");
        }
        l.add("# soak: duration   " + SoakDuration.format(o.duration()) + ", interval "
                + SoakDuration.format(o.interval()) + ", warmup " + SoakDuration.format(o.warmup()));
        l.add("# soak: dataset    " + o.dataset() + "; window " + o.window() + ", expand limit " + o.expandLimit());
        l.add("# soak: jvm        " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", max heap " + Units.bytes(rt.maxMemory()) + ", GC " + String.join(" + ", collectors)
                + ", args " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        l.add("# soak: heap       after the latest GC, read from the collectors (no GC is forced during the run)");
        l.add("# soak: out        " + o.out().toAbsolutePath() + (o.jfr() ? " (JFR old-object recording on)" : ""));
        return l;
    }

    /** Prints the warnings that apply (threads beyond the cores, ...). */
    static List<String> warnings(SoakOptions o) {
        List<String> w = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        if (o.threads() >= cores) {
            // the fixture's own warning covers threads > cores; at == cores the sampler and GC compete too
            if (o.threads() == cores) {
                w.add("# soak: WARNING " + o.threads() + " threads on " + cores + " cores leave none for the sampler, "
                        + "GC and JIT threads: latency includes their scheduling");
            }
        }
        long intervals = o.duration().toMillis() / Math.max(1, o.interval().toMillis());
        if (intervals < 6) {
            w.add("# soak: WARNING only " + intervals + " intervals: leakcheck needs at least 6 measurement points "
                    + "for a verdict; shorten --interval or lengthen --duration");
        }
        if (o.jfr()) {
            w.add("# soak: NOTE JFR old-object sampling adds its own threads and buffers to threads.live and the heap");
            if (o.duration().compareTo(Duration.ofMinutes(30)) < 0) {
                // measured: a clean 12 s run grew 1.1 MiB with JFR (a LEAK verdict) and 150 KiB without
                w.add("# soak: WARNING --jfr on a run under 30m: the recording's own heap (about 1 MiB in the "
                        + "first minute) can read as growth; use --jfr for long runs, judge short ones without it");
            }
        }
        return w;
    }

    /** The fixture's warning for more threads than cores, in the same words as the benchmarks'. */
    static void warnIfOversubscribed(SoakOptions o) {
        TrialFixture.warnIfOversubscribed(o.scenario().benchmark(), o.threads());
    }
}
