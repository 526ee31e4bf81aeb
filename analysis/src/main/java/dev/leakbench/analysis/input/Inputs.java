package dev.leakbench.analysis.input;

import dev.leakbench.analysis.io.IoErrors;
import dev.leakbench.vocabulary.DumpsFormat;
import dev.leakbench.vocabulary.SeriesFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads result files of any supported format, recognised by their content. */
public final class Inputs {
    /** The formats leakcheck reads. */
    public enum Format {
        /** JMH {@code -rf json}. */
        JMH_JSON,
        /** JMH {@code -rf csv}. */
        JMH_CSV,
        /** LeakProfiler per-iteration series. */
        SERIES_CSV,
        /** LeakProfiler top-growing classes (read beside its series). */
        CLASSES_CSV,
        /** LeakProfiler per-iteration class counts (read beside its series). */
        CLASS_COUNTS_CSV,
        /** LeakProfiler heap dumps for a leak trace ({@code NAME.dumps.csv}). */
        DUMPS_INDEX
    }

    private Inputs() {}

    /**
     * Reads all files into one {@link RunSet}.
     *
     * @throws BadInputException for the first file that cannot be used
     */
    public static RunSet read(List<Path> files) throws BadInputException {
        RunSet set = new RunSet();
        Map<SeriesKey, String> scoreOwners = new HashMap<>();
        for (Path file : files) {
            try {
                switch (detect(file)) {
                    case JMH_JSON -> JmhJsonReader.read(file, set, scoreOwners);
                    case JMH_CSV -> JmhCsvReader.read(file, set, scoreOwners);
                    case SERIES_CSV -> SeriesCsvReader.read(file, set);
                    case CLASSES_CSV ->
                        set.warn(file + ": a classes file is read automatically beside its series "
                                + "CSV (NAME.csv -> NAME.classes.csv); given alone it is ignored");
                    case CLASS_COUNTS_CSV -> {} // read beside its series CSV (NAME.csv -> NAME.class-counts.csv)
                    case DUMPS_INDEX -> set.addDumps(DumpIndex.read(file));
                    default -> throw new IllegalStateException();
                }
            } catch (IOException e) {
                // a companion file (NAME.classes.csv, NAME.class-counts.csv) is named by the exception
                String named = e instanceof java.nio.file.FileSystemException fse && fse.getFile() != null
                        ? fse.getFile()
                        : file.toString();
                throw new BadInputException(named, 0, null, "cannot read: " + IoErrors.reason(e), e);
            }
        }
        return set;
    }

    /** Recognises a file's format from its first bytes. */
    public static Format detect(Path file) throws BadInputException, IOException {
        if (!Files.exists(file)) {
            throw new BadInputException(file, 0, null, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    file, 0, null, Files.isDirectory(file) ? "is a directory, not a file" : "not a regular file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        String text =
                new String(head, StandardCharsets.UTF_8).replace("\ufeff", "").stripLeading();
        if (text.isEmpty()) {
            throw new BadInputException(file, 0, null, "empty file");
        }
        if (text.startsWith("[") || text.startsWith("{")) {
            return Format.JMH_JSON;
        }
        String first = text.lines().findFirst().orElse("").strip();
        String lower = first.toLowerCase(Locale.ROOT);
        if (first.startsWith("\"Benchmark\"") || first.startsWith("Benchmark,")) {
            return Format.JMH_CSV;
        }
        if (lower.startsWith("benchmark,")
                || lower.startsWith("\"benchmark\",")
                || SeriesFormat.looksLikeVersionLine(first)) {
            return Format.SERIES_CSV; // format 1 starts with its header, format 2 with its format line
        }
        if (DumpsFormat.looksLikeFirstLine(first)) {
            return Format.DUMPS_INDEX;
        }
        if (lower.startsWith("iteration,phase,class,")) {
            return Format.CLASS_COUNTS_CSV;
        }
        if (lower.startsWith("class,") || lower.startsWith("\"class\",")) {
            return Format.CLASSES_CSV;
        }
        throw new BadInputException(
                file,
                1,
                null,
                "not a JMH JSON, JMH CSV, LeakProfiler series CSV or dumps index (first line: '" + abbreviate(first)
                        + "')");
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
