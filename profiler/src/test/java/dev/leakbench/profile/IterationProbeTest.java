package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.vocabulary.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** What one reading makes of the registered probes, in this JVM. */
class IterationProbeTest {
    private final List<String> log = new ArrayList<>();

    private IterationProbe probe(boolean roots) {
        return new IterationProbe(
                RetainedHeapSampler.forThisJvm(10),
                ProcessResources.forThisProcess(),
                roots ? RootSizer.create(log::add) : null,
                null,
                null,
                null,
                log::add);
    }

    private static Map<String, Long> read(IterationProbe p, List<LeakProbe> probes) {
        return p.read(new TrialIteration(false, 1, 3), probes, true).values();
    }

    @Test
    void withoutProbesItReadsTheHeapAndTheProcessOnly() {
        Map<String, Long> values = read(probe(true), List.of());
        assertTrue(values.get(MetricNames.HEAP) > 0, values.toString());
        assertTrue(values.containsKey(MetricNames.THREADS), values.toString());
        assertTrue(
                values.keySet().stream().noneMatch(k -> k.startsWith("root.") || k.startsWith("gauge.")),
                values.toString());
    }

    @Test
    void aNameSeveralProbesReportIsTheirSum() {
        byte[] a = new byte[1000];
        byte[] b = new byte[3000];
        LeakProbe one = probe(Map.of("buffer", a), Map.of("open", () -> 2));
        LeakProbe two = probe(Map.of("buffer", b), Map.of("open", () -> 3, "only.two", () -> 7));
        Map<String, Long> values = read(probe(true), List.of(one, two));
        assertEquals(5L, values.get("gauge.open"));
        assertEquals(7L, values.get("gauge.only.two"));
        // a byte[n] is n bytes plus a 16-byte header, rounded up to 8
        assertEquals(1016L + 3016L, values.get("root.buffer"), values.toString());
    }

    @Test
    void aFailingGaugeIsLeftOutAndReportedOnceTheRestIsRead() {
        LeakProbe broken = probe(
                Map.of(),
                Map.of(
                        "bad",
                        () -> {
                            throw new IllegalStateException("closed");
                        },
                        "good",
                        () -> 1));
        IterationProbe p = probe(false);
        Map<String, Long> first = read(p, List.of(broken));
        Map<String, Long> second = read(p, List.of(broken));
        assertEquals(1L, first.get("gauge.good"));
        assertFalse(first.containsKey("gauge.bad") || second.containsKey("gauge.bad"));
        assertEquals(
                1,
                log.stream()
                        .filter(m -> m.contains("gauge 'bad'") && m.contains("closed"))
                        .count(),
                "reported once: " + log);
    }

    @Test
    void namesAreMadeAcceptableToLeakcheck() {
        Map<String, Long> values = read(probe(false), List.of(probe(Map.of(), Map.of("open files/s", () -> 4))));
        assertEquals(4L, values.get("gauge.open_files_s"), values.toString());
    }

    private static LeakProbe probe(Map<String, Object> roots, Map<String, LongSupplier> gauges) {
        return new LeakProbe() {
            @Override
            public Map<String, Object> roots() {
                return roots;
            }

            @Override
            public Map<String, LongSupplier> gauges() {
                return gauges;
            }
        };
    }
}
