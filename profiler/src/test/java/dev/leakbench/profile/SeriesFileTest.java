package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesFileTest {
    private static final String BENCH = "dev.leakbench.benchmarks.AuthorizationBenchmark.check";

    @Test
    void paramsAreSortedByNameInLeakchecksForm() {
        SeriesFile f = SeriesFile.of(
                Path.of("out"), BENCH, "thrpt", Map.of("target", "embedded", "fault", "none", "faultEvery", "100"), 0);
        assertEquals("fault=none;faultEvery=100;target=embedded", f.params());
        assertEquals(BENCH, f.benchmark());
        assertEquals(Path.of("out", BENCH + "-thrpt_fault=none_faultEvery=100_target=embedded.csv"), f.csv());
        assertEquals(
                Path.of("out", BENCH + "-thrpt_fault=none_faultEvery=100_target=embedded.classes.csv"),
                f.sibling(".classes.csv"));
    }

    @Test
    void separatorsInsideValuesArePercentEncoded() {
        SeriesFile f = SeriesFile.of(Path.of("."), BENCH, "avgt", Map.of("mix", "a=1;b=2%"), 0);
        assertEquals("mix=a%3D1%3Bb%3D2%25", f.params());
    }

    @Test
    void everyForkOfAMultiForkRunHasItsOwnFile() {
        assertEquals(
                BENCH + "-thrpt-fork2.csv",
                SeriesFile.of(Path.of("."), BENCH, "thrpt", Map.of(), 2)
                        .csv()
                        .getFileName()
                        .toString());
    }

    @Test
    void fileNamesAreSafeAndBounded() {
        SeriesFile f =
                SeriesFile.of(Path.of("."), BENCH, "thrpt", Map.of("path", "/tmp/a b:c", "long", "x".repeat(300)), 0);
        String name = f.csv().getFileName().toString();
        assertTrue(name.matches("[A-Za-z0-9._=+,-]+\\.csv") && name.length() <= 184, name);
        assertEquals("long=" + "x".repeat(300) + ";path=/tmp/a b:c", f.params(), "the CSV keeps the real values");
    }
}
