package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

/**
 * The profiler writes its CSV files itself (so that it needs no library beyond JMH and JOL), and
 * must write them exactly as before, when Commons CSV's {@code CSVFormat.DEFAULT} with {@code \n}
 * records wrote them: leakcheck reads them with that library. Held to it byte for byte.
 */
class CsvTest {
    private static final CSVFormat COMMONS =
            CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private static final List<String> TRICKY = List.of(
            "",
            "a",
            "heap.retained",
            "k=v;k2=v2",
            "with,comma",
            "with \"quote\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\rhere",
            " leading space",
            "trailing space ",
            "\ttab",
            "tab\t",
            "#comment",
            "!bang",
            "$dollar",
            "-12",
            "3.5",
            "[B",
            "[Ljava.lang.Object;",
            "java.util.HashMap$Node",
            "class name (module)",
            "ünïcödé",
            "日本",
            "a,b\"c\nd",
            "%3B%3D%25",
            "=",
            ";",
            "x ",
            "\u0001ctl",
            "ctl\u0001",
            "'single'",
            "back\\slash",
            "dev.x.Bench.m-thrpt_target=embedded");

    @Test
    void everyTrickyFieldAloneFirstMiddleAndLastIsWrittenAsCommonsCsvWritesIt() throws Exception {
        for (String v : TRICKY) {
            assertSame(Arrays.asList(v));
            assertSame(Arrays.asList(v, "x"));
            assertSame(Arrays.asList("x", v, "y"));
            assertSame(Arrays.asList("x", v));
        }
    }

    @Test
    void numbersNullsAndTheSeriesRowShapeAreWrittenAsCommonsCsvWritesThem() throws Exception {
        assertSame(Arrays.asList("benchmark", "params", "iteration", "phase", "ops.cumulative", "heap.retained"));
        assertSame(Arrays.asList("dev.x.Bench.m", "", 1, "warmup", 123456789L, 7133256L, "", -1L, Long.MIN_VALUE));
        assertSame(Arrays.asList(null, "a", null));
        assertSame(Arrays.asList((Object) null));
        assertSame(Arrays.asList(3, "measurement", "[B", 16417L, 1436864L));
    }

    @Test
    void randomFieldsAreWrittenAsCommonsCsvWritesThem() throws Exception {
        Random random = new Random(11);
        String alphabet = "ab ,\"\n\r#!\t;=%.-_[$(){}é\u0000\u001f~";
        for (int n = 0; n < 5_000; n++) {
            List<Object> record = new ArrayList<>();
            int fields = 1 + random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                StringBuilder sb = new StringBuilder();
                int len = random.nextInt(6);
                for (int i = 0; i < len; i++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                record.add(sb.toString());
            }
            assertSame(record);
        }
    }

    private static void assertSame(List<?> record) throws Exception {
        StringWriter expected = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(expected, COMMONS)) {
            printer.printRecord(record);
        }
        StringWriter actual = new StringWriter();
        Csv.printRecord(actual, record);
        assertEquals(expected.toString(), actual.toString(), "record " + record);
    }
}
