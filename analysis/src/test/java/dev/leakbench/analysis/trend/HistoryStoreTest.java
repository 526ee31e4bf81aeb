package dev.leakbench.analysis.trend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        return new HistoryRow(
                LocalDate.parse(date), commit, bench, Params.parse("target=embedded"), "score", value, "ops/s");
    }

    @Test
    void createsAppendsAndSkipsRowsAlreadyThere() throws Exception {
        Path h = dir.resolve("results/history.csv");
        HistoryStore store = new HistoryStore(h);
        HistoryStore.Appended first =
                store.append(List.of(row("2026-01-01", "a1", "x.B.m", 1), row("2026-01-01", "a1", "x.B.n", 2)));
        assertEquals(2, first.appended().size());
        assertTrue(Files.readString(h).startsWith(HEADER));
        HistoryStore.Appended again =
                store.append(List.of(row("2026-01-01", "a1", "x.B.m", 1), row("2026-01-02", "a2", "x.B.m", 3)));
        assertEquals(1, again.appended().size());
        assertEquals(1, again.skipped().size());
        assertEquals(3, store.read().rows());
        assertEquals(4, Files.readAllLines(h).size());
        assertTrue(Files.getPosixFilePermissions(h).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
    }

    @Test
    void fieldsThatNeedQuotingRoundTrip() throws Exception {
        Path h = dir.resolve("h.csv");
        HistoryRow odd = new HistoryRow(
                LocalDate.parse("2026-02-03"), "abc", "x.B,\"m\"", Params.parse("q=a,b"), "score", 1e-300, "ops/s");
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
                Arguments.of("2026-01-02,abc,dev.x.B.m,,score,-1000.5,ops/s\n", "value"),
                Arguments.of("2026-01-02,abc,dev.x.B.m,,heap.retained,-1,bytes\n", "value"),
                Arguments.of(GOOD, null)); // a duplicate of line 2
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineRefusesTheAppendAndLeavesTheFileUntouched(String bad, String field) throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD + bad + "2026-01-03,def,dev.x.B.m,target=embedded,score,999,ops/s\n");
        byte[] before = Files.readAllBytes(h);
        BadInputException e = assertThrows(
                BadInputException.class,
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
    void aProcessKilledMidAppendLeavesTheOldFileIntactAndTheNextAppendRemovesItsTemporary() throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD);
        byte[] before = Files.readAllBytes(h);
        List<String> previous = List.of();
        for (int kill = 0; kill < 3; kill++) {
            Process p = java("halt", h, "2026-01-06", "dead" + kill, 50);
            assertEquals(3, p.waitFor());
            assertArrayEquals(before, Files.readAllBytes(h));
            // each killed append leaves its temporary file, as large as the history, and removed the one
            // the kill before it left: they do not accumulate
            List<String> stray = temporaries();
            assertEquals(1, stray.size(), listing().toString());
            assertTrue(Files.size(dir.resolve(stray.get(0))) > before.length, stray.toString());
            assertFalse(previous.contains(stray.get(0)));
            previous = stray;
        }
        assertEquals(1, new HistoryStore(h).read().rows());
        // the next append is unaffected by it, and removes it
        HistoryStore.Appended a = new HistoryStore(h).append(List.of(row("2026-01-07", "next", "dev.x.B.m", 1)));
        assertEquals(1, a.removedTemporaries().size());
        assertEquals(List.of(), temporaries());
        assertEquals(2, new HistoryStore(h).read().rows());
        assertEquals(List.of("history.csv", "history.csv.lock"), listing());
    }

    @Test
    void staleTemporariesAreRemovedAtTheNextAppendAndNothingElse() throws Exception {
        Path h = dir.resolve("history.csv");
        StringBuilder big = new StringBuilder(HEADER);
        for (int d = 1; d <= 28; d++) {
            big.append(String.format("2026-02-%02d,c%d,dev.x.B.m,target=embedded,score,%d.5,ops/s\n", d, d, 1000 + d));
        }
        Files.writeString(h, big);
        byte[] before = Files.readAllBytes(h);
        // named as AtomicFiles.createTemp names them (Files.createTempFile: prefix, random digits, suffix)
        for (String name :
                List.of(".history.csv.123456789.tmp", ".history.csv.18446744073709551615.tmp", ".history.csv.4.tmp")) {
            Files.write(dir.resolve(name), before);
        }
        // not temporaries of this history: kept
        List<String> others = List.of(
                ".history.csv.notes.tmp",
                ".other.csv.123.tmp",
                "history.csv.123.tmp",
                ".history.csv.123.tmp.bak",
                ".history.csv.123456789.tmp.d");
        for (String name : others) {
            Files.writeString(dir.resolve(name), "keep");
        }
        Files.createDirectories(dir.resolve(".history.csv.99.tmp")); // a directory is never one
        HistoryStore.Appended a = new HistoryStore(h).append(List.of(row("2026-03-01", "next", "dev.x.B.m", 7)));
        assertEquals(3, a.removedTemporaries().size(), a.removedTemporaries().toString());
        List<String> left = listing();
        assertTrue(left.containsAll(others) && left.contains(".history.csv.99.tmp"), left.toString());
        assertEquals(List.of(".history.csv.99.tmp"), temporaries());
        byte[] after = Files.readAllBytes(h);
        assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), "the history is intact");
        assertEquals(29, new HistoryStore(h).read().rows());
    }

    /**
     * An append in progress has its temporary file while it holds the lock; a second append waits
     * for the lock and so never sees (and removes) it: both land.
     */
    @Test
    void theTemporaryOfALiveAppendIsNeverRemoved() throws Exception {
        Path h = dir.resolve("history.csv");
        Files.writeString(h, HEADER + GOOD);
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HistoryStore slow = new HistoryStore(h, () -> {
            written.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread first =
                new Thread(() -> run(failures, () -> slow.append(List.of(row("2026-01-08", "first", "dev.x.B.m", 1)))));
        first.start();
        assertTrue(written.await(30, java.util.concurrent.TimeUnit.SECONDS));
        List<String> live = temporaries();
        assertEquals(1, live.size(), listing().toString());
        Thread second = new Thread(() ->
                run(failures, () -> new HistoryStore(h).append(List.of(row("2026-01-09", "second", "dev.x.B.m", 2)))));
        second.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (second.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.WAITING, second.getState(), "the second append waits for the lock");
        assertEquals(live, temporaries(), "the live append's temporary file is still there");
        release.countDown();
        first.join(30_000);
        second.join(30_000);
        assertEquals(List.of(), failures);
        assertEquals(3, new HistoryStore(h).read().rows());
        assertEquals(List.of(), temporaries());
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static void run(List<Throwable> failures, Action action) {
        try {
            action.run();
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private List<String> temporaries() throws IOException {
        return listing().stream()
                .filter(n -> n.matches("\\.history\\.csv\\.[0-9]+\\.tmp"))
                .toList();
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
        return new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        HistoryAppendMain.class.getName(),
                        history.toString(),
                        date,
                        commit,
                        String.valueOf(rows),
                        mode)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
