package dev.leakbench.engine.store;

/** The storage backend failed (for example a JDBC error); the cause says why. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
