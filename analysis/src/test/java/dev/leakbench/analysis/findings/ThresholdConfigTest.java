package dev.leakbench.analysis.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsThenSectionsInOrder() throws Exception {
        Path f = Fixtures.write(
                dir,
                "c.conf",
                "alpha = 0.05\nfloor.heap.retained = 1MiB\n\n[*Cache*]\nfloor.heap.retained = 8m\n"
                        + "[*Cache* target=jdbc]\nfloor.heap.retained = 16m # the pool holds more\npersist.ratio = 60%\n");
        ThresholdConfig c = ThresholdConfig.read(f);
        Thresholds other = c.forBenchmark("a.Other.m");
        assertEquals(0.05, other.alpha());
        assertEquals(1 << 20, other.floor("heap.retained"));
        assertEquals(8 << 20, c.forBenchmark("a.CacheBench.m").floor("heap.retained"));
        Thresholds jdbc = c.forKey(new SeriesKey("a.CacheBench.m", Params.parse("target=jdbc")));
        assertEquals(16 << 20, jdbc.floor("heap.retained"));
        assertEquals(0.6, jdbc.persistRatio(), 1e-12);
        assertEquals(4, other.floor("gauge.cache.entries"), "gauge family default");
        assertEquals(2, other.floor("gauge.streams.open"), "gauges that are zero when quiescent");
        assertEquals(32 * 1024, other.floor("root.x"), "roots share the heap's minimum floor");
    }

    @Test
    void errorsNameLineAndSetting() {
        Path f = Fixtures.write(dir, "bad.conf", "alpha = 0.01\n[*X*]\nfloor.heap.retaind = 1m\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ThresholdConfig.read(f));
        assertEquals(3, e.line());
        assertEquals("floor.heap.retaind", e.field());
        Path g = Fixtures.write(dir, "bad2.conf", "alpha = 2\n");
        BadInputException e2 = assertThrows(BadInputException.class, () -> ThresholdConfig.read(g));
        assertTrue(e2.getMessage().contains("between 0 and 1"), e2.describe());
        Path h = Fixtures.write(dir, "bad3.conf", "[unterminated\n");
        assertEquals(
                1,
                assertThrows(BadInputException.class, () -> ThresholdConfig.read(h))
                        .line());
    }
}
