package dev.leakbench.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Params;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryStoreTest {
    private static final String HEADER = "date,commit,benchmark,params,metric,value,unit\n";
    private static final String GOOD = "2026-01-01,abc123,dev.x.B.m,target=embedded,score,1000.5,ops/s\n";

    @TempDir
    Path dir;

    private static HistoryRow row(String date, String commit, String bench, double value) {
        return new HistoryRow(LocalDate.parse(date), commit, bench, Params.parse("target=embedded"), "score", value, "ops/s");
    }

    @Test
    void createsAppendsAndSkipsRowsAlreadyThere() throws Exception {
        Path h = dir.resolve("results/history.csv");
        HistoryStore store = new HistoryStore(h);
        HistoryStore.Appended first = store.append(List.of(row("2026-01-01", "a1", "x.B.m", 1), row("2026-01-01", "a1", "x.B.n", 2)));
        assertEquals(2, first.appended().size());
        assertTrue(Files.readString(h).startsWith(HEADER));
        HistoryStore.Appended again = store.append(List.of(row("2026-01-01", "a1", "x.B.m", 1), row("2026-01-02", "a2", "x.B.m", 3)));
        assertEquals(1, again.appended().size());
        assertEquals(1, again.skipped().size());
        assertEquals(3, store.read().rows());
        assertEquals(4, Files.readAllLines(h).size());
        assertTrue(Files.getPosixFilePermissions(h).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
    }

    @Test
    void fieldsThatNeedQuotingRoundTrip() throws Exception {
        Path h = dir.resolve("h.csv");
        HistoryRow odd = new HistoryRow(LocalDate.parse("2026-02-03"), "abc", "x.B,\"m\"", Params.parse("q=a,b"), "score", 1e-300,
            "ops/s");
        new HistoryStore(h).append(List.of(odd));
        History back = new HistoryStore(h).read();
        History.Key k = back.keys().iterator().next();
        assertEquals("x.B,\"m\"", k.id().benchmark());
        assertEquals(1e-300, back.nights(k).get(0).value());
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
            Arguments.of("2026-13-01,abc,dev.x.B.m,,score,1,ops/s\n", "date"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,score,NaN,ops/s\n", "value"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,score,Infinity,ops/s\n", "value"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,score,12x,ops/s\n", "value"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,heap.retaind,1,bytes\n", "metric"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,score,1,furlongs\n", "unit"),
            Arguments.of("2026-01-02,abc,dev.x.B.m,,score,1\n", null),
            Arguments.of("2026-01-02,abc,dev.x.B.m,a=1;b,score,1,ops/s\n", "params"),
            Arguments.of("2026-01-02,,dev.x.B.m,,score,1,ops/s\n", "commit"),
            Arguments.of(GOOD, null)); // a duplicate of line 2
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineRefusesTheAppendAndLeavesTheFileUntouched(String bad, String field) throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD + bad + "2026-01-03,def,dev.x.B.m,target=embedded,score,999,ops/s\n");
        byte[] before = Files.readAllBytes(h);
        BadInputException e = assertThrows(BadInputException.class,
            () -> new HistoryStore(h).append(List.of(row("2026-01-04", "fff", "dev.x.B.m", 5))));
        assertEquals(3, e.line(), e.describe());
        assertEquals(field, e.field(), e.describe());
        assertEquals(h.toString(), e.file());
        assertArrayEquals(before, Files.readAllBytes(h));
        assertEquals(List.of(h.getFileName().toString(), h.getFileName() + ".lock"), listing());
    }

    @Test
    void aBadHeaderIsRefused() throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, "date,commit,benchmark,metric,value,unit\n");
        BadInputException e = assertThrows(BadInputException.class, () -> new HistoryStore(h).read());
        assertEquals(1, e.line());
    }

    @Test
    void aFailureBeforeTheRenameLeavesTheOldFileAndNoTemporary() throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD);
        byte[] before = Files.readAllBytes(h);
        HistoryStore failing = new HistoryStore(h, () -> {
            throw new UncheckedIOException(new IOException("disk full"));
        });
        assertThrows(UncheckedIOException.class, () -> failing.append(List.of(row("2026-01-05", "x", "dev.x.B.m", 1))));
        assertArrayEquals(before, Files.readAllBytes(h));
        assertEquals(List.of("history.csv", "history.csv.lock"), listing());
    }

    @Test
    void aProcessKilledMidAppendLeavesTheOldFileIntact() throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD);
        byte[] before = Files.readAllBytes(h);
        Process p = java("halt", h, "2026-01-06", "dead", 50);
        assertEquals(3, p.waitFor());
        assertArrayEquals(before, Files.readAllBytes(h));
        assertEquals(1, new HistoryStore(h).read().rows());
        // the next run is unaffected by the stray temporary file
        new HistoryStore(h).append(List.of(row("2026-01-07", "next", "dev.x.B.m", 1)));
        assertEquals(2, new HistoryStore(h).read().rows());
    }

    @Test
    void concurrentProcessesNeverTearOrInterleave() throws Exception {
        Path h = dir.resolve("history.csv");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(java("ok", h, "2026-03-0" + (i + 1), "c" + i, 200));
        }
        for (Process p : ps) {
            assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        }
        History back = new HistoryStore(h).read();
        assertEquals(800, back.rows());
        assertEquals(801, Files.readAllLines(h).size());
    }

    @Test
    void concurrentThreadsInOneJvmToo() throws Exception {
        Path h = dir.resolve("history.csv");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    List<HistoryRow> rows = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        rows.add(row("2026-04-01", "t" + id, "dev.x.B.m" + i, i));
                    }
                    new HistoryStore(h).append(rows);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(400, new HistoryStore(h).read().rows());
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Process java(String mode, Path history, String date, String commit, int rows) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            HistoryAppendMain.class.getName(), history.toString(), date, commit, String.valueOf(rows), mode)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * read() takes a fast path for lines that repeat texts it validated before (the same night,
     * commit, series and unit), straight from the bytes of the file; it must read exactly what the
     * full path reads: every line ending readLine knows (LF, CRLF, CR; lines across buffer
     * boundaries), quoted and padded fields, blank lines, values in every plain notation.
     */
    @Test
    void theFastPathReadsExactlyWhatALineByLineReadingReads() throws Exception {
        java.util.Random r = new java.util.Random(7);
        String[] values = {"1000.5", "-0.0", "12", "3.", ".5", "1e-300", "1E5", "2.5e+3", "1003489.2377788557", "0.1"};
        String[] endings = {"\n", "\r\n", "\r"};
        StringBuilder sb = new StringBuilder("date,commit,benchmark,params,metric,value,unit\n");
        List<String[]> expected = new ArrayList<>();
        for (int night = 0; night < 300; night++) {
            String date = LocalDate.of(2026, 1, 1).plusDays(night).toString();
            for (int b = 0; b < 12; b++) {
                String bench = b == 5 ? "\"x.B,m" + b + "\"" : "dev.leakbench.benchmarks.Generated.op" + b;
                String params = b == 7 ? " target=embedded " : "target=embedded;users=" + (b % 3);
                String metric = b == 9 ? " score" : "score";
                String value = r.nextInt(5) == 0 ? values[r.nextInt(values.length)] : Double.toString(1e6 * (1 + r.nextGaussian()));
                sb.append(date).append(",c").append(night).append(',').append(bench).append(',').append(params).append(',')
                    .append(metric).append(',').append(value).append(",ops/s").append(endings[r.nextInt(endings.length)]);
                expected.add(new String[]{date, "c" + night, bench.replace("\"", ""), params.strip(), value});
                if (r.nextInt(50) == 0) {
                    sb.append("   ").append(endings[r.nextInt(endings.length)]);
                }
            }
        }
        sb.setLength(sb.length() - 1); // the last line without its line break (or a CRLF as a lone CR)
        Path h = dir.resolve("history.csv");
        Files.writeString(h, sb.toString());
        assertTrue(Files.size(h) > 3 * 65536, "crosses buffer boundaries");
        History back = new HistoryStore(h).read();
        assertEquals(expected.size(), back.rows());
        History reference = new History();
        for (String[] e : expected) {
            reference.add(new HistoryRow(LocalDate.parse(e[0]), e[1], e[2], Params.parse(e[3]), "score", Double.parseDouble(e[4]),
                "ops/s"));
        }
        assertEquals(reference.keys(), back.keys());
        for (History.Key k : reference.keys()) {
            List<History.Night> want = reference.nights(k);
            List<History.Night> got = back.nights(k);
            assertEquals(want.size(), got.size(), k.toString());
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).date(), got.get(i).date());
                assertEquals(want.get(i).commits(), got.get(i).commits());
                assertEquals(Double.doubleToRawLongBits(want.get(i).value()), Double.doubleToRawLongBits(got.get(i).value()),
                    k + " " + want.get(i));
            }
        }
    }

    @Test
    void aBadValueOnALineThatRepeatsKnownTextsNamesItsLine() throws Exception {
        Path h = dir.resolve("history.csv");
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 5; i++) {
            sb.append("2026-01-0").append(i + 1).append(",abc,dev.x.B.m,target=embedded,score,100").append(i).append(",ops/s\n");
        }
        sb.append("2026-01-05,abc,dev.x.B.m,target=embedded,score,1e999,ops/s\n"); // line 7: the same texts, a value out of range
        Files.writeString(h, sb.toString());
        BadInputException e = assertThrows(BadInputException.class, () -> new HistoryStore(h).read());
        assertEquals(7, e.line(), e.describe());
        assertEquals("value", e.field(), e.describe());
        Files.writeString(h, sb.toString().replace("1e999", "7d"));
        e = assertThrows(BadInputException.class, () -> new HistoryStore(h).read());
        assertEquals(7, e.line(), e.describe());
        assertTrue(e.describe().contains("plain decimal"), e.describe());
    }

    /** What the fast path parses itself must be read as Double.parseDouble reads it (Cells.finite's parser). */
    @Test
    void plainDecimalsParseAsDoubleParseDouble() {
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) {
            String s;
            switch (i % 4) {
                case 0 -> s = Double.toString(Double.longBitsToDouble(r.nextLong()));
                case 1 -> s = Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
                case 2 -> {
                    StringBuilder d = new StringBuilder();
                    for (int k = r.nextInt(25) + 1; k > 0; k--) {
                        d.append((char) ('0' + r.nextInt(10)));
                    }
                    if (r.nextBoolean()) {
                        d.insert(r.nextInt(d.length() + 1), '.');
                    }
                    if (r.nextInt(3) == 0) {
                        d.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(700) - 350);
                    }
                    s = (r.nextBoolean() ? "-" : "") + d;
                }
                default -> s = Long.toString(r.nextLong());
            }
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!HistoryStore.plainDecimal(b, 0, b.length)) {
                continue;
            }
            double fast = com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
            double slow = Double.parseDouble(s);
            assertEquals(Double.doubleToRawLongBits(slow), Double.doubleToRawLongBits(fast), s);
        }
        for (String bad : new String[]{"", "-", ".", "1e", "1e+", "0x10", "1d", "NaN", "Infinity", "+1", " 1", "1 ", "1e1000", "1,5"}) {
            byte[] b = bad.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(!HistoryStore.plainDecimal(b, 0, b.length) || !Double.isFinite(Double.parseDouble(bad)), "'" + bad + "'");
        }
    }
}
