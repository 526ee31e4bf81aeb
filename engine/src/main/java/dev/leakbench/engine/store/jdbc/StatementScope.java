package dev.leakbench.engine.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one unit of work on one connection, prepared on first use and all
 * closed together. A write batch needs a different subset of statements depending on its mutations;
 * preparing lazily saves a network round trip per unused statement, and closing them as a group keeps
 * try-with-resources simple however many were opened.
 */
final class StatementScope implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>();

    StatementScope(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql}, prepared once per scope; parameters keep their previous values. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /** Closes every statement, even when one fails to close; the first failure is thrown. */
    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
