package dev.leakbench.profile;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.leakbench.vocabulary.MetricNames;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The process resources a leak can hold besides heap: live threads, open file descriptors,
 * resident memory, direct buffers and metaspace.
 *
 * <p>Which readings exist is decided once, when the instance is made: a reading this platform
 * cannot give (no {@code /proc} for {@code rss}, no Unix MXBean for {@code fds.open}) is left out
 * for good rather than reported in some iterations only, because JMH fills a label missing from
 * an iteration with 0.
 */
public final class ProcessResources {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Map<String, LongSupplier> readings;

    private ProcessResources(Map<String, LongSupplier> readings) {
        this.readings = readings;
    }

    /** The readings this JVM and OS support, named as in DESIGN.md. */
    public static ProcessResources forThisProcess() {
        Map<String, LongSupplier> r = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        r.put(MetricNames.THREADS, threads::getThreadCount);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            r.put(MetricNames.FDS, unix::getOpenFileDescriptorCount);
        }
        if (Files.isReadable(PROC_STATUS) && residentBytes() >= 0) {
            r.put(MetricNames.RSS, ProcessResources::residentBytes);
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                r.put(MetricNames.DIRECT_BUFFERS, pool::getMemoryUsed);
            }
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                r.put(MetricNames.METASPACE, () -> pool.getUsage().getUsed());
            }
        }
        return new ProcessResources(Map.copyOf(r));
    }

    /** The names this instance reports, every time. */
    public List<String> names() {
        return List.copyOf(readings.keySet());
    }

    /**
     * Reads every supported resource now.
     *
     * @param ownThreads the profiler's own threads alive now, which {@code threads.live} leaves out
     */
    public Map<String, Long> read(int ownThreads) {
        Map<String, Long> values = new LinkedHashMap<>();
        readings.forEach((name, reading) -> values.put(name, reading.getAsLong()));
        values.computeIfPresent(MetricNames.THREADS, (name, count) -> count - ownThreads);
        return values;
    }

    /**
     * VmRSS from {@code /proc/self/status} in bytes, or -1 when the line is missing. Read through
     * java.io: NIO would leave a cached temporary direct buffer behind in every thread that reads.
     */
    private static long residentBytes() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new FileInputStream(PROC_STATUS.toFile()), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:     123456 kB"
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_STATUS, e);
        }
    }
}
