package dev.leakbench.engine.store;

/** Pins a revision so compaction keeps it readable. Close it when done; closing is idempotent. */
public interface RevisionLease extends AutoCloseable {
    long revision();

    @Override
    void close();
}
