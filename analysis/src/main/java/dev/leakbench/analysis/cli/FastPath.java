package dev.leakbench.analysis.cli;

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

/**
 * Runs the ordinary invocations of {@code findings}, {@code trend} and {@code detection} without
 * picocli. Picocli builds its model of the commands by reflection over their annotations at every
 * start (about 180 classes, half a second of a cold JVM on a loaded machine, longer than the JVM's
 * own start), which a tool run once per CI job pays every time. This parser accepts only plain,
 * valid command lines: the options the annotations declare, each at most once, as
 * {@code --name value} or {@code --name=value}, positionals anywhere, {@code --} ending the
 * options. Anything else (help, version, no command, an unknown or repeated option, a missing
 * value, a value that does not convert, {@code @argfiles}, a usage error the command itself finds)
 * returns {@code null}, and {@link LeakCheck} runs the same arguments through picocli, which prints
 * its usual message and usage. {@code CliTest.fastPathKnowsExactlyTheOptionsPicocliDeclares}
 * keeps the option lists below equal to the annotations.
 */
final class FastPath {
    /** Thrown by a command run on the fast path where picocli would report a usage error: run it again through picocli. */
    static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry() {
            super(null, null, false, false);
        }
    }

    /** Options that take a value, and flags, per command (as the commands' annotations declare them). */
    static final Map<String, Set<String>> VALUED = Map.of(
        "findings", Set.of("--format", "--out", "--baseline", "--heap", "--config"),
        "trend", Set.of("--history", "--date", "--commit", "--format", "--out", "--config"),
        "detection", Set.of("--out", "--config"));
    static final Map<String, Set<String>> FLAGS = Map.of(
        "findings", Set.of("--all"),
        "trend", Set.of("--no-append"),
        "detection", Set.of());

    private FastPath() {
    }

    /** The parsed options and positionals of one command line. */
    private record Parsed(Map<String, String> values, Set<String> flags, List<String> positionals) {
    }

    /** The exit code of the command, or null when picocli has to handle these arguments. */
    static Integer run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || !VALUED.containsKey(args[0])) {
            return null;
        }
        String command = args[0];
        Parsed p = parse(args, VALUED.get(command), FLAGS.get(command));
        if (p == null) {
            return null;
        }
        try {
            java.util.concurrent.Callable<Integer> cmd = switch (command) {
                case "findings" -> findings(p, out, err);
                case "trend" -> trend(p, out, err);
                default -> detection(p, out, err);
            };
            if (cmd == null) {
                return null;
            }
            Integer code = cmd.call();
            out.flush();
            err.flush();
            return code == null ? ExitCodes.OK : code;
        } catch (Retry r) {
            return null;
        } catch (Exception ex) {
            // as LeakCheck's execution exception handler
            err.println("leakcheck: internal error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    private static Parsed parse(String[] args, Set<String> valued, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        Set<String> set = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean options = true;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                return null; // an argument file: picocli expands it
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
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    value = args[++i];
                } else {
                    return null;
                }
                if (values.put(name, value) != null) {
                    return null;
                }
            } else if (eq < 0 && flags.contains(name)) {
                if (!set.add(name)) {
                    return null;
                }
            } else {
                return null; // --help, --version, an unknown option, a flag with a value
            }
        }
        return new Parsed(values, set, positionals);
    }

    private static Path path(String s) {
        try {
            return s == null ? null : Path.of(s);
        } catch (InvalidPathException e) {
            throw new Retry();
        }
    }

    private static List<Path> paths(List<String> s) {
        List<Path> out = new ArrayList<>(s.size());
        for (String p : s) {
            out.add(path(p));
        }
        return out;
    }

    private static Format format(String s) {
        if (s == null) {
            return Format.text;
        }
        for (Format f : Format.values()) {
            if (f.name().equals(s)) {
                return f;
            }
        }
        throw new Retry();
    }

    private static FindingsCommand findings(Parsed p, PrintWriter out, PrintWriter err) {
        if (p.positionals().isEmpty()) {
            return null;
        }
        FindingsCommand c = new FindingsCommand();
        c.files = paths(p.positionals());
        c.format = format(p.values().get("--format"));
        c.out = path(p.values().get("--out"));
        c.baseline = path(p.values().get("--baseline"));
        c.heap = p.values().get("--heap");
        c.config = path(p.values().get("--config"));
        c.all = p.flags().contains("--all");
        c.stdout = out;
        c.stderr = err;
        return c;
    }

    private static TrendCommand trend(Parsed p, PrintWriter out, PrintWriter err) {
        if (!p.values().containsKey("--history")) {
            return null;
        }
        TrendCommand c = new TrendCommand();
        c.history = path(p.values().get("--history"));
        c.files = paths(p.positionals());
        String date = p.values().get("--date");
        try {
            c.date = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new Retry();
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

    private static DetectionCommand detection(Parsed p, PrintWriter out, PrintWriter err) {
        if (p.positionals().size() != 1) {
            return null;
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
