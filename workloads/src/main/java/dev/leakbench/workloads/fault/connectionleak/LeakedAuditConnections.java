package dev.leakbench.workloads.fault.connectionleak;

import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.fault.HeldLeaks;
import dev.leakbench.workloads.fault.UnsupportedFaultException;
import dev.leakbench.workloads.target.ConnectionPool;
import dev.leakbench.workloads.target.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@code connection-leak}: an audit hook borrows a connection from the store's own pool to record a
 * sampled decision, and on its "nothing to record" early return forgets to close it. The pool still
 * counts the connection as in use, so {@code connections.active} climbs by one per sampled operation.
 *
 * <p>A pool has few connections, and a real leak ends in "connection is not available" timeouts. So
 * that a benchmark can finish and show the growth, the hook stops leaking when only
 * {@value #RESERVED} connections are left for the store, says so once on stderr, and counts the
 * leaks it skipped ({@code fault.connections.skipped}). Choose {@code faultEvery} so that
 * {@code pool size x faultEvery} spans the run. Needs a target with a {@link ConnectionPool}
 * ({@code embedded-jdbc}).
 */
public final class LeakedAuditConnections extends HeldLeaks<Connection> {

    /** Connections left for the store itself once the leak has taken the rest. */
    public static final int RESERVED = 2;

    private final ConnectionPool pool;
    // The leak itself is the pool's in-use count; HeldLeaks keeps the connections only for teardown.
    private final AtomicLong skipped = new AtomicLong();

    public LeakedAuditConnections(Target target) {
        this.pool = target.capability(ConnectionPool.class)
                .orElseThrow(() -> new UnsupportedFaultException(
                        "connection-leak", target.name(), "a JDBC connection pool (use -p target=embedded-jdbc)"));
    }

    @Override
    public String name() {
        return "connection-leak";
    }

    @Override
    public void inject(FaultSite site) {
        if (injected() >= pool.maxConnections() - RESERVED) {
            if (skipped.getAndIncrement() == 0) {
                System.err.println(
                        "leakbench: connection-leak has taken " + injected() + " of " + pool.maxConnections()
                                + " pool connections; it stops here so the store can still work (raise faultEvery to spread the leak over the run)");
            }
            return;
        }
        try {
            Connection audit = pool.borrow();
            hold(audit); // the early return: no insert, and no close()
        } catch (SQLException e) {
            throw new IllegalStateException("connection-leak could not borrow a connection: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("connections.forgotten", this::injected, "connections.skipped", skipped::get);
    }

    @Override
    protected void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // teardown: the pool is about to close anyway
        }
    }
}
