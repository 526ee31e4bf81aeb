package dev.leakbench.engine.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.engine.store.RevisionCompactedException;
import dev.leakbench.engine.store.StorageException;
import dev.leakbench.engine.store.StoreStats;
import dev.leakbench.engine.store.WatchSubscription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;

/** What only the JDBC store has: a pool that must get every connection back, and an H2 server on loopback. */
class JdbcTupleStoreTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static String databaseName(String purpose) {
        return purpose + "_" + DATABASES.incrementAndGet();
    }

    private static RelationTuple t(String text) {
        return RelationTuple.parse(text);
    }

    private static long write(JdbcTupleStore store, String tuple) {
        return store.write(List.of(TupleMutation.write(t(tuple))));
    }

    /** A mixed load where some operations fail inside the database, and every connection comes back. */
    @Test
    void connectionsGoBackToThePoolAfter5000OperationsIncludingFailingOnes() throws Exception {
        int poolSize = 3;
        // a 1 s wait for a connection: a leak would turn into timeouts within a few operations
        JdbcTupleStore.Options options = JdbcTupleStore.Options.of(poolSize, 20)
                .withCompactEvery(16)
                .withConnectionTimeout(Duration.ofSeconds(1));
        try (JdbcTupleStore store = JdbcTupleStore.h2InProcess(databaseName("pool"), options)) {
            H2TcpServer server = store.h2Server();
            Random random = new Random(42);
            int writes = 0;
            int failedWrites = 0;
            int checks = 0;
            int failedReads = 0;
            int badCursors = 0;
            int compactedReads = 0;
            String cursor = null;
            String broken = null;
            try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                    Statement ddl = admin.createStatement()) {
                for (int op = 0; op < 5000; op++) {
                    // twice per 1000 operations a table disappears for a while: first the change log (writes fail
                    // in the middle of their transaction), then the versions (reads fail too)
                    if (op % 500 == 200) {
                        broken = op % 1000 == 200 ? JdbcSchema.CHANGES : JdbcSchema.VERSIONS;
                        ddl.execute("ALTER TABLE " + broken + " RENAME TO " + broken + "_away");
                    } else if (op % 500 == 260) {
                        ddl.execute("ALTER TABLE " + broken + "_away RENAME TO " + broken);
                        broken = null;
                    }
                    int n = random.nextInt(40);
                    RelationTuple tuple = t("document:d" + n + "#viewer@user:u" + (n % 7));
                    try {
                        switch (op % 10) {
                            case 0, 1, 2 -> {
                                store.write(List.of(
                                        random.nextBoolean()
                                                ? TupleMutation.write(tuple)
                                                : TupleMutation.delete(tuple)));
                                writes++;
                            }
                            case 3, 4, 5, 6 -> {
                                store.subjects(tuple.resource(), "viewer", store.currentRevision());
                                checks++;
                            }
                            case 7 -> {
                                Page page = store.read(TupleFilter.all(), store.currentRevision(), 5, null);
                                cursor = page.nextCursor() != null ? page.nextCursor() : cursor;
                            }
                            case 8 -> {
                                String forged = cursor == null ? "forged.cursor" : cursor.substring(1) + "x";
                                assertThrows(
                                        IllegalArgumentException.class,
                                        () -> store.read(TupleFilter.all(), store.currentRevision(), 5, forged));
                                badCursors++;
                            }
                            default -> {
                                long revision = store.currentRevision() > 30 ? 1 : store.currentRevision() + 1;
                                assertThrows(
                                        RevisionCompactedException.class,
                                        () -> store.subjects(tuple.resource(), "viewer", revision));
                                compactedReads++;
                            }
                        }
                    } catch (StorageException e) {
                        assertNotNull(broken, "operation " + op + " failed with no table missing: " + e.getMessage());
                        assertTrue(
                                e.getMessage().contains("SQLState 42"),
                                "the failure names the SQL state: " + e.getMessage());
                        if (op % 10 <= 2) {
                            failedWrites++;
                        } else {
                            failedReads++;
                        }
                    }
                }
            }
            String summary =
                    writes + " writes, " + failedWrites + " failed writes, " + checks + " checks, " + failedReads
                            + " failed reads, " + badCursors + " bad cursors, " + compactedReads + " compacted reads";
            assertTrue(
                    failedWrites > 50 && failedReads > 50 && badCursors == 500 && compactedReads == 500,
                    "every kind of failure happened: " + summary);
            assertEquals(writes, store.currentRevision(), "failed writes use no revision: " + summary);

            StoreStats stats = store.stats();
            assertEquals(0, stats.activeConnections(), "connections still checked out after " + summary + ": " + stats);
            assertTrue(
                    stats.openConnections() <= poolSize,
                    stats.openConnections() + " open connections in a pool of " + poolSize + ": " + stats);
            long revision = write(store, "document:after#viewer@user:ok");
            assertEquals(
                    List.of(t("document:after#viewer@user:ok")),
                    store.tuples(ObjectRef.parse("document:after"), "viewer", revision),
                    "the store works after the failures");
        }
    }

    @Test
    void theH2ServerListensOn127001Only() throws Exception {
        try (JdbcTupleStore store = JdbcTupleStore.h2InProcess(databaseName("bind"), 2, 10)) {
            H2TcpServer server = store.h2Server();
            int port = server.port();
            assertTrue(port > 0, "port " + port);
            assertTrue(server.jdbcUrl().startsWith("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:"), server.jdbcUrl());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertTrue(socket.isConnected(), "connected to 127.0.0.1:" + port);
            }

            Path tcp = Path.of("/proc/net/tcp");
            assumeTrue(Files.isReadable(tcp), "needs Linux /proc/net/tcp to see listen addresses");
            List<InetAddress> listening = new ArrayList<>();
            listening.addAll(listenAddresses(tcp, port));
            listening.addAll(listenAddresses(Path.of("/proc/net/tcp6"), port));
            assertFalse(listening.isEmpty(), "no listening socket on port " + port + " in /proc/net/tcp{,6}");
            for (InetAddress address : listening) {
                assertEquals(InetAddress.getByName("127.0.0.1"), address, "port " + port + " listens on " + address);
            }
        }
    }

    @Test
    void closingTheStoreClosesThePoolStopsTheServerAndFreesTheDatabase() throws Exception {
        String name = databaseName("close");
        JdbcTupleStore store = JdbcTupleStore.h2InProcess(name, 2, 10);
        H2TcpServer server = store.h2Server();
        int port = server.port();
        write(store, "document:a#viewer@user:alice");
        WatchSubscription watch = store.watch(0, 10);
        store.close();

        assertFalse(watch.isOpen(), "the store's watch is closed");
        assertTrue(store.dataSource().isClosed(), "the pool is closed");
        assertFalse(server.isRunning(), "the server is stopped");
        assertThrows(
                IOException.class,
                () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                },
                "127.0.0.1:" + port + " must refuse connections after close");
        SQLException gone = assertThrows(
                SQLException.class,
                () -> DriverManager.getConnection("jdbc:h2:mem:" + name + ";IFEXISTS=TRUE", "sa", "")
                        .close(),
                "in-memory database " + name + " must be freed");
        assertEquals(ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1, gone.getErrorCode(), gone.getMessage());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (serverThreads(port) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, serverThreads(port), "H2 server threads for port " + port + " still alive 5 s after close");
        store.close(); // idempotent
    }

    @Test
    void aCursorFromAnotherStoreOrAnEditedOneIsRejected() {
        try (JdbcTupleStore a = JdbcTupleStore.h2InProcess(databaseName("cursor"), 2, 10);
                JdbcTupleStore b = JdbcTupleStore.h2InProcess(databaseName("cursor"), 2, 10)) {
            List<TupleMutation> rows = List.of(
                    TupleMutation.write(t("document:a#viewer@user:alice")),
                    TupleMutation.write(t("document:b#viewer@user:bob")),
                    TupleMutation.write(t("document:c#viewer@user:carol")));
            long revision = a.write(rows);
            assertEquals(revision, b.write(rows), "both stores at the same revision");
            String cursor = a.read(TupleFilter.all(), revision, 1, null).nextCursor();
            assertNotNull(cursor, "a first page of 1 of 3 rows has a cursor");

            IllegalArgumentException foreign = assertThrows(
                    IllegalArgumentException.class,
                    () -> b.read(TupleFilter.all(), revision, 1, cursor),
                    "store b must reject store a's cursor");
            assertTrue(foreign.getMessage().contains("not issued by this store"), foreign.getMessage());
            char first = cursor.charAt(0);
            String edited = (first == 'A' ? 'B' : 'A') + cursor.substring(1);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> a.read(TupleFilter.all(), revision, 1, edited),
                    "an edited cursor: " + edited);
            assertEquals(
                    List.of(t("document:b#viewer@user:bob")),
                    a.read(TupleFilter.all(), revision, 1, cursor).rows(),
                    "the issuing store accepts its cursor");
        }
    }

    @Test
    void aWatchCatchesUpOnMoreHistoryThanItsBufferHolds() throws Exception {
        try (JdbcTupleStore store = JdbcTupleStore.h2InProcess(databaseName("catchup"), 2, 1000)) {
            int history = 50;
            for (int i = 0; i < history; i++) {
                write(store, "document:d" + i + "#viewer@user:u");
            }
            try (WatchSubscription watch = store.watch(0, 8)) {
                for (int i = 1; i <= history; i++) {
                    Change change = watch.poll(Duration.ofSeconds(5));
                    assertNotNull(change, "change " + i + " of " + history + " through a buffer of 8");
                    assertEquals(i, change.revision(), "replay order");
                }
                assertNull(watch.poll(Duration.ofMillis(20)), "caught up");
                long live = write(store, "document:live#viewer@user:u");
                Change change = watch.poll(Duration.ofSeconds(5));
                assertNotNull(change, "live change after catching up");
                assertEquals(live, change.revision(), "live change revision");
                assertEquals(1, store.stats().openWatches(), "open watches: " + store.stats());
            }
            assertEquals(0, store.stats().openWatches(), "after close: " + store.stats());
        }
    }

    @Test
    void aStoreOverAPoolItDoesNotOwnLeavesItOpenAndAReopenedStoreContinues() {
        try (H2TcpServer server = H2TcpServer.start(databaseName("reopen"))) {
            try (HikariDataSource pool = pool(server, 2)) {
                long revision;
                long oldest;
                try (JdbcTupleStore first = new JdbcTupleStore(pool, 5, 4)) {
                    for (int i = 0; i < 40; i++) {
                        write(first, "document:d" + i + "#viewer@user:u");
                    }
                    revision = first.currentRevision();
                    oldest = first.oldestReadableRevision();
                }
                assertFalse(pool.isClosed(), "closing the store must leave a pool it does not own open");
                assertTrue(server.isRunning(), "and the server running");

                try (JdbcTupleStore second = new JdbcTupleStore(pool, 5, 4)) {
                    assertEquals(
                            revision, second.currentRevision(), "the reopened store continues at the stored revision");
                    assertTrue(
                            second.oldestReadableRevision() <= oldest && second.oldestReadableRevision() > 0,
                            "reopened oldest readable " + second.oldestReadableRevision()
                                    + " is the compacted revision," + " at most the earlier " + oldest);
                    assertEquals(
                            40,
                            second.read(TupleFilter.all(), revision, 100, null)
                                    .rows()
                                    .size(),
                            "rows at " + revision);
                    assertEquals(revision + 1, write(second, "document:more#viewer@user:u"), "next revision");
                }
            }
        }
    }

    /** Two stores share no lock in this JVM: only the database's row lock on the counter orders them. */
    @Test
    void twoStoresOnOneDatabaseStillGetDistinctConsecutiveRevisions() throws Exception {
        int writesEach = 100;
        try (H2TcpServer server = H2TcpServer.start(databaseName("shared"));
                HikariDataSource pool = pool(server, 4);
                JdbcTupleStore first = new JdbcTupleStore(pool, 1000, 64);
                JdbcTupleStore second = new JdbcTupleStore(pool, 1000, 64)) {
            ExecutorService writers = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<Long>>> results = new ArrayList<>();
                for (JdbcTupleStore store : List.of(first, second)) {
                    String name = store == first ? "first" : "second";
                    results.add(writers.submit(() -> {
                        start.await();
                        List<Long> revisions = new ArrayList<>();
                        for (int i = 0; i < writesEach; i++) {
                            revisions.add(write(store, "document:" + name + i + "#viewer@user:u"));
                        }
                        return revisions;
                    }));
                }
                start.countDown();
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> result : results) {
                    all.addAll(result.get(60, TimeUnit.SECONDS));
                }
                all.sort(null);
                assertEquals(
                        LongStream.rangeClosed(1, 2L * writesEach).boxed().toList(),
                        all,
                        2 * writesEach + " writes through two stores get the revisions 1.." + 2 * writesEach);
            } finally {
                writers.shutdownNow();
            }
            try (JdbcTupleStore third = new JdbcTupleStore(pool, 1000, 64)) {
                assertEquals(
                        2 * writesEach,
                        third.read(TupleFilter.all(), 2L * writesEach, 1000, null)
                                .rows()
                                .size(),
                        "every tuple of both stores is in the database");
            }
        }
    }

    @Test
    void aSecondServerForAnOpenDatabaseNameIsRefused() {
        String name = databaseName("dup");
        try (JdbcTupleStore store = JdbcTupleStore.h2InProcess(name, 2, 10)) {
            write(store, "document:a#viewer@user:alice");
            IllegalStateException refused = assertThrows(
                    IllegalStateException.class,
                    () -> JdbcTupleStore.h2InProcess(name, 2, 10),
                    "a second in-memory database named " + name);
            assertTrue(refused.getMessage().contains(name), refused.getMessage());
            assertEquals(2, write(store, "document:b#viewer@user:bob"), "the first store is unaffected");
        }
    }

    private static HikariDataSource pool(H2TcpServer server, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** Local addresses of LISTEN sockets on {@code port} in a /proc/net/tcp-format file. */
    private static List<InetAddress> listenAddresses(Path table, int port) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        if (!Files.isReadable(table)) {
            return addresses;
        }
        String portHex = String.format("%04X", port);
        for (String line : Files.readAllLines(table)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[1].contains(":") || !"0A".equals(fields[3])) {
                continue; // header, or not in LISTEN state
            }
            String[] local = fields[1].split(":");
            if (local[1].equalsIgnoreCase(portHex)) {
                addresses.add(decodeProcAddress(local[0]));
            }
        }
        return addresses;
    }

    /** /proc/net/tcp prints each 32-bit word of an address in host (little-endian) byte order. */
    private static InetAddress decodeProcAddress(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte b = raw[word + i];
                raw[word + i] = raw[word + 3 - i];
                raw[word + 3 - i] = b;
            }
        }
        return InetAddress.getByAddress(raw); // an IPv4-mapped IPv6 address comes back as IPv4
    }

    private static long serverThreads(int port) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("H2 TCP")
                        && thread.getName().contains(":" + port))
                .count();
    }
}
