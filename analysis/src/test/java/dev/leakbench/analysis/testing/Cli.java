package dev.leakbench.analysis.testing;

import dev.leakbench.analysis.cli.LeakCheck;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures its output. */
public final class Cli {
    /**
     * What a run produced.
     *
     * @param code exit code
     * @param out standard output
     * @param err standard error
     */
    public record Run(int code, String out, String err) {}

    private Cli() {}

    /** Runs {@code leakcheck args...}. */
    public static Run run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeakCheck.run(a, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
