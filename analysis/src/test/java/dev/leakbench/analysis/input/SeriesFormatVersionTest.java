package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.vocabulary.SeriesFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The series CSV's format line: format 2 and format 1 (no line) read alike; others are refused at line 1. */
class SeriesFormatVersionTest {
    private static final String BODY = "benchmark,params,iteration,phase,ops.cumulative,heap.retained,gauge.x\n"
            + "b.C.m,k=1,1,warmup,10,100,1\n"
            + "b.C.m,k=1,1,measurement,20,110,2\n"
            + "b.C.m,k=1,2,measurement,30,120,3\n";

    @TempDir
    Path dir;

    private static double[] heap(Path file) throws Exception {
        BenchmarkRun run = Inputs.read(List.of(file)).runs().iterator().next();
        return run.trials().get(0).metrics().get(Metrics.HEAP);
    }

    @Test
    void formatTwoAndFormatOneReadTheSame() throws Exception {
        Path v2 = Fixtures.write(dir, "v2.csv", SeriesFormat.versionLine() + "\n" + BODY);
        Path v1 = Fixtures.write(dir, "v1.csv", BODY);
        assertArrayEquals(heap(v1), heap(v2));
        assertArrayEquals(new double[] {100, 110, 120}, heap(v2));
    }

    @Test
    void aNewerFormatOrAForeignFirstLineIsRefusedAtLineOne() {
        Path newer = Fixtures.write(dir, "v3.csv", "# leakbench series format 3\n" + BODY);
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(newer)));
        assertEquals(1, e.line(), e.describe());
        assertTrue(
                e.getMessage().contains("series format 3") && e.getMessage().contains("newer leakbench"), e.describe());
        Path foreign = Fixtures.write(dir, "foreign.csv", "# exported from a spreadsheet\n" + BODY);
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(foreign)));
        assertEquals(1, e.line(), e.describe());
        assertTrue(
                e.getMessage().contains("not a JMH JSON, JMH CSV, LeakProfiler series CSV or dumps index"),
                e.describe());
        Path garbled = Fixtures.write(dir, "garbled.csv", "# leakbench series format two\n" + BODY);
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(garbled)));
        assertEquals(1, e.line(), e.describe());
        assertTrue(e.getMessage().contains("not a series format line"), e.describe());
    }

    @Test
    void afterTheFormatLineTheHeaderAndRowsKeepTheirOwnLineNumbers() {
        Path badColumn = Fixtures.write(
                dir, "column.csv", SeriesFormat.versionLine() + "\n" + BODY.replace("gauge.x", "heap.used"));
        BadInputException e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(badColumn)));
        assertEquals(2, e.line(), e.describe());
        assertEquals("heap.used", e.field());
        Path badRow = Fixtures.write(
                dir,
                "row.csv",
                SeriesFormat.versionLine() + "\n"
                        + BODY.replace("b.C.m,k=1,2,measurement,30,120,3", "b.C.m,k=1,2,measurement,30,-120,3"));
        e = assertThrows(BadInputException.class, () -> Inputs.read(List.of(badRow)));
        assertEquals(5, e.line(), e.describe());
        assertEquals(Metrics.HEAP, e.field());
    }
}
