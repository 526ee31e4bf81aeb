package dev.leakbench.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void namesTheProfilerMakesAreKnownAndOthersInItsNamespaceAreNot() {
        for (String fixed : MetricNames.FIXED) {
            assertTrue(MetricNames.isKnown(fixed), fixed);
            assertTrue(MetricNames.inNamespace(fixed), fixed);
        }
        for (String odd : new String[] {"cache", "my cache", "", "ä", ".x", "-x", "a/b"}) {
            assertTrue(MetricNames.isKnown(MetricNames.root(odd)), MetricNames.root(odd));
            assertTrue(MetricNames.isKnown(MetricNames.gauge(odd)), MetricNames.gauge(odd));
        }
        assertEquals("root.cache", MetricNames.root("cache"));
        assertEquals("gauge.my_cache", MetricNames.gauge("my cache"));
        assertFalse(MetricNames.isKnown("heap.used"));
        assertTrue(MetricNames.inNamespace("heap.used"), "a typo in our namespace is ours to refuse");
        assertFalse(MetricNames.isKnown("root."));
        assertFalse(MetricNames.inNamespace("gc.alloc.rate.norm"));
        assertEquals("count", MetricNames.unit("gauge.x"));
        assertEquals("bytes", MetricNames.unit("root.x"));
        assertEquals("ops", MetricNames.unit(MetricNames.OPS));
    }

    @Test
    void theVersionLineReadsBackAndNewerOrForeignLinesAreRefused() {
        assertEquals(SeriesFormat.VERSION, SeriesFormat.version(SeriesFormat.versionLine()));
        assertEquals(1, SeriesFormat.version(null));
        assertEquals(2, SeriesFormat.version("#leakbench series format 2 "));
        IllegalArgumentException newer =
                assertThrows(IllegalArgumentException.class, () -> SeriesFormat.version("# leakbench series format 3"));
        assertTrue(newer.getMessage().contains("newer leakbench"), newer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeriesFormat.version("# leakbench series format 0"));
        assertThrows(IllegalArgumentException.class, () -> SeriesFormat.version("# written by hand"));
    }

    @Test
    void theDumpsIndexLineSaysWhetherToKeepAndRefusesNewerOrForeignLines() {
        assertTrue(DumpsFormat.keepDumps(DumpsFormat.firstLine(true)));
        assertFalse(DumpsFormat.keepDumps(DumpsFormat.firstLine(false)));
        assertTrue(DumpsFormat.looksLikeFirstLine(DumpsFormat.firstLine(false)));
        assertFalse(DumpsFormat.looksLikeFirstLine(SeriesFormat.versionLine()));
        IllegalArgumentException newer = assertThrows(
                IllegalArgumentException.class,
                () -> DumpsFormat.keepDumps("# leakbench dumps format 2; keepDumps=true"));
        assertTrue(newer.getMessage().contains("newer leakbench"), newer.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DumpsFormat.keepDumps("# leakbench dumps format 1; keepDumps=yes"));
        assertEquals(MetricNames.OPS, DumpsFormat.COLUMNS.get(4));
    }
}
