package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseDumpsTest {

    @Test
    void writesALiveHeapDumpAndTheNativeMemorySummaryBesideTheSeries(@TempDir Path dir) throws Exception {
        SeriesFile file = new SeriesFile("dev.x.Bench.m", "target=embedded", dir.resolve("dev.x.Bench.m-thrpt"));
        List<String> log = new ArrayList<>();
        ReleaseDumps.write(file, log::add);
        Path hprof = dir.resolve("dev.x.Bench.m-thrpt.hprof");
        assertTrue(Files.size(hprof) > 1024, "heap dump " + hprof + " missing or empty; log: " + log);
        byte[] head = new byte[18];
        try (var in = Files.newInputStream(hprof)) {
            in.readNBytes(head, 0, head.length);
        }
        assertTrue(
                new String(head, java.nio.charset.StandardCharsets.US_ASCII).startsWith("JAVA PROFILE"),
                "not an HPROF file: " + new String(head, java.nio.charset.StandardCharsets.US_ASCII));
        String nmt = Files.readString(dir.resolve("dev.x.Bench.m-thrpt.nmt.txt"));
        // the test JVM runs without -XX:NativeMemoryTracking, and the command says so rather than failing
        assertTrue(nmt.contains("Native memory tracking") || nmt.contains("Total:"), "unexpected NMT output: " + nmt);
    }
}
