package dev.leakbench.workloads.target;

import java.sql.Connection;
import java.sql.SQLException;

/** Capability of a target whose store talks to a database through a connection pool. */
public interface ConnectionPool {

    /** Borrows a connection from the store's own pool; closing it returns it to the pool. */
    Connection borrow() throws SQLException;

    /** Connections checked out of the pool right now. */
    int activeConnections();

    /** The most connections the pool will hand out. */
    int maxConnections();
}
