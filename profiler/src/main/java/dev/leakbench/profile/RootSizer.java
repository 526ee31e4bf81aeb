package dev.leakbench.profile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

/**
 * Sizes the named roots of the registered {@link LeakProbe}s: the total footprint of every object
 * reachable from the root, walked with JOL's {@link GraphStats}.
 *
 * <p>JOL 0.17 on JDK 17 needs two things from the JVM to walk fast and at all:
 * <ul>
 *   <li>{@code -Djdk.attach.allowAttachSelf=true}, so it can attach its own agent and size
 *       objects with {@code Instrumentation.getObjectSize}; without it, it computes every
 *       object's layout by reflection (slow) and cannot lay out records at all, because
 *       {@code Unsafe.objectFieldOffset} refuses record fields;</li>
 *   <li>{@code --add-opens} for the JDK packages the graph passes through; a field JOL cannot
 *       make accessible is read through two thrown exceptions and an Unsafe fallback, per object,
 *       which turns a walk of a million objects from about a second into tens of seconds.</li>
 * </ul>
 * {@link #forkJvmArgs()} lists those; the {@link LeakProfiler} passes them to every JMH fork.
 * The sizes include everything reachable, so a root that reaches a thread, a class loader or a
 * shared registry includes those too: probes should name roots that own their data.
 */
final class RootSizer {

    /** The JDK packages object graphs of the targets pass through (collections, strings, sockets, JDBC). */
    private static final List<String> OPENED = List.of(
            "java.base/java.lang",
            "java.base/java.lang.ref",
            "java.base/java.lang.invoke",
            "java.base/java.lang.reflect",
            "java.base/java.util",
            "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic",
            "java.base/java.util.concurrent.locks",
            "java.base/java.util.regex",
            "java.base/java.io",
            "java.base/java.nio",
            "java.base/java.nio.charset",
            "java.base/java.net",
            "java.base/java.time",
            "java.base/java.math",
            "java.base/java.security",
            "java.base/sun.nio.ch",
            "java.base/jdk.internal.ref",
            "java.base/jdk.internal.misc",
            "java.sql/java.sql");

    private final Consumer<String> log;
    private final List<String> failed = new ArrayList<>();
    private final boolean usable;

    /**
     * A sizer, or null (with a message) when JOL ({@code org.openjdk.jol:jol-core}) is not on the
     * class path: the profiler then reports no {@code root.*} metrics and measures everything else.
     */
    static RootSizer create(Consumer<String> log) {
        try {
            return new RootSizer(log);
        } catch (LinkageError e) {
            log.accept("roots: JOL (org.openjdk.jol:jol-core) is not on the class path (" + e + "), so no root.* "
                    + "metrics; add it, or turn root sizing off with roots=false");
            return null;
        }
    }

    /**
     * Prepares JOL (its first use attaches an agent, which takes a moment) and warns through
     * {@code log} when this JVM lacks the options that make walks fast.
     */
    private RootSizer(Consumer<String> log) {
        this.log = log;
        List<String> missing = missingJvmArgs();
        if (!missing.isEmpty()) {
            log.accept("roots: this JVM lacks " + String.join(" ", missing) + "; sizing roots will be slow or fail "
                    + "(records). Run forked (the profiler adds them), or pass them with -jvmArgsAppend.");
        }
        usable = initialiseJolQuietly();
    }

    /** The JVM options a fork needs for fast, complete walks. */
    static List<String> forkJvmArgs() {
        List<String> args = new ArrayList<>();
        for (String pkg : OPENED) {
            args.add("--add-opens=" + pkg + "=ALL-UNNAMED");
        }
        args.add("-Djdk.attach.allowAttachSelf=true");
        // JOL's Serviceability Agent attach costs seconds and only serves object addresses, not sizes
        args.add("-Djol.skipHotspotSAAttach=true");
        return args;
    }

    /**
     * The total size in bytes of everything reachable from {@code root}, or empty when JOL cannot
     * walk it (reported once per name through the log).
     */
    OptionalLong size(String name, Object root) {
        if (root == null || !usable) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(GraphStats.parseInstance(root).totalSize());
        } catch (RuntimeException | StackOverflowError e) {
            if (!failed.contains(name)) {
                failed.add(name);
                log.accept("roots: cannot size root '" + name + "' with JOL: " + e);
            }
            return OptionalLong.empty();
        }
    }

    private static List<String> missingJvmArgs() {
        List<String> missing = new ArrayList<>();
        if (!Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            missing.add("-Djdk.attach.allowAttachSelf=true");
        }
        Module us = RootSizer.class.getModule();
        for (String opened : OPENED) {
            String[] moduleAndPackage = opened.split("/");
            ModuleLayer.boot().findModule(moduleAndPackage[0]).ifPresent(m -> {
                if (m.getPackages().contains(moduleAndPackage[1]) && !m.isOpen(moduleAndPackage[1], us)) {
                    missing.add("--add-opens=" + opened + "=ALL-UNNAMED");
                }
            });
        }
        return missing;
    }

    /**
     * Initialises JOL while swallowing the line it prints about skipping the Serviceability
     * Agent, which we skip on purpose; anything else it prints is passed on. False when JOL
     * cannot work in this JVM (not HotSpot): roots are then left out, with a warning.
     */
    private boolean initialiseJolQuietly() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RuntimeException failure = null;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            VM.current();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            System.setOut(original);
        }
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank() && !line.contains("jol.skipHotspotSAAttach")) {
                log.accept("roots: JOL says: " + line.strip());
            }
        }
        if (failure != null) {
            log.accept("roots: JOL cannot size objects in this JVM, so no root.* metrics: " + failure.getMessage());
        }
        return failure == null;
    }
}
