package dev.leakbench.profile;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * HotSpot's diagnostic commands (what {@code jcmd} runs), invoked in-process through the
 * {@code com.sun.management:type=DiagnosticCommand} MBean, so no {@code jcmd} process and no
 * attach are needed.
 */
final class DiagnosticCommand {
    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private final MBeanServer server;
    private final ObjectName name;

    private DiagnosticCommand(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * The platform's diagnostic commands.
     *
     * @throws IllegalStateException when this JVM has no DiagnosticCommand MBean (not HotSpot)
     */
    static DiagnosticCommand platform() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(MBEAN);
            if (!server.isRegistered(name)) {
                throw new IllegalStateException("this JVM has no " + MBEAN + " MBean (HotSpot-based JVMs have it)");
            }
            return new DiagnosticCommand(server, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot reach " + MBEAN + ": " + e, e);
        }
    }

    /**
     * {@code GC.class_histogram}: live instances and bytes per class. HotSpot runs a real full,
     * stop-the-world GC first (cause "Heap Inspection Initiated GC"), even under
     * {@code -XX:+DisableExplicitGC} or {@code -XX:+ExplicitGCInvokesConcurrent}.
     */
    String classHistogram() {
        return invoke("gcClassHistogram");
    }

    /**
     * {@code VM.native_memory summary}: where the JVM's own memory goes (heap, metaspace, threads,
     * code, GC, internal). Says so when the JVM was started without
     * {@code -XX:NativeMemoryTracking=summary}.
     */
    String nativeMemorySummary() {
        return invoke("vmNativeMemory", "summary");
    }

    private String invoke(String operation, String... args) {
        try {
            return (String)
                    server.invoke(name, operation, new Object[] {args}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("diagnostic command " + operation + " failed: " + e, e);
        }
    }
}
