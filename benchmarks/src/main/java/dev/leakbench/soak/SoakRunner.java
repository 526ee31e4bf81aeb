package dev.leakbench.soak;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The soak runner's entry point: parses the options ({@link SoakOptions}), runs one {@link SoakRun}
 * and turns Ctrl-C / SIGTERM into a clean stop through a shutdown hook, so the summary is printed
 * and every file is complete and closed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.leakbench.soak.SoakRunner --help
 * java -cp benchmarks/target/benchmarks.jar dev.leakbench.soak.SoakRunner --scenario mixed --threads 4 --duration 24h
 * scripts/soak --scenario authorization-stress --duration 2h     # then leakcheck findings on the series
 * </pre>
 */
public final class SoakRunner {

    /** Exit code: the run completed or was stopped, and every answer was right. */
    public static final int OK = 0;
    /** Exit code: the workload failed (an exception, a wrong answer). */
    public static final int FAILED = 1;
    /** Exit code: bad usage (picocli's usage code). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    /** How long the shutdown hook waits for the run to write its last interval, summary and JFR dump. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    private SoakRunner() {}

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err, true);
        System.exit(code);
    }

    /**
     * Parses {@code args} and runs the soak.
     *
     * @param installShutdownHook stop cleanly on SIGINT/SIGTERM (the command line); tests pass false
     * @return the exit code
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, boolean installShutdownHook) {
        SoakOptions options = new SoakOptions();
        CommandLine cl = new CommandLine(options);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        try {
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return OK;
            }
            options.validate(cl);
        } catch (CommandLine.ParameterException e) {
            err.println("soak: " + e.getMessage());
            err.println("Try 'soak --help'.");
            return USAGE;
        }
        SoakRun run = new SoakRun(options, out, err);
        Thread hook = new Thread(
                () -> {
                    run.requestStop();
                    try {
                        if (!run.awaitFinished(SHUTDOWN_GRACE)) {
                            err.println("soak: the run did not finish within " + SoakDuration.format(SHUTDOWN_GRACE)
                                    + " of the stop signal; files may be incomplete");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "soak-shutdown");
        if (installShutdownHook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            SoakRun.Result result = run.run();
            return result.outcome() == SoakRun.Outcome.FAILED ? FAILED : OK;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // unknown target, a fault the target cannot take, a workload it cannot run
            err.println("soak: " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("soak: failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            if (installShutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook is running and waits for us
                }
            }
        }
    }
}
