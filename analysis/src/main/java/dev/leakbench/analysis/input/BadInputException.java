package dev.leakbench.analysis.input;

import java.nio.file.Path;

/**
 * Input that cannot be used: names the file, the line (1-based, 0 when it does not apply) and
 * the field, so a person can find and fix it. Maps to exit code 2.
 */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String field;

    /** Creates the exception; {@code field} may be null when the whole line or file is wrong. */
    public BadInputException(Path file, long line, String field, String message) {
        this(file == null ? null : file.toString(), line, field, message, null);
    }

    /** Creates the exception with a cause. */
    public BadInputException(String file, long line, String field, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** The file, as given on the command line. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown or not applicable. */
    public long line() {
        return line;
    }

    /** The field (column, JSON path or setting), or null. */
    public String field() {
        return field;
    }

    /** "FILE:LINE: field 'F': message", leaving out what is unknown. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (field != null) {
            sb.append("field '").append(field).append("': ");
        }
        return sb.append(getMessage()).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
