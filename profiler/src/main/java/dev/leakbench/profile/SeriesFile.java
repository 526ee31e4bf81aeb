package dev.leakbench.profile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Where one trial's series goes and how it is identified: the benchmark, its parameters in the
 * canonical {@code k=v;k2=v2} form leakcheck reads, and the file names.
 *
 * <p>One trial (JMH fork) is one file, {@code <benchmark>-<mode>[_k=v...].csv}; when the benchmark
 * runs in several forks each gets {@code -fork<N>} before {@code .csv}, so every file is a clean
 * series (operations and heap restart with each JVM) and leakcheck reads the files of one
 * benchmark as its forks. Companions share the base name: {@code .class-counts.csv} (per-iteration class counts),
 * {@code .classes.csv} (class growth),
 * {@code .histo-first.txt}/{@code .histo-last.txt} (raw histograms), {@code .jfr} and
 * {@code .old-objects.txt} (JFR mode), {@code .hprof} and {@code .nmt.txt} ({@code dumps=true}),
 * {@code .dump1.hprof}, {@code .dump2.hprof}, {@code .dump3.hprof} and their index
 * {@code .dumps.csv} ({@code trace=true}, the leak trace's heap dumps).
 *
 * @param benchmark the fully qualified benchmark method, e.g. {@code dev.leakbench.benchmarks.X.check}
 * @param params the parameters, {@code k=v;k2=v2} sorted by name, {@code ; = %} percent-encoded
 * @param base the directory and file name without extension
 */
public record SeriesFile(String benchmark, String params, Path base) {

    /** The system property through which the host tells a fork its number (1-based, warmup forks first). */
    static final String FORK_PROPERTY = "leakbench.profile.fork";

    private static final int MAX_NAME = 180;

    /**
     * The series of this fork of {@code params}' benchmark, in {@code dir}.
     *
     * @param measuredFork the 1-based measurement fork, 0 when unknown (forks=0 or not started by
     *     the profiler)
     */
    static SeriesFile of(Path dir, BenchmarkParams params, int measuredFork) {
        Map<String, String> values = new HashMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        return of(
                dir,
                params.getBenchmark(),
                params.getMode().shortLabel(),
                values,
                params.getForks() > 1 ? measuredFork : 0);
    }

    /**
     * The series of {@code benchmark} in {@code mode} at {@code params}, in {@code dir}.
     *
     * @param fork the fork number to put in the name, 0 for none
     */
    public static SeriesFile of(Path dir, String benchmark, String mode, Map<String, String> params, int fork) {
        SortedMap<String, String> sorted = new TreeMap<>(params);
        StringBuilder canonical = new StringBuilder();
        StringBuilder fileName = new StringBuilder(benchmark).append('-').append(mode);
        sorted.forEach((k, v) -> {
            if (canonical.length() > 0) {
                canonical.append(';');
            }
            canonical.append(encode(k)).append('=').append(encode(v));
            fileName.append('_').append(k).append('=').append(v);
        });
        String name = safe(fileName.toString());
        if (fork > 0) {
            name += "-fork" + fork;
        }
        return new SeriesFile(benchmark, canonical.toString(), dir.resolve(name));
    }

    /** The series CSV. */
    public Path csv() {
        return sibling(".csv");
    }

    /** A companion file: the base name plus {@code suffix}. */
    public Path sibling(String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    /** leakcheck's encoding of the characters that structure {@code k=v;k2=v2}. */
    private static String encode(String s) {
        return s.replace("%", "%25").replace(";", "%3B").replace("=", "%3D");
    }

    /** A file name any OS and shell takes; too long a name is cut and made unique with a hash. */
    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._=+,-]", "_");
        if (s.length() <= MAX_NAME) {
            return s;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return s.substring(0, MAX_NAME - 13) + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
