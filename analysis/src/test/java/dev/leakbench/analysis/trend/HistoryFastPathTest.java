package dev.leakbench.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HistoryStore.read() takes a fast path ({@code readFast}: lines broken from bytes, lines that
 * repeat validated texts read without splitting or validating them again) and leaves everything
 * else to the full path ({@code readFull}, the line-by-line reading of before). These hold the two
 * to each other: the same history from every valid file, and on every kind of bad file the full
 * path's exception, so the same message and exit code from {@code leakcheck trend}.
 */
class HistoryFastPathTest {
    private static final String HEADER = "date,commit,benchmark,params,metric,value,unit";

    @TempDir
    Path dir;

    /** Nights of good lines in the writer's form: the fast path's diet. */
    private static String goodNights(int nights, int series, Random r) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int n = 0; n < nights; n++) {
            String date = LocalDate.of(2026, 1, 1).plusDays(n).toString();
            for (int s = 0; s < series; s++) {
                sb.append(date)
                        .append(",c")
                        .append(n)
                        .append(",dev.x.B.m")
                        .append(s % 7)
                        .append(",target=embedded;users=")
                        .append(s / 7)
                        .append(s % 2 == 0 ? ",score," : ",heap.retained,")
                        .append(Double.toString(1e6 * (1 + 0.01 * r.nextGaussian())))
                        .append(s % 2 == 0 ? ",ops/s\n" : ",bytes\n");
            }
        }
        return sb.toString();
    }

    /** The same history, value for value (bits), commit for commit, line for line. */
    static void assertSameHistory(History want, History got) {
        assertEquals(want.rows(), got.rows());
        assertEquals(want.keys(), got.keys());
        for (History.Key k : want.keys()) {
            List<History.Night> w = want.nights(k);
            List<History.Night> g = got.nights(k);
            assertEquals(w.size(), g.size(), k.toString());
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.get(i).date(), g.get(i).date(), k + " night " + i);
                assertEquals(w.get(i).commits(), g.get(i).commits(), k + " night " + i);
                assertEquals(
                        Double.doubleToRawLongBits(w.get(i).value()),
                        Double.doubleToRawLongBits(g.get(i).value()),
                        k + " " + w.get(i));
            }
        }
        assertEquals(java.util.Arrays.toString(want.duplicate()), java.util.Arrays.toString(got.duplicate()));
    }

    /**
     * Every line ending readLine knows (LF, CRLF, CR; lines across buffer boundaries, the last line
     * without one), quoted and padded fields, blank lines, a BOM, values in every notation the full
     * path accepts, non-ASCII text: the fast path reads exactly what the full path reads, and most
     * lines from their bytes.
     */
    @Test
    void theFastPathReadsExactlyWhatTheFullPathReads() throws Exception {
        Random r = new Random(7);
        String[] values = {
            "1000.5",
            "-0.0",
            "12",
            "3.",
            ".5",
            "1e-300",
            "1E5",
            "2.5e+3",
            "1003489.2377788557",
            "0.1",
            "+7",
            " 42 ",
            "007",
            "0",
            "123456789012345678901234",
            "4.9E-324",
            "1.7976931348623157E308",
            "1e22",
            "9007199254740993",
            "0.30000000000000004",
            "10"
        };
        String[] endings = {"\n", "\r\n", "\r"};
        StringBuilder sb = new StringBuilder("\ufeff" + HEADER + "\r\n");
        for (int night = 0; night < 200; night++) {
            String date = LocalDate.of(2026, 1, 1).plusDays(night).toString();
            for (int b = 0; b < 12; b++) {
                String bench = b == 5
                        ? "\"x.B,m" + b + "\""
                        : b == 6 ? "dev.x.Bénch.m" : "dev.leakbench.benchmarks.Generated.op" + b;
                String params = b == 7 ? " target=embedded " : "target=embedded;users=" + (b % 3);
                String metric = b == 9 ? " score" : "score";
                String commit = night % 50 == 3 && b == 2 ? " c" + night : "c" + night;
                String value = r.nextInt(5) == 0
                        ? values[r.nextInt(values.length)]
                        : Double.toString(Math.abs(1e6 * (1 + r.nextGaussian())));
                sb.append(date)
                        .append(',')
                        .append(commit)
                        .append(',')
                        .append(bench)
                        .append(',')
                        .append(params)
                        .append(',')
                        .append(metric)
                        .append(',')
                        .append(value)
                        .append(",ops/s")
                        .append(endings[r.nextInt(endings.length)]);
                if (r.nextInt(50) == 0) {
                    sb.append(r.nextBoolean() ? "   " : "\u3000").append(endings[r.nextInt(endings.length)]);
                }
            }
        }
        sb.setLength(sb.length() - 1); // the last line without its line break (or a CRLF as a lone CR)
        Path h = dir.resolve("history.csv");
        Files.writeString(h, sb.toString());
        assertTrue(Files.size(h) > 3 * 65536, "crosses buffer boundaries");
        HistoryStore store = new HistoryStore(h);
        long[] fast = new long[1];
        History got = store.readFast(fast);
        assertNotNull(got, "the fast path reads a valid file to the end");
        assertSameHistory(store.readFull(), got);
        assertSameHistory(store.readFull(), store.read());
        assertTrue(fast[0] > 0.6 * got.rows(), fast[0] + " of " + got.rows() + " lines from their bytes");
    }

    @Test
    void aGeneratedHistoryIsReadAlmostAllFromItsBytes() throws Exception {
        Path h = Files.writeString(dir.resolve("history.csv"), goodNights(60, 40, new Random(3)));
        HistoryStore store = new HistoryStore(h);
        long[] fast = new long[1];
        History got = store.readFast(fast);
        assertSameHistory(store.readFull(), got);
        assertEquals(60 * 40, got.rows());
        assertEquals(60 * 40 - 40 - 59, fast[0], "all but the first night and the first line of each night after it");
    }

    /** Bad lines (each after nights of good lines, so that the fast path is under way), by what they break. */
    static Stream<Arguments> badFiles() {
        String good = goodNights(20, 10, new Random(1));
        String repeat = "2026-01-20,c19,dev.x.B.m0,target=embedded;users=0,score,"; // the texts of a line already seen
        List<Arguments> a = new ArrayList<>();
        String[][] lines = {
            {"bad date", "2026-13-01,abc,dev.x.B.m,,score,1,ops/s"},
            {"NaN", repeat + "NaN,ops/s"},
            {"Infinity", repeat + "Infinity,ops/s"},
            {"-Infinity", repeat + "-Infinity,ops/s"},
            {"12x", repeat + "12x,ops/s"},
            {"7d", repeat + "7d,ops/s"},
            {"1e5f", repeat + "1e5f,ops/s"},
            {"0x10", repeat + "0x10,ops/s"},
            {"0x1p3", repeat + "0x1p3,ops/s"},
            {"out of range", repeat + "1e999,ops/s"},
            {"empty value", repeat + ",ops/s"},
            {"blank value", repeat + "  ,ops/s"},
            {"negative score", repeat + "-1000.5,ops/s"},
            {"negative bytes", "2026-01-20,c19,dev.x.B.m1,target=embedded;users=0,heap.retained,-1,bytes"},
            {"unknown metric", "2026-01-20,c19,dev.x.B.m0,target=embedded;users=0,heap.retaind,1,bytes"},
            {"unknown unit", repeat + "1,furlongs"},
            {"too few fields", repeat + "1"},
            {"too many fields", repeat + "1,ops/s,x"},
            {"bad params", "2026-01-20,c19,dev.x.B.m0,a=1;b,score,1,ops/s"},
            {"empty commit", "2026-01-20,,dev.x.B.m0,target=embedded;users=0,score,1,ops/s"},
            {"bad commit", "2026-01-20,a b,dev.x.B.m0,target=embedded;users=0,score,1,ops/s"},
            {"empty benchmark", "2026-01-20,c19,,target=embedded;users=0,score,1,ops/s"},
            {"empty unit", repeat + "1,"},
            {"unterminated quote", "2026-01-20,c19,\"dev.x.B.m0,target=embedded;users=0,score,1,ops/s"},
            {"quote in a field", repeat + "1,\"ops/s\"x"},
            {"duplicate of an earlier line", repeat + "5,ops/s"},
            {"value running into the next line", repeat + "5"},
        };
        for (int i = 0; i < lines.length; i++) {
            String[] l = lines[i];
            // in the middle (more good lines after it), and as the last line without a line break; some with CRLF or CR
            a.add(Arguments.of(
                    l[0] + " (middle)",
                    (good + l[1] + "\n" + "2026-01-21,c20,dev.x.B.m0,,score,1,ops/s\n")
                            .getBytes(StandardCharsets.UTF_8)));
            a.add(Arguments.of(l[0] + " (last, no line break)", (good + l[1]).getBytes(StandardCharsets.UTF_8)));
            if (i % 4 == 0) {
                String eol = i % 8 == 0 ? "\r\n" : "\r";
                a.add(Arguments.of(
                        l[0] + " (" + (eol.length() == 2 ? "CRLF" : "CR") + ")",
                        (good.replace("\n", eol) + l[1] + eol).getBytes(StandardCharsets.UTF_8)));
            }
        }
        a.add(Arguments.of(
                "bad header",
                ("date,commit,benchmark,metric,value,unit\n" + good.substring(good.indexOf('\n') + 1))
                        .getBytes(StandardCharsets.UTF_8)));
        a.add(Arguments.of("header only a BOM", "\ufeff\n".getBytes(StandardCharsets.UTF_8)));
        a.add(Arguments.of("a blank first line", ("\n" + good).getBytes(StandardCharsets.UTF_8)));
        a.add(Arguments.of(
                "a duplicated night",
                (good + good.substring(good.indexOf("2026-01-20"))).getBytes(StandardCharsets.UTF_8)));
        // not UTF-8: in a line the fast path would read from its bytes, early and late, and with a bad line before it
        // (the full path's decoder reads ahead, so which of the two it reports is its own business)
        a.add(Arguments.of(
                "a bad byte in a repeated line",
                bytes(good, repeat + "1\u00ff,ops/s\n" + repeat.replace("m0", "m1") + "2,ops/s\n")));
        a.add(Arguments.of(
                "a bad byte in the header", bytes("date,c\u00ffommit,benchmark,params,metric,value,unit\n", "")));
        a.add(Arguments.of(
                "a bad byte on line 3",
                bytes(
                        HEADER + "\n2026-01-01,a,b.C.m,,score,1,ops/s\n",
                        "2026-01-02,\u00ff\n"
                                + good.substring(good.indexOf('\n') + 1).replace("2026-01-0", "2027-01-0"))));
        a.add(Arguments.of("a bad line, then a bad byte", bytes(good + repeat + "NaN,ops/s\n", "x\u00ff\n")));
        a.add(Arguments.of("a truncated UTF-8 character at the end", bytes(good, "2026-01-21,c20,dev.x.B.\u00c3")));
        a.add(Arguments.of(
                "a truncated UTF-8 character before a line break", bytes(good, "2026-01-21,c20,dev.x.B.\u00c3\n")));
        return a.stream();
    }

    /** TEXT as UTF-8, then TAIL with each char below 256 as one byte (so "\u00ff" is a malformed byte). */
    private static byte[] bytes(String text, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileGetsTheFullPathsExceptionAndTrendItsMessage(String name, byte[] content) throws Exception {
        Path h = Files.write(dir.resolve("history.csv"), content);
        HistoryStore store = new HistoryStore(h);
        BadInputException full = assertThrows(BadInputException.class, store::readFull, name);
        assertNull(store.readFast(), "the fast path leaves a bad file to the full path");
        BadInputException e = assertThrows(BadInputException.class, store::read, name);
        assertEquals(full.describe(), e.describe(), name);
        assertEquals(full.line(), e.line());
        assertEquals(full.field(), e.field());
        // and leakcheck trend says it, exit 2, the history untouched (through picocli too, for some: the same code)
        boolean both = Math.floorMod(name.hashCode(), 4) == 0;
        for (boolean picocli : both ? new boolean[] {false, true} : new boolean[] {false}) {
            String[] args = {"--history", h.toString(), "--date", "2026-03-01", "--commit", "n1"};
            Cli.Run run;
            if (picocli) {
                run = Cli.run("trend", "@" + Files.write(dir.resolve("args.txt"), List.of(args)));
            } else {
                run = Cli.run("trend", args[0], args[1], args[2], args[3], args[4], args[5]);
            }
            assertEquals(2, run.code(), run.err());
            assertEquals(
                    "leakcheck trend: bad input: " + full.describe() + " (history not changed)\n", run.err(), name);
            assertEquals("", run.out());
            assertEquals(
                    java.util.Arrays.toString(content), java.util.Arrays.toString(Files.readAllBytes(h)), "untouched");
        }
    }

    /** Lines that look odd but are valid: the fast path either reads them or leaves them to the full path, never refuses. */
    @Test
    void oddButValidLinesReadAsTheFullPathReadsThem() throws Exception {
        String good = goodNights(20, 10, new Random(2));
        String repeat = "2026-01-21,c20,dev.x.B.m0,target=embedded;users=0,score,";
        String[] odd = {
            "-0.0",
            "-0",
            "+1",
            " 1",
            "1 ",
            "1.",
            ".5",
            "00",
            "1e+5",
            "1E-05",
            "1e300",
            "1.0E-300",
            "4.9E-324",
            "12345678901234567890123",
            "18446744073709551616",
            "0.000000000000000000001"
        };
        for (String v : odd) {
            Path h = Files.writeString(
                    dir.resolve("history.csv"),
                    good + "2026-01-21,c20,dev.x.B.m1,,score,3,ops/s\n" + repeat + v + ",ops/s\n"
                            + repeat.replace("m0,", "m2,") + v + ",ops/s\n");
            HistoryStore store = new HistoryStore(h);
            History fast = store.readFast();
            assertNotNull(fast, v);
            assertSameHistory(store.readFull(), fast);
        }
    }

    /** What the fast path parses itself is read as Double.parseDouble (Cells.finite's parser) reads it. */
    @Test
    void plainValuesParseAsDoubleParseDouble() {
        Random r = new Random(11);
        int parsed = 0;
        for (int i = 0; i < 100_000; i++) {
            String s;
            switch (i % 5) {
                case 0 -> s = Double.toString(Math.abs(Double.longBitsToDouble(r.nextLong())));
                case 1 -> s = Double.toString(Math.abs(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20)));
                case 2 -> {
                    StringBuilder d = new StringBuilder();
                    for (int k = r.nextInt(22) + 1; k > 0; k--) {
                        d.append((char) ('0' + r.nextInt(10)));
                    }
                    if (r.nextBoolean()) {
                        d.insert(r.nextInt(d.length() + 1), '.');
                    }
                    if (r.nextInt(3) == 0) {
                        d.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(200) - 100);
                    }
                    s = d.toString();
                }
                case 3 -> s = Long.toString(r.nextLong() >>> r.nextInt(64));
                default -> s = Double.toString(1e6 * (1 + r.nextGaussian()));
            }
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            double fast = HistoryStore.plainValue(b, 0, b.length);
            if (Double.isNaN(fast)) {
                continue;
            }
            parsed++;
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(fast), s);
        }
        assertTrue(parsed > 70_000, parsed + " parsed");
        for (String bad : new String[] {
            "",
            "-",
            ".",
            "1e",
            "1e+",
            "0x10",
            "1d",
            "1f",
            "NaN",
            "Infinity",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1e1000",
            "1e100",
            "1,5",
            ".5",
            "5.",
            "01",
            "1.5e",
            "1..5",
            "1e5.5",
            "12345678901234567890"
        }) {
            byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(Double.isNaN(HistoryStore.plainValue(b, 0, b.length)), "'" + bad + "' is left to the full path");
        }
    }

    private static HistoryRow row(String date, String commit, String bench, double value) {
        return new HistoryRow(
                LocalDate.parse(date),
                commit,
                bench,
                dev.leakbench.analysis.input.Params.parse("target=embedded"),
                "score",
                value,
                "ops/s");
    }

    /**
     * The comparison runs while the new file is written: on the history with the new rows; a failed
     * write is still thrown (once the comparison has finished) and leaves the old file and no
     * temporary; tonight's rows, asked once the history was read, are what gets appended, and their
     * failure changes nothing.
     */
    @Test
    void theComparisonRunsWhileTheFileIsWrittenAndAFailedWriteStillFails() throws Exception {
        Path h = Files.writeString(dir.resolve("history.csv"), goodNights(10, 4, new Random(9)));
        byte[] before = Files.readAllBytes(h);
        java.util.concurrent.CountDownLatch compared = new java.util.concurrent.CountDownLatch(1);
        HistoryStore failing = new HistoryStore(h, () -> {
            try {
                compared.await(); // the write waits for the comparison: both were under way at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
        });
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        java.io.UncheckedIOException e = assertThrows(
                java.io.UncheckedIOException.class,
                () -> failing.append(() -> List.of(row("2026-02-01", "n", "dev.x.B.m0", 1)), hist -> {
                    seen.set(hist.rows());
                    compared.countDown();
                    return "done";
                }));
        assertEquals("disk full", e.getCause().getMessage());
        assertEquals(41, seen.get(), "the comparison saw the new row");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(h)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("history.csv", "history.csv.lock"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // a good write: the comparison's result, and the file as append(List) writes it
        HistoryStore.AppendedWith<Long> ok =
                new HistoryStore(h).append(() -> List.of(row("2026-02-01", "n", "dev.x.B.m0", 1)), History::rows);
        assertEquals(41L, ok.meanwhile());
        assertEquals(1, ok.appended().appended().size());
        Path h2 = Files.write(dir.resolve("h2.csv"), before);
        new HistoryStore(h2).append(List.of(row("2026-02-01", "n", "dev.x.B.m0", 1)));
        assertEquals(Files.readString(h2), Files.readString(h));
        // nothing new: no write, the comparison runs when asked
        HistoryStore.AppendedWith<Long> none =
                new HistoryStore(h).append(() -> List.of(row("2026-02-01", "n", "dev.x.B.m0", 1)), History::rows);
        assertEquals(1, none.appended().skipped().size());
        assertEquals(41L, none.meanwhile());
        // tonight's rows failing: the history and a stale temporary are left as they were
        byte[] now = Files.readAllBytes(h);
        Path stale = Files.write(dir.resolve(".history.csv.77.tmp"), now);
        BadInputException bad = assertThrows(
                BadInputException.class,
                () -> new HistoryStore(h)
                        .append(
                                () -> {
                                    throw new BadInputException(dir.resolve("t.json"), 0, null, "truncated JSON");
                                },
                                History::rows));
        assertEquals("truncated JSON", bad.getMessage());
        assertEquals(java.util.Arrays.toString(now), java.util.Arrays.toString(Files.readAllBytes(h)));
        assertTrue(Files.exists(stale));
    }
}
