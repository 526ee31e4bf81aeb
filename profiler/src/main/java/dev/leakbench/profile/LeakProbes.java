package dev.leakbench.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a benchmark registers its {@link LeakProbe}s for the {@link LeakProfiler} running in the
 * same JVM: {@code LeakProbes.register(this)} in {@code @Setup(Level.Trial)}.
 *
 * <p>Why a registration and not discovery: JMH gives profilers the benchmark's parameters, never
 * its {@code @State} objects, so a state has to say that it is there. The registry holds probes
 * only while a LeakProfiler trial is running in this JVM: without {@code -prof
 * dev.leakbench.profile.LeakProfiler} {@link #register} does nothing and keeps nothing, and at the
 * end of the trial (or when it fails) the profiler drops every probe, so a benchmark's state is
 * never kept alive by the profiler past its trial.
 *
 * <p>{@link #unregister}, first thing in {@code @TearDown(Level.Trial)}, is the second line of the
 * hook: the profiler takes the last iteration's reading right then, while the state is still
 * alive (JMH runs that teardown inside the last measurement iteration, before any profiler hook).
 * A suite with probes that never unregisters gets its last reading after the teardown, and a
 * warning that says how to avoid it; a suite without probes needs neither line (see
 * {@link LeakProfiler}, "When each iteration is read").
 *
 * <p>Thread-safe: benchmark threads register while the profiler's measuring thread reads.
 */
public final class LeakProbes {
    private static final Object LOCK = new Object();
    /** Registered probes, by identity, in registration order; read as a snapshot. */
    private static List<LeakProbe> probes = List.of();

    private static boolean open;
    /** The running trial's hook, told of an unregistration while the probe is still registered. */
    private static Consumer<LeakProbe> beforeUnregister = p -> {};

    private LeakProbes() {}

    /**
     * Adds {@code probe} to what the running LeakProfiler trial reads; a probe already registered
     * is not added twice. Does nothing when no LeakProfiler trial runs in this JVM.
     *
     * @throws NullPointerException when {@code probe} is null
     */
    public static void register(LeakProbe probe) {
        if (probe == null) {
            throw new NullPointerException("LeakProbes.register(null)");
        }
        synchronized (LOCK) {
            if (!open || indexOf(probe) >= 0) {
                return;
            }
            List<LeakProbe> next = new ArrayList<>(probes);
            next.add(probe);
            probes = List.copyOf(next);
        }
    }

    /**
     * Removes {@code probe} if it is registered; its roots and gauges are not read any more. Call it
     * first in {@code @TearDown(Level.Trial)}: the running trial takes its reading now, in this
     * thread, with {@code probe} still registered, before the teardown releases anything.
     */
    public static void unregister(LeakProbe probe) {
        Consumer<LeakProbe> hook;
        synchronized (LOCK) {
            hook = indexOf(probe) >= 0 ? beforeUnregister : null;
        }
        if (hook != null) {
            hook.accept(probe);
        }
        synchronized (LOCK) {
            int i = indexOf(probe);
            if (i >= 0) {
                List<LeakProbe> next = new ArrayList<>(probes);
                next.remove(i);
                probes = List.copyOf(next);
            }
        }
    }

    /** The probes registered now (a snapshot). */
    static List<LeakProbe> registered() {
        synchronized (LOCK) {
            return probes;
        }
    }

    /** A trial starts: registrations are taken from now on; anything left from before is dropped. */
    static void open() {
        open(p -> {});
    }

    /**
     * A trial starts, with {@code hook} run at every unregistration of a registered probe, in the
     * unregistering thread, before the probe is removed.
     */
    static void open(Consumer<LeakProbe> hook) {
        synchronized (LOCK) {
            probes = List.of();
            open = true;
            beforeUnregister = hook;
        }
    }

    /** The trial ended or failed: every probe is dropped and registrations are ignored until the next one. */
    static void close() {
        synchronized (LOCK) {
            probes = List.of();
            open = false;
            beforeUnregister = p -> {};
        }
    }

    private static int indexOf(LeakProbe probe) {
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i) == probe) {
                return i;
            }
        }
        return -1;
    }
}
