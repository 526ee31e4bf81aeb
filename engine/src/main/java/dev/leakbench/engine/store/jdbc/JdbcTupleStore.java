package dev.leakbench.engine.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.leakbench.engine.model.Change;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.Page;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import dev.leakbench.engine.model.TupleMutation;
import dev.leakbench.engine.store.ReleasedOnce;
import dev.leakbench.engine.store.RevisionCompactedException;
import dev.leakbench.engine.store.RevisionLease;
import dev.leakbench.engine.store.StorageException;
import dev.leakbench.engine.store.StoreClosedException;
import dev.leakbench.engine.store.StoreStats;
import dev.leakbench.engine.store.TupleStore;
import dev.leakbench.engine.store.WatchSubscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TupleStore} in a SQL database reached through a HikariCP pool: H2 served over loopback TCP
 * inside this JVM ({@link #h2InProcess}) or PostgreSQL by URL ({@link #connect}).
 *
 * <h2>Storage</h2>
 * Three tables (see {@link JdbcSchema}): tuple versions, each live from {@code created_rev} until
 * {@code deleted_rev} ({@code Long.MAX_VALUE} while live); the change log that watches replay; and a
 * one-row revision counter that also records how far compaction has gone. A tuple is visible at
 * revision {@code r} when {@code created_rev <= r < deleted_rev}. The schema is created if missing, and
 * a store opened on an existing schema continues from its revision.
 *
 * <h2>Writes</h2>
 * One transaction per batch. The revision is the counter plus one, read with {@code SELECT ... FOR
 * UPDATE} and updated in the same transaction, so writers are serialised by the database as well as by
 * this store's writer lock (the lock keeps them off the database's lock queue and orders the pushes to
 * watches). After the commit the new changes are pushed to live watches, still under the lock, so
 * every subscription sees revisions in order.
 *
 * <h2>Retention and compaction</h2>
 * The oldest readable revision is {@code min(current - retainedRevisions, lowest pinned lease)}, never
 * decreasing; it advances on every write. Reads below it, or above the current revision, throw
 * {@link RevisionCompactedException} (as that exception documents for revisions "in the future").
 * Physically deleting what fell out of the window (versions with {@code deleted_rev <= oldest},
 * changes with {@code revision <= oldest}) happens in every {@code compactEvery}-th write, on the
 * writing thread so that its cost is attributed to the operations, and amortised over them. A read
 * that overlaps a move of the oldest readable revision past its own revision fails rather than return
 * rows with holes in them: pin a revision to read it for longer than the retention window.
 *
 * <h2>Connections</h2>
 * Every operation borrows a connection with try-with-resources and returns it on every path, errors
 * included. JDBC failures become {@link StorageException} naming the operation and the SQL state;
 * after {@link #close()} they become {@link StoreClosedException}.
 *
 * <p>Watches are fed by this store's own writes: one engine owns the database. A second process
 * writing to the same tables is serialised correctly, but its changes reach this store's watches only
 * through replay, and its leases do not hold back this store's compaction.
 */
public final class JdbcTupleStore implements TupleStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTupleStore.class);

    /**
     * Settings of the pool the factories create and of the store.
     *
     * @param poolSize               connections in the pool; the pool keeps exactly this many open
     * @param retainedRevisions      revisions behind the current one that stay readable (0 keeps only the current)
     * @param compactEvery           run compaction in every n-th write
     * @param connectionTimeout      how long a caller waits for a free connection before a
     *                               {@link StorageException}; short, so a connection leak shows up as
     *                               timeouts rather than as a hang (at least 250 ms)
     * @param leakDetectionThreshold HikariCP logs a warning with the borrower's stack when a connection is
     *                               out of the pool longer than this; {@link Duration#ZERO} turns it off
     *                               (else at least 2 s)
     */
    public record Options(
            int poolSize,
            int retainedRevisions,
            int compactEvery,
            Duration connectionTimeout,
            Duration leakDetectionThreshold) {

        public static final int DEFAULT_COMPACT_EVERY = 64;
        public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

        public Options {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be >= 1, got " + poolSize);
            }
            if (retainedRevisions < 0) {
                throw new IllegalArgumentException("retainedRevisions must be >= 0, got " + retainedRevisions);
            }
            if (compactEvery < 1) {
                throw new IllegalArgumentException("compactEvery must be >= 1, got " + compactEvery);
            }
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            Objects.requireNonNull(leakDetectionThreshold, "leakDetectionThreshold");
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be >= 250 ms (HikariCP's minimum), got "
                        + connectionTimeout.toMillis() + " ms");
            }
            if (!leakDetectionThreshold.isZero() && leakDetectionThreshold.toMillis() < 2000) {
                throw new IllegalArgumentException(
                        "leakDetectionThreshold must be 0 (off) or >= 2 s (HikariCP's minimum), got "
                                + leakDetectionThreshold.toMillis() + " ms");
            }
        }

        /** Compaction every {@value #DEFAULT_COMPACT_EVERY} writes, 3 s connection timeout, no leak detection. */
        public static Options of(int poolSize, int retainedRevisions) {
            return new Options(
                    poolSize, retainedRevisions, DEFAULT_COMPACT_EVERY, DEFAULT_CONNECTION_TIMEOUT, Duration.ZERO);
        }

        public Options withCompactEvery(int writes) {
            return new Options(poolSize, retainedRevisions, writes, connectionTimeout, leakDetectionThreshold);
        }

        public Options withConnectionTimeout(Duration timeout) {
            return new Options(poolSize, retainedRevisions, compactEvery, timeout, leakDetectionThreshold);
        }

        public Options withLeakDetectionThreshold(Duration threshold) {
            return new Options(poolSize, retainedRevisions, compactEvery, connectionTimeout, threshold);
        }
    }

    /** The outcome of one committed batch. */
    private record Committed(long revision, List<Change> changes) {}

    private final HikariDataSource dataSource;
    /** Closed in order after the watches: the pool, then the server it connects to. */
    private final List<AutoCloseable> owned;

    private final H2TcpServer h2Server;
    private final int retainedRevisions;
    private final int compactEvery;
    private final PageCursors cursors = new PageCursors();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Serialises writers in this JVM; watches take it to go live (see {@link JdbcWatchSubscription}). */
    private final ReentrantLock writeLock = new ReentrantLock();

    private int writesSinceCompaction; // guarded by writeLock
    private long compactedRevision; // guarded by writeLock

    /** Guards the pins and every move of {@link #oldestReadable}, so a pin can never land below it. */
    private final Object pinLock = new Object();

    private final TreeMap<Long, Integer> pins = new TreeMap<>();
    private int pinCount;

    private volatile long currentRevision;
    private volatile long oldestReadable;

    private final Set<JdbcWatchSubscription> watches = ConcurrentHashMap.newKeySet();

    /**
     * A store over a pool someone else owns: {@link #close()} leaves the pool open.
     *
     * @param retainedRevisions revisions behind the current one that stay readable
     * @param compactEvery      run compaction in every n-th write
     * @throws StorageException if the schema cannot be created or read
     */
    public JdbcTupleStore(HikariDataSource dataSource, int retainedRevisions, int compactEvery) {
        this(dataSource, retainedRevisions, compactEvery, List.of(), null);
    }

    private JdbcTupleStore(
            HikariDataSource dataSource,
            int retainedRevisions,
            int compactEvery,
            List<AutoCloseable> owned,
            H2TcpServer h2Server) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (retainedRevisions < 0 || compactEvery < 1) {
            throw new IllegalArgumentException("need retainedRevisions >= 0 and compactEvery >= 1, got "
                    + retainedRevisions + " and " + compactEvery);
        }
        this.retainedRevisions = retainedRevisions;
        this.compactEvery = compactEvery;
        this.owned = owned;
        this.h2Server = h2Server;
        openSchema();
    }

    /** An in-memory H2 database served over loopback TCP in this JVM; closing the store stops it. */
    public static JdbcTupleStore h2InProcess(String name, int poolSize, int retainedRevisions) {
        return h2InProcess(name, Options.of(poolSize, retainedRevisions));
    }

    /**
     * An in-memory H2 database served over loopback TCP in this JVM ({@link H2TcpServer}), with a pool
     * to it; the store owns both, and closing it closes the pool, frees the database and stops the server.
     *
     * @param name the database name: letters, digits and '_', unique among open in-memory H2 databases
     */
    public static JdbcTupleStore h2InProcess(String name, Options options) {
        H2TcpServer server = H2TcpServer.start(name);
        return openOwned(server.jdbcUrl(), server.user(), server.password(), options, server);
    }

    /** A database by JDBC URL (PostgreSQL: {@code jdbc:postgresql://host/db}); the store owns its pool. */
    public static JdbcTupleStore connect(
            String jdbcUrl, String user, String password, int poolSize, int retainedRevisions) {
        return connect(jdbcUrl, user, password, Options.of(poolSize, retainedRevisions));
    }

    /** A database by JDBC URL; the store owns its pool and closes it on {@link #close()}. */
    public static JdbcTupleStore connect(String jdbcUrl, String user, String password, Options options) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return openOwned(jdbcUrl, user, password, options, null);
    }

    /** Opens a pool and a store that owns it (and the server, if any), closing them again if that fails. */
    private static JdbcTupleStore openOwned(
            String jdbcUrl, String user, String password, Options options, H2TcpServer server) {
        HikariDataSource pool = null;
        try {
            pool = newPool(jdbcUrl, user, password, options);
            List<AutoCloseable> owned = server == null ? List.of(pool) : List.of(pool, server);
            return new JdbcTupleStore(pool, options.retainedRevisions(), options.compactEvery(), owned, server);
        } catch (RuntimeException e) {
            closeAfterFailure(pool, e);
            closeAfterFailure(server, e);
            throw e;
        }
    }

    private static void closeAfterFailure(AutoCloseable resource, RuntimeException failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static HikariDataSource newPool(String jdbcUrl, String user, String password, Options options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("leakbench");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        // a fixed-size pool: open connections stay flat, so any change in them is a finding
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(options.poolSize());
        long timeoutMillis = options.connectionTimeout().toMillis();
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(Math.max(250, Math.min(1000, timeoutMillis / 2)));
        // fail at start, within the same timeout, when the database is unreachable
        config.setInitializationFailTimeout(timeoutMillis);
        config.setLeakDetectionThreshold(options.leakDetectionThreshold().toMillis());
        // gauges read the pool's MXBean straight from the data source; no JMX registration needed
        config.setRegisterMbeans(false);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // HikariCP's PoolInitializationException carries the driver's SQLException as its cause
            Throwable cause = e.getCause() instanceof SQLException ? e.getCause() : e;
            String state = cause instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : "";
            throw new StorageException(
                    "opening a connection pool to " + withoutQuery(jdbcUrl) + " failed" + state + ": "
                            + cause.getMessage(),
                    e);
        }
    }

    /** A URL for messages: parameters after '?' may hold credentials. */
    private static String withoutQuery(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
    }

    private void openSchema() {
        try (Connection c = dataSource.getConnection()) {
            List<String> ddl = JdbcSchema.ddl(c.getMetaData().getDatabaseProductName());
            try (var st = c.createStatement()) {
                for (String statement : ddl) {
                    st.execute(statement);
                }
            }
            if (!readCounter(c)) {
                try (var st = c.createStatement()) {
                    st.executeUpdate(JdbcSchema.INSERT_COUNTER);
                } catch (SQLException e) {
                    // another store created the row in between (integrity constraint violation, class 23)
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                }
                if (!readCounter(c)) {
                    throw new SQLException("the revision counter row is missing after inserting it");
                }
            }
        } catch (SQLException e) {
            throw failure("creating or opening the tuple store schema", e);
        }
    }

    /** Loads current and compacted revisions from the counter row; false if there is no row yet. */
    private boolean readCounter(Connection c) throws SQLException {
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery(JdbcSchema.READ_COUNTER)) {
            if (!rs.next()) {
                return false;
            }
            currentRevision = rs.getLong(1);
            compactedRevision = rs.getLong(2);
            oldestReadable = compactedRevision;
            return true;
        }
    }

    @Override
    public long currentRevision() {
        checkOpen();
        return currentRevision;
    }

    @Override
    public long oldestReadableRevision() {
        checkOpen();
        return oldestReadable;
    }

    @Override
    public long write(List<TupleMutation> mutations) {
        checkOpen();
        List<TupleMutation> batch = List.copyOf(mutations); // rejects null elements before any SQL runs
        writeLock.lock();
        try {
            checkOpen();
            Committed committed = commit(batch, !watches.isEmpty());
            currentRevision = committed.revision();
            advanceOldestReadable();
            if (!committed.changes().isEmpty()) {
                for (JdbcWatchSubscription watch : watches) {
                    watch.push(committed.changes());
                }
            }
            if (++writesSinceCompaction >= compactEvery) {
                writesSinceCompaction = 0;
                compact();
            }
            return committed.revision();
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs one batch as one transaction; the changes are collected only when a watch may want them. */
    private Committed commit(List<TupleMutation> batch, boolean collectChanges) {
        long revision = -1;
        try (Connection c = dataSource.getConnection();
                StatementScope st = new StatementScope(c)) {
            // HikariCP restores auto-commit when the connection goes back to the pool
            c.setAutoCommit(false);
            try {
                revision = nextRevision(st);
                List<Change> changes = collectChanges ? new ArrayList<>(batch.size()) : List.of();
                int seq = 0;
                for (TupleMutation mutation : batch) {
                    RelationTuple tuple = mutation.tuple();
                    boolean changed = mutation.operation() == TupleMutation.Operation.WRITE
                            ? insertIfAbsent(st, tuple, revision)
                            : markDeleted(st, tuple, revision);
                    if (changed) {
                        PreparedStatement log = st.prepare(JdbcSchema.INSERT_CHANGE);
                        log.setLong(1, revision);
                        log.setInt(2, seq++);
                        log.setString(3, mutation.operation() == TupleMutation.Operation.WRITE ? "W" : "D");
                        JdbcSchema.bindTuple(log, 4, tuple);
                        log.addBatch();
                        if (collectChanges) {
                            changes.add(new Change(revision, mutation.operation(), tuple));
                        }
                    }
                }
                if (seq > 0) {
                    st.prepare(JdbcSchema.INSERT_CHANGE).executeBatch();
                }
                PreparedStatement counter = st.prepare(JdbcSchema.UPDATE_COUNTER);
                counter.setLong(1, revision);
                counter.executeUpdate();
                c.commit();
                return new Committed(revision, changes);
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(
                    revision < 0
                            ? "writing a batch of " + batch.size() + " mutation(s)"
                            : "writing revision " + revision + " (" + batch.size() + " mutation(s))",
                    e);
        }
    }

    /** Locks the counter row for this transaction and returns the revision this batch becomes. */
    private static long nextRevision(StatementScope st) throws SQLException {
        try (ResultSet rs = st.prepare(JdbcSchema.LOCK_COUNTER).executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the revision counter row is missing");
            }
            return rs.getLong(1) + 1;
        }
    }

    /** Inserts a live version unless one exists; true if it did. */
    private static boolean insertIfAbsent(StatementScope st, RelationTuple tuple, long revision) throws SQLException {
        PreparedStatement find = st.prepare(JdbcSchema.FIND_LIVE);
        JdbcSchema.bindTuple(find, 1, tuple);
        try (ResultSet rs = find.executeQuery()) {
            if (rs.next()) {
                return false;
            }
        }
        PreparedStatement insert = st.prepare(JdbcSchema.INSERT_VERSION);
        insert.setLong(JdbcSchema.bindTuple(insert, 1, tuple), revision);
        return insert.executeUpdate() == 1;
    }

    /** Ends the live version, if any; true if there was one. */
    private static boolean markDeleted(StatementScope st, RelationTuple tuple, long revision) throws SQLException {
        PreparedStatement mark = st.prepare(JdbcSchema.MARK_DELETED);
        mark.setLong(1, revision);
        mark.setLong(JdbcSchema.bindTuple(mark, 2, tuple), revision);
        if (mark.executeUpdate() > 0) {
            return true;
        }
        PreparedStatement sameBatch = st.prepare(JdbcSchema.DELETE_SAME_BATCH);
        sameBatch.setLong(JdbcSchema.bindTuple(sameBatch, 1, tuple), revision);
        return sameBatch.executeUpdate() > 0;
    }

    /** Moves the oldest readable revision up to the retention window, but not past a pinned revision. */
    private void advanceOldestReadable() {
        synchronized (pinLock) {
            long target = Math.max(0, currentRevision - retainedRevisions);
            if (!pins.isEmpty()) {
                target = Math.min(target, pins.firstKey());
            }
            if (target > oldestReadable) {
                oldestReadable = target;
            }
        }
    }

    /**
     * Deletes what no reader can see any more. Runs under the writer lock, so it never contends with
     * a write for the counter row. A failure is logged and retried at the next trigger: the write that
     * triggered it has committed and must not be reported as failed.
     */
    private void compact() {
        long watermark = oldestReadable;
        if (watermark <= compactedRevision) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                StatementScope st = new StatementScope(c)) {
            c.setAutoCommit(false);
            try {
                PreparedStatement versions = st.prepare(JdbcSchema.COMPACT_VERSIONS);
                versions.setLong(1, watermark);
                versions.executeUpdate();
                PreparedStatement changes = st.prepare(JdbcSchema.COMPACT_CHANGES);
                changes.setLong(1, watermark);
                changes.executeUpdate();
                PreparedStatement counter = st.prepare(JdbcSchema.UPDATE_COMPACTED);
                counter.setLong(1, watermark);
                counter.executeUpdate();
                c.commit();
                compactedRevision = watermark;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn(
                    "compacting tuple history up to revision {} failed (SQLState {}); retrying after {} more writes",
                    watermark,
                    e.getSQLState(),
                    compactEvery,
                    e);
        }
    }

    /** Compacts now rather than at the next trigger; for tests. */
    void compactNow() {
        checkOpen();
        writeLock.lock();
        try {
            compact();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<SubjectRef> subjects(ObjectRef resource, String relation, long revision) {
        checkOpen();
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(relation, "relation");
        requireReadable(revision);
        List<SubjectRef> subjects = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(JdbcSchema.SUBJECTS)) {
            ps.setString(1, resource.type());
            ps.setString(2, resource.id());
            ps.setString(3, relation);
            JdbcSchema.bindRevision(ps, 4, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    subjects.add(JdbcSchema.subjectAt(rs, 1));
                }
            }
        } catch (SQLException e) {
            throw failure("reading the subjects of " + resource + "#" + relation + " at revision " + revision, e);
        }
        requireStillReadable(revision);
        return Collections.unmodifiableList(subjects);
    }

    @Override
    public Page read(TupleFilter filter, long revision, int limit, String cursor) {
        checkOpen();
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        RelationTuple after = cursor == null ? null : cursors.decode(cursor);
        requireReadable(revision);
        // one row more than asked tells whether another page exists without a second query
        int fetch = limit == Integer.MAX_VALUE ? limit : limit + 1;
        List<RelationTuple> rows = new ArrayList<>(Math.min(fetch, 256));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(JdbcSchema.read(filter, after != null))) {
            JdbcSchema.bindRead(ps, filter, revision, after, fetch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(JdbcSchema.tupleAt(rs, 1));
                }
            }
        } catch (SQLException e) {
            throw failure("reading " + filter + " at revision " + revision, e);
        }
        requireStillReadable(revision);
        if (rows.size() <= limit) {
            return new Page(rows, revision, null);
        }
        List<RelationTuple> page = rows.subList(0, limit);
        return new Page(page, revision, cursors.encode(page.get(limit - 1)));
    }

    @Override
    public WatchSubscription watch(long afterRevision, int bufferCapacity) {
        checkOpen();
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("bufferCapacity must be >= 1, got " + bufferCapacity);
        }
        requireReadable(afterRevision);
        JdbcWatchSubscription watch = new JdbcWatchSubscription(this, afterRevision, bufferCapacity);
        watches.add(watch);
        try {
            watch.start();
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        if (closed.get()) {
            // close() may have swept the watches before this one was added
            watch.close();
            checkOpen();
        }
        return watch;
    }

    @Override
    public RevisionLease pin(long revision) {
        checkOpen();
        synchronized (pinLock) {
            // under pinLock the oldest readable revision cannot move past this revision before it is pinned
            requireReadable(revision);
            pins.merge(revision, 1, Integer::sum);
            pinCount++;
        }
        return new ReleasedOnce(revision, this::unpin);
    }

    @Override
    public StoreStats stats() {
        checkOpen();
        long live;
        long versions;
        long changes;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(JdbcSchema.STATS);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            live = rs.getLong(1);
            versions = rs.getLong(2);
            changes = rs.getLong(3);
        } catch (SQLException e) {
            throw failure("counting tuple versions and changes", e);
        }
        int pinned;
        synchronized (pinLock) {
            pinned = pinCount;
        }
        // read after our own connection went back, so it does not count itself
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        int active = pool == null ? 0 : pool.getActiveConnections();
        int total = pool == null ? 0 : pool.getTotalConnections();
        return new StoreStats(live, versions, changes, watches.size(), pinned, active, total);
    }

    /**
     * Closes the watches (their consumers get {@link StoreClosedException}), waits for a write in
     * progress, then closes the pool and the H2 server if this store owns them. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writeLock.lock(); // no transaction is cut off in the middle
        writeLock.unlock();
        for (JdbcWatchSubscription watch : watches) {
            watch.closeBecauseStoreClosed();
        }
        watches.clear();
        synchronized (pinLock) {
            pins.clear();
            pinCount = 0;
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new StorageException("closing " + resource + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The in-process H2 server, or null when this store connects by URL or over a given pool. */
    H2TcpServer h2Server() {
        return h2Server;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    // ---- used by JdbcWatchSubscription ----

    /** Up to {@code limit} logged changes after position (revision, seq), in log order. */
    List<JdbcWatchSubscription.LoggedChange> changesAfter(long revision, int seq, int limit) {
        checkOpen();
        List<JdbcWatchSubscription.LoggedChange> rows = new ArrayList<>(Math.min(limit, 256));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(JdbcSchema.CHANGES_AFTER)) {
            ps.setLong(1, revision);
            ps.setInt(2, seq);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TupleMutation.Operation op = "W".equals(rs.getString(3))
                            ? TupleMutation.Operation.WRITE
                            : TupleMutation.Operation.DELETE;
                    rows.add(new JdbcWatchSubscription.LoggedChange(
                            rs.getInt(2), new Change(rs.getLong(1), op, JdbcSchema.tupleAt(rs, 4))));
                }
            }
        } catch (SQLException e) {
            throw failure("replaying changes after revision " + revision, e);
        }
        return rows;
    }

    /** Runs {@code action} while no write can commit. */
    void whileWritersPaused(Runnable action) {
        writeLock.lock();
        try {
            checkOpen();
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    long oldestReadable() {
        return oldestReadable;
    }

    void unregister(JdbcWatchSubscription watch) {
        watches.remove(watch);
    }

    // ---- helpers ----

    private void checkOpen() {
        if (closed.get()) {
            throw new StoreClosedException("this JDBC tuple store is closed");
        }
    }

    private void requireReadable(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, got " + revision);
        }
        long current = currentRevision;
        if (revision > current) {
            throw new RevisionCompactedException(
                    "revision " + revision + " is in the future: the current revision is " + current);
        }
        long oldest = oldestReadable;
        if (revision < oldest) {
            throw new RevisionCompactedException(
                    "revision " + revision + " was compacted: the oldest readable revision is " + oldest + " (current "
                            + current + ", retaining " + retainedRevisions + "); pin a revision to keep it");
        }
    }

    /** After a query: if the window moved past the revision meanwhile, compaction may have cut into the rows. */
    private void requireStillReadable(long revision) {
        long oldest = oldestReadable;
        if (revision < oldest) {
            throw new RevisionCompactedException(
                    "revision " + revision + " was compacted while it was being read: the oldest"
                            + " readable revision is now " + oldest + "; pin a revision to read it for longer");
        }
    }

    /** A JDBC failure as this store reports it: what it was doing and the SQL state. */
    private RuntimeException failure(String doing, SQLException e) {
        if (closed.get()) {
            return new StoreClosedException("this JDBC tuple store was closed while " + doing, e);
        }
        return new StorageException(
                doing + " failed (SQLState " + e.getSQLState() + ", error code " + e.getErrorCode() + "): "
                        + e.getMessage(),
                e);
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Releases one pin (from a closed lease); nothing to do once the store is closed. */
    private void unpin(long revision) {
        if (closed.get()) {
            return;
        }
        synchronized (pinLock) {
            pins.computeIfPresent(revision, (r, n) -> n == 1 ? null : n - 1);
            pinCount = Math.max(0, pinCount - 1);
        }
    }

    @Override
    public String toString() {
        return "JdbcTupleStore[" + withoutQuery(String.valueOf(dataSource.getJdbcUrl())) + ", revision "
                + currentRevision + (closed.get() ? ", closed" : "") + "]";
    }
}
