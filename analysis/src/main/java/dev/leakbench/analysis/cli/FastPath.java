package dev.leakbench.analysis.cli;

import dev.leakbench.analysis.io.IoErrors;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the ordinary invocations of {@code findings}, {@code trend} and {@code detection} without
 * picocli. Picocli builds its model of the commands by reflection over their annotations at every
 * start (about 180 classes, a good part of a cold JVM's second), which a tool run once per CI job
 * pays every time. This parser accepts only plain, valid command lines: the options the
 * annotations declare, each at most once, as {@code --name value} or {@code --name=value} with a
 * value that is not empty and does not start with {@code -}, positionals anywhere, {@code --}
 * ending the options. Anything else (help, version, no command, an unknown or repeated option, a
 * missing or odd value, a value that does not convert, {@code @argfiles}, a usage error the
 * command itself finds before it starts its work) returns {@code null}, and {@link LeakCheck} runs
 * the same arguments through picocli, which prints its usual message. The commands' own work is
 * the same code either way. {@code CliTest} holds the option lists below to the annotations and
 * compares the two paths.
 */
final class FastPath {
    /** Thrown by a command run on the fast path where picocli would report a usage error: run it again through picocli. */
    static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry() {
            super(null, null, false, false);
        }
    }

    /** Options that take a value, per command (as the commands' annotations declare them). */
    static final Map<String, Set<String>> VALUED = Map.of(
            "findings", Set.of("--format", "--out", "--baseline", "--heap", "--config", "--min-growth"),
            "trend", Set.of("--history", "--date", "--commit", "--format", "--out", "--config"),
            "detection", Set.of("--out", "--config"));
    /** Options without a value (flags), per command. */
    static final Map<String, Set<String>> FLAGS = Map.of(
            "findings", Set.of("--all"),
            "trend", Set.of("--no-append"),
            "detection", Set.of());

    private FastPath() {}

    /** The parsed options and positionals of one command line. */
    private record Parsed(Map<String, String> values, Set<String> flags, List<String> positionals) {}

    /** Not a command line this path runs: picocli's. */
    private static final class NotOurs extends Exception {
        private static final long serialVersionUID = 1L;

        NotOurs() {
            super(null, null, false, false);
        }
    }

    /** The exit code of the command, or null when picocli has to handle these arguments. */
    static Integer run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || !VALUED.containsKey(args[0]) || System.getProperty("picocli.trace") != null) {
            return null;
        }
        String command = args[0];
        Callable<Integer> cmd;
        try {
            Parsed p = parse(args, VALUED.get(command), FLAGS.get(command));
            cmd = switch (command) {
                case "findings" -> findings(p, out, err);
                case "trend" -> trend(p, out, err);
                default -> detection(p, out, err);
            };
        } catch (NotOurs e) {
            return null;
        }
        Integer code;
        try {
            code = cmd.call();
        } catch (Retry r) {
            return null;
        } catch (Exception ex) {
            // as LeakCheck's execution exception handler
            java.io.IOException io = ex instanceof java.io.IOException e
                    ? e
                    : ex instanceof java.io.UncheckedIOException u ? u.getCause() : null;
            if (io != null) {
                err.println("leakcheck " + command + ": " + IoErrors.reason(io));
            } else {
                err.println("leakcheck: internal error: " + ex);
                ex.printStackTrace(err);
            }
            code = ExitCodes.BAD_INPUT;
        }
        out.flush();
        err.flush();
        return code == null ? ExitCodes.OK : code;
    }

    private static Parsed parse(String[] args, Set<String> valued, Set<String> flags) throws NotOurs {
        Map<String, String> values = new HashMap<>();
        Set<String> set = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean options = true;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                throw new NotOurs(); // an argument file: picocli expands it
            }
            if (options && a.equals("--")) {
                options = false;
                continue;
            }
            if (!options || !a.startsWith("-")) {
                positionals.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (valued.contains(name)) {
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new NotOurs();
                }
                if (value.isEmpty()
                        || value.startsWith("-")
                        || value.startsWith("@")
                        || values.put(name, value) != null) {
                    throw new NotOurs();
                }
            } else if (eq < 0 && flags.contains(name)) {
                if (!set.add(name)) {
                    throw new NotOurs();
                }
            } else {
                throw new NotOurs(); // --help, --version, an unknown option, a flag with a value, "-"
            }
        }
        return new Parsed(values, set, positionals);
    }

    private static Path path(String s) throws NotOurs {
        try {
            return s == null ? null : Path.of(s);
        } catch (InvalidPathException e) {
            throw new NotOurs();
        }
    }

    private static List<Path> paths(List<String> s) throws NotOurs {
        List<Path> out = new ArrayList<>(s.size());
        for (String p : s) {
            out.add(path(p));
        }
        return out;
    }

    private static Format format(String s) throws NotOurs {
        if (s == null) {
            return Format.text;
        }
        for (Format f : Format.values()) {
            if (f.name().equals(s)) {
                return f;
            }
        }
        throw new NotOurs();
    }

    private static FindingsCommand findings(Parsed p, PrintWriter out, PrintWriter err) throws NotOurs {
        if (p.positionals().isEmpty()) {
            throw new NotOurs();
        }
        FindingsCommand c = new FindingsCommand();
        c.files = paths(p.positionals());
        c.format = format(p.values().get("--format"));
        c.out = path(p.values().get("--out"));
        c.baseline = path(p.values().get("--baseline"));
        c.heap = p.values().get("--heap");
        c.config = path(p.values().get("--config"));
        c.all = p.flags().contains("--all");
        String minGrowth = p.values().get("--min-growth");
        if (minGrowth != null) {
            try {
                c.minGrowth = Integer.parseInt(minGrowth);
            } catch (NumberFormatException e) {
                throw new NotOurs(); // picocli says what is wrong with it
            }
        }
        c.stdout = out;
        c.stderr = err;
        return c;
    }

    private static TrendCommand trend(Parsed p, PrintWriter out, PrintWriter err) throws NotOurs {
        if (!p.values().containsKey("--history")) {
            throw new NotOurs();
        }
        TrendCommand c = new TrendCommand();
        c.history = path(p.values().get("--history"));
        c.files = paths(p.positionals());
        String date = p.values().get("--date");
        try {
            c.date = date == null ? null : LocalDate.parse(date.strip()); // as TrendCommand.IsoDate
        } catch (DateTimeParseException e) {
            throw new NotOurs();
        }
        c.commit = p.values().get("--commit");
        c.format = format(p.values().get("--format"));
        c.out = path(p.values().get("--out"));
        c.config = path(p.values().get("--config"));
        c.noAppend = p.flags().contains("--no-append");
        c.stdout = out;
        c.stderr = err;
        return c;
    }

    private static DetectionCommand detection(Parsed p, PrintWriter out, PrintWriter err) throws NotOurs {
        if (p.positionals().size() != 1) {
            throw new NotOurs();
        }
        DetectionCommand c = new DetectionCommand();
        c.runs = path(p.positionals().get(0));
        c.out = path(p.values().get("--out"));
        c.config = path(p.values().get("--config"));
        c.stdout = out;
        c.stderr = err;
        return c;
    }
}
