/**
 * The JDBC {@link dev.leakbench.engine.store.TupleStore}: {@link dev.leakbench.engine.store.jdbc.JdbcTupleStore}
 * over a HikariCP pool, on H2 served over loopback TCP inside the JVM
 * ({@link dev.leakbench.engine.store.jdbc.H2TcpServer}) or on PostgreSQL by URL. Connections, watches
 * and history are the resources the {@code embedded-jdbc} target exposes as gauges, so each of them is
 * bounded here and released on every path.
 */
package dev.leakbench.engine.store.jdbc;
