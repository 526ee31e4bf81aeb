package dev.leakbench.engine.store;

/** A read named a revision that compaction already discarded (or one in the future). */
public class RevisionCompactedException extends RuntimeException {
    public RevisionCompactedException(String message) {
        super(message);
    }

    public RevisionCompactedException(String message, Throwable cause) {
        super(message, cause);
    }
}
