package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the repository's bash scripts (scripts/*) the way a person or CI does, for the script tests. */
final class Scripts {

    /** What a script did: its exit code and what it printed. */
    record Result(int exit, String stdout, String stderr) {
        /** The non-blank lines of stderr. */
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private Scripts() {}

    /** The repository root: the first directory up from the working directory with scripts/leak-check. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/leak-check"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no scripts/leak-check above " + Path.of("").toAbsolutePath());
    }

    /** The java executable of the JVM running the tests. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The first executable called {@code name} on PATH, outside {@code skip}; null when there is none. */
    static Path onPath(String name, Path skip) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir).resolve(name);
            if (Files.isExecutable(p) && (skip == null || !p.getParent().equals(skip))) {
                return p;
            }
        }
        return null;
    }

    /** A process builder for {@code bash command args...} in the repository root, JAVA_TOOL_OPTIONS removed. */
    static ProcessBuilder bash(Map<String, String> env, List<String> command) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs {@code bash command args...} to the end (at most {@code timeout}) and returns what it did. */
    static Result run(Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Process p = bash(env, command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return finish(p, timeout, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for {@code p} (killing it after {@code timeout}) and collects its output. */
    static Result finish(Process p, Duration timeout, List<String> command) {
        return finish(p, timeout, command, drain(p.getInputStream()), drain(p.getErrorStream()));
    }

    /** Waits for {@code p} (killing it after {@code timeout}); {@code out} and {@code err} drain its output. */
    static Result finish(
            Process p,
            Duration timeout,
            List<String> command,
            CompletableFuture<String> out,
            CompletableFuture<String> err) {
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("still running after " + timeout + ": " + command + "\n--- stdout:\n" + out.getNow("")
                        + "\n--- stderr:\n" + err.getNow(""));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    /** {@code Map.of} that keeps order and takes any number of pairs. */
    static Map<String, String> env(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Writes an executable bash script. */
    static Path executable(Path file, String body) {
        try {
            Files.writeString(file, "#!/usr/bin/env bash\n" + body);
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
