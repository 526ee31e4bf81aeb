package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {
    private static final String FIRST = String.join(
            "\n",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:         12968         539824  [B (java.base@17.0.15)",
            "   2:          1000          32000  com.example.Tuple",
            "   3:            10            160  com.example.Foo$$Lambda$14/0x0000000800c03000",
            "   4:             2             64  com.example.Dup",
            "   5:             1             32  com.example.Dup",
            "Total         13981         572080");

    private static final String LAST = String.join(
            "\n",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:         14968         741824  [B (java.base@17.0.15)",
            "   2:          3000          96000  com.example.Tuple",
            "   3:            10            160  com.example.Foo$$Lambda$14/0x0000000800c03000",
            "   4:             4            128  com.example.Dup",
            "   5:             7            112  com.example.New",
            "Total         17989         838224");

    @Test
    void parsesHotSpotsHistogramWithAndWithoutModuleNames() {
        ClassHistogram h = ClassHistogram.parse(FIRST);
        assertEquals(new ClassHistogram.Entry(12968, 539824), h.get("[B"));
        assertEquals(new ClassHistogram.Entry(1000, 32000), h.get("com.example.Tuple"));
        assertEquals(new ClassHistogram.Entry(10, 160), h.get("com.example.Foo$$Lambda$14/0x0000000800c03000"));
        assertEquals(new ClassHistogram.Entry(3, 96), h.get("com.example.Dup"), "same name, two loaders: summed");
        assertEquals(new ClassHistogram.Entry(0, 0), h.get("absent"));
        assertEquals(4, h.classes().size());
    }

    @Test
    void textWithoutRowsIsNotAHistogram() {
        assertThrows(IllegalArgumentException.class, () -> ClassHistogram.parse("GC.class_histogram failed"));
    }

    @Test
    void growthListsClassesThatGrewMostFirstAndLeavesOutTheRest() {
        List<ClassGrowth.Row> top = ClassGrowth.top(ClassHistogram.parse(FIRST), ClassHistogram.parse(LAST), 10);
        assertEquals(
                List.of("[B", "com.example.Tuple", "com.example.New", "com.example.Dup"),
                top.stream().map(ClassGrowth.Row::className).toList());
        assertEquals(new ClassGrowth.Row("com.example.New", 0, 0, 7, 112), top.get(2));
        assertEquals(
                2,
                ClassGrowth.top(ClassHistogram.parse(FIRST), ClassHistogram.parse(LAST), 2)
                        .size());
    }

    @Test
    void growthIsWrittenInTheColumnsLeakcheckReads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.classes.csv");
        ClassGrowth.write(file, ClassGrowth.top(ClassHistogram.parse(FIRST), ClassHistogram.parse(LAST), 2));
        assertEquals(
                List.of(
                        "class,instances_first,bytes_first,instances_last,bytes_last",
                        "[B,12968,539824,14968,741824",
                        "com.example.Tuple,1000,32000,3000,96000"),
                Files.readAllLines(file, StandardCharsets.UTF_8));
        ClassGrowth.write(file, List.of());
        assertEquals(
                List.of("class,instances_first,bytes_first,instances_last,bytes_last"),
                Files.readAllLines(file, StandardCharsets.UTF_8),
                "no growth still writes the header");
    }

    @Test
    void aRealHistogramOfThisJvmParses() {
        ClassHistogram h = ClassHistogram.parse(DiagnosticCommand.platform().classHistogram());
        assertTrue(h.get("java.lang.String").instances() > 0);
        assertTrue(h.get(ClassHistogramTest.class.getName()).instances() >= 1);
    }
}
