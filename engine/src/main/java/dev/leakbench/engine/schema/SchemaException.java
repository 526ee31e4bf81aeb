package dev.leakbench.engine.schema;

/**
 * A schema that cannot be loaded: a syntax error, or a definition that refers to something that does
 * not exist, repeats a name or cannot terminate. The message reads
 * {@code line 3, column 27: expected relation name after 'from', found '|'}; line and column are
 * 1-based and point at the offending token.
 */
public class SchemaException extends IllegalArgumentException {

    private final int line;
    private final int column;
    private final String problem;

    public SchemaException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token (a tab counts as one column). */
    public int column() {
        return column;
    }

    /** The message without the position: what was expected and what was found, or what is wrong. */
    public String problem() {
        return problem;
    }
}
