package dev.leakbench.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What to keep for a person when a run may have leaked: a live heap dump to open in Eclipse MAT
 * (dominator tree, paths to GC roots) and the JVM's native memory summary. Taken once, at the last
 * reading (the start of the last measurement iteration), while the benchmark still holds everything it accumulated.
 */
final class ReleaseDumps {
    private ReleaseDumps() {}

    static void write(SeriesFile file, Consumer<String> log) {
        Path hprof = file.sibling(".hprof").toAbsolutePath();
        try {
            Files.deleteIfExists(hprof); // dumpHeap refuses to overwrite
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(hprof.toString(), true);
            log.accept("heap dump (live objects) written to " + hprof);
        } catch (IOException | RuntimeException e) {
            log.accept("could not write the heap dump " + hprof + ": " + e.getMessage());
        }
        Path nmt = file.sibling(".nmt.txt");
        try {
            Files.writeString(nmt, DiagnosticCommand.platform().nativeMemorySummary(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            log.accept("could not write the native memory summary " + nmt + ": " + e.getMessage());
        }
    }
}
