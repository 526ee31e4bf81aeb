package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.io.IoErrors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leakcheck}: the entry point of the fat jar. */
@Command(
        name = "leakcheck",
        mixinStandardHelpOptions = true,
        version = "leakcheck 0.1.0",
        description = {
            "Finds memory and resource leaks in JMH results and LeakProfiler series, and tracks nightly trends.",
            "",
            "Exit codes: 0 no leak/regression, 1 at least one leak finding or regression, 2 bad input or usage."
        },
        subcommands = {
            FindingsCommand.class,
            TrendCommand.class,
            DetectionCommand.class,
            TraceCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LeakCheck implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: findings, trend, detection or trace");
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Integer fast = FastPath.run(args, out, err);
        if (fast != null) {
            return fast;
        }
        CommandLine cl = new CommandLine(new LeakCheck());
        cl.setOut(out);
        cl.setErr(err);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
        cl.getSubcommands().values().forEach(s -> s.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT));
        cl.setParameterExceptionHandler((ex, ignored) -> {
            // one line naming the command and the problem, then where to look; not the whole usage text
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + name + " --help' for more information.");
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            java.io.IOException io = ex instanceof java.io.IOException e
                    ? e
                    : ex instanceof java.io.UncheckedIOException u ? u.getCause() : null;
            if (io != null) {
                // the commands report their files' problems themselves; this is the safety net
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + IoErrors.reason(io));
                return ExitCodes.BAD_INPUT;
            }
            cmd.getErr().println("leakcheck: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.BAD_INPUT;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Main. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(
                new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
    }
}
