package dev.leakbench.workloads.target.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.leakbench.engine.AuthorizationEngine;
import dev.leakbench.engine.store.jdbc.H2TcpServer;
import dev.leakbench.engine.store.jdbc.JdbcTupleStore;
import dev.leakbench.workloads.target.ConnectionPool;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.target.TargetConfig;
import dev.leakbench.workloads.target.TargetOptions;
import dev.leakbench.workloads.target.TargetProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code embedded-jdbc}: the embedded engine on {@link JdbcTupleStore}, through a HikariCP pool to an
 * in-memory H2 database served over TCP on 127.0.0.1 in this JVM ({@link H2TcpServer}), so every
 * operation crosses a real loopback socket. Options: those of {@code embedded}, plus {@code poolSize}
 * ({@value #DEFAULT_POOL_SIZE}, HikariCP's default).
 *
 * <p>The target owns the server and the pool (the store is built over a pool it does not own), so that
 * it can offer the pool as a {@link ConnectionPool} to the connection workload and the
 * {@code connection-leak} fault. The pool is fixed-size, as the store's own factory makes it: open
 * connections stay flat, and any change in them is a finding.
 */
public final class EmbeddedJdbcTargetProvider implements TargetProvider {

    static final String POOL_SIZE = "poolSize";
    static final int DEFAULT_POOL_SIZE = 10;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public String name() {
        return "embedded-jdbc";
    }

    @Override
    public String description() {
        return "the embedded engine on the JDBC store: HikariCP over an in-process H2 server on 127.0.0.1";
    }

    @Override
    public Target create(TargetConfig config) {
        Map<String, String> defaults = new HashMap<>(EmbeddedTargetProvider.engineDefaults());
        defaults.put(POOL_SIZE, Integer.toString(DEFAULT_POOL_SIZE));
        TargetOptions options = TargetOptions.parse(name(), config, defaults);
        int poolSize = options.intValue(POOL_SIZE);
        if (poolSize < 1) {
            throw new IllegalArgumentException("target '" + name() + "': poolSize must be >= 1, was " + poolSize);
        }
        // in-memory H2 databases are JVM-wide: every target gets its own name
        H2TcpServer server =
                H2TcpServer.start("leakbench_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
        HikariDataSource pool = null;
        EmbeddedTarget target = null;
        try {
            pool = pool(server, poolSize);
            JdbcTupleStore store = new JdbcTupleStore(
                    pool,
                    options.intValue(EmbeddedTargetProvider.RETAINED_REVISIONS),
                    JdbcTupleStore.Options.DEFAULT_COMPACT_EVERY);
            AuthorizationEngine engine =
                    EmbeddedTargetProvider.engine(config, options).store(store).build();
            target = new EmbeddedTarget(name(), engine, new HikariConnections(pool), List.of(pool, server));
            target.load(config.dataset().tuples());
            return target;
        } catch (RuntimeException e) {
            if (target != null) {
                target.close();
            } else {
                if (pool != null) {
                    pool.close();
                }
                server.close();
            }
            throw e;
        }
    }

    private static HikariDataSource pool(H2TcpServer server, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("leakbench-" + server.databaseName());
        c.setJdbcUrl(server.jdbcUrl());
        c.setUsername(server.user());
        c.setPassword(server.password());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setConnectionTimeout(JdbcTupleStore.Options.DEFAULT_CONNECTION_TIMEOUT.toMillis());
        c.setInitializationFailTimeout(JdbcTupleStore.Options.DEFAULT_CONNECTION_TIMEOUT.toMillis());
        c.setRegisterMbeans(false);
        return new HikariDataSource(c);
    }

    /** The pool, as the connection workload and the connection-leak fault see it. */
    private record HikariConnections(HikariDataSource pool) implements ConnectionPool {
        @Override
        public Connection borrow() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public int activeConnections() {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            return bean == null ? 0 : bean.getActiveConnections();
        }

        @Override
        public int maxConnections() {
            return pool.getMaximumPoolSize();
        }
    }
}
