package dev.leakbench.engine.store.jdbc;

import dev.leakbench.engine.store.StorageException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * An H2 TCP server inside this JVM serving one in-memory database, so that a JDBC store talks to its
 * database over real loopback sockets (connection setup, network buffers and server threads are part
 * of what a benchmark measures) without an external process.
 *
 * <p>The server listens on {@code 127.0.0.1} only, on a free port. H2 takes its bind address from the
 * JVM-wide system property {@code h2.bindAddress}, read once when H2's {@code SysProperties} class
 * initialises; {@link #start} sets it to {@code 127.0.0.1} when unset and refuses to start if H2 ended up
 * with any other address (for example because H2 was initialised earlier with the property unset), so
 * it never listens on other interfaces by accident. The database gets a random password and remote
 * clients cannot create other databases ({@code -ifNotExists} is not given).
 *
 * <p>{@link #close} shuts the database down, which frees its memory, and stops the server.
 */
public final class H2TcpServer implements AutoCloseable {

    /** What the server binds to and what {@link #jdbcUrl()} names. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final String BIND_PROPERTY = "h2.bindAddress";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String USER = "sa";

    private final String databaseName;
    private final String password;
    private final Connection keeper;
    private final Server server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private H2TcpServer(String databaseName, String password, Connection keeper, Server server) {
        this.databaseName = databaseName;
        this.password = password;
        this.keeper = keeper;
        this.server = server;
    }

    /**
     * Creates the in-memory database {@code databaseName} and serves it on a free loopback port.
     *
     * @param databaseName letters, digits and '_', at most 64; must not name an in-memory H2 database
     *                     already open in this JVM (in-memory databases are JVM-wide, so two servers
     *                     with one name would share data)
     * @throws IllegalStateException if H2 would not bind to 127.0.0.1 only, or the database exists
     * @throws StorageException      if H2 fails to create the database or start the server
     */
    public static H2TcpServer start(String databaseName) {
        if (databaseName == null || !DATABASE_NAME.matcher(databaseName).matches()) {
            throw new IllegalArgumentException(
                    "invalid H2 database name '" + databaseName + "': use 1..64 letters, digits or '_'");
        }
        requireLoopbackBinding();
        String embeddedUrl = "jdbc:h2:mem:" + databaseName;
        requireNotOpen(embeddedUrl, databaseName);
        String password = randomSecret();
        Connection keeper;
        try {
            // Created in-process, so the TCP server never has to allow remote database creation; this
            // connection is also how close() shuts the database down.
            keeper = DriverManager.getConnection(embeddedUrl, USER, password);
        } catch (SQLException e) {
            throw new StorageException(
                    "creating in-memory H2 database " + databaseName + " failed (SQLState " + e.getSQLState() + "): "
                            + e.getMessage(),
                    e);
        }
        try {
            // -tcpDaemon: a store nobody closed must not keep the JVM alive after the benchmark ends.
            // -tcpPassword: remote shutdown of the server needs this secret, not an empty password.
            Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-tcpPassword", randomSecret())
                    .start();
            return new H2TcpServer(databaseName, password, keeper, server);
        } catch (SQLException | RuntimeException e) {
            shutDown(keeper, e);
            throw new StorageException(
                    "starting the H2 TCP server for " + databaseName + " failed"
                            + (e instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : "")
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code jdbc:h2:tcp://127.0.0.1:PORT/mem:NAME;DB_CLOSE_DELAY=-1}. */
    public String jdbcUrl() {
        return "jdbc:h2:tcp://" + LOOPBACK + ":" + port() + "/mem:" + databaseName + ";DB_CLOSE_DELAY=-1";
    }

    /** The TCP port the server listens on (chosen by the OS at start). */
    public int port() {
        return server.getPort();
    }

    public String databaseName() {
        return databaseName;
    }

    /** The database user for {@link #jdbcUrl()}. */
    public String user() {
        return USER;
    }

    /** The database password for {@link #jdbcUrl()}: random per server. */
    public String password() {
        return password;
    }

    /** Whether the server still accepts connections. */
    public boolean isRunning() {
        return !closed.get() && server.isRunning(false);
    }

    /**
     * Shuts the database down (closing every session on it and freeing its memory) and stops the
     * server, so its port refuses connections once this returns. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            shutDown(keeper, null);
        } finally {
            server.stop();
        }
    }

    /**
     * Makes H2 bind to 127.0.0.1: sets {@code h2.bindAddress} if nobody did, then checks the value H2
     * actually uses, which is fixed at H2's class initialisation and may predate this call.
     */
    private static void requireLoopbackBinding() {
        synchronized (H2TcpServer.class) {
            if (System.getProperty(BIND_PROPERTY) == null) {
                System.setProperty(BIND_PROPERTY, LOOPBACK);
            }
        }
        String effective = SysProperties.BIND_ADDRESS;
        boolean loopbackOnly;
        try {
            loopbackOnly =
                    effective != null && InetAddress.getByName(effective).equals(InetAddress.getByName(LOOPBACK));
        } catch (UnknownHostException e) {
            loopbackOnly = false;
        }
        if (!loopbackOnly) {
            throw new IllegalStateException("H2 would bind its TCP server to "
                    + (effective == null ? "all interfaces" : "'" + effective + "'") + ", not " + LOOPBACK
                    + " only: H2 read -D" + BIND_PROPERTY + " before this server started (system property is now '"
                    + System.getProperty(BIND_PROPERTY) + "'). Start the JVM with -D" + BIND_PROPERTY + "=" + LOOPBACK
                    + ".");
        }
    }

    private static void requireNotOpen(String embeddedUrl, String databaseName) {
        try {
            DriverManager.getConnection(embeddedUrl + ";IFEXISTS=TRUE", USER, "")
                    .close();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                return;
            }
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) { // that one means: exists, another password
                throw new StorageException(
                        "checking for in-memory H2 database " + databaseName + " failed (SQLState " + e.getSQLState()
                                + "): " + e.getMessage(),
                        e);
            }
        }
        throw new IllegalStateException(
                "an in-memory H2 database named '" + databaseName + "' is already open in this JVM; pick another name");
    }

    /** SHUTDOWN closes the in-memory database even while clients are still connected, then frees it. */
    private static void shutDown(Connection keeper, Throwable failure) {
        try (keeper;
                Statement st = keeper.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                throw new StorageException(
                        "shutting down the in-memory H2 database failed (SQLState " + e.getSQLState() + "): "
                                + e.getMessage(),
                        e);
            }
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "H2TcpServer[" + jdbcUrl() + (closed.get() ? ", closed" : "") + "]";
    }
}
