package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Cells;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.io.IoErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads, validates and appends to {@code history.csv} ({@code date,commit,benchmark,params,
 * metric,value,unit}). An append never leaves a torn or interleaved file: runs are serialised
 * with a lock on {@code history.csv.lock} (and within one JVM), the existing file is validated
 * first (a bad line refuses the append and leaves it untouched), and the complete new file is
 * written to a temporary file in the same directory, forced to disk, and renamed over the old
 * one atomically. Temporary files that killed appends left are deleted by the next append, under
 * the same lock.
 */
public final class HistoryStore {
    /** The header line. */
    public static final List<String> HEADER = List.of("date", "commit", "benchmark", "params", "metric", "value", "unit");
    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/+-]{1,80}");
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private final Path file;
    private final Runnable beforeMove;

    /** A store for the history file. */
    public HistoryStore(Path file) {
        this(file, () -> { });
    }

    /** For tests: {@code beforeMove} runs after the temporary file is complete, before the rename. */
    HistoryStore(Path file, Runnable beforeMove) {
        this.file = file;
        this.beforeMove = beforeMove;
    }

    /**
     * The result of an append.
     *
     * @param history the history including the appended rows
     * @param appended rows that were new
     * @param skipped rows already present (same night, commit, benchmark, params and metric)
     * @param removedTemporaries temporary files that killed appends had left, deleted under the lock
     */
    public record Appended(History history, List<HistoryRow> appended, List<HistoryRow> skipped,
                           List<Path> removedTemporaries) {
    }

    /**
     * Reads and validates the history; a missing or empty file is an empty history. Lines are
     * split directly (the writer quotes only fields that need it, and such lines go through
     * commons-csv), which keeps ten years of nights to a few seconds.
     */
    public History read() throws BadInputException, IOException {
        History h = new History();
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new BadInputException(file, 0, null, Files.isDirectory(file) ? "is a directory, not a history file"
                : "not a regular file");
        }
        if (!Files.exists(file) || Files.size(file) == 0) {
            return h;
        }
        Validator v = new Validator();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header != null && header.startsWith("\ufeff")) {
                header = header.substring(1);
            }
            if (header == null || !header.strip().equals(String.join(",", HEADER))) {
                throw new BadInputException(file, 1, null, "bad header: expected '" + String.join(",", HEADER)
                    + "', found '" + header + "'");
            }
            long line = 1;
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                h.add(v.row(split(text, line), line), line);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException(file.toString(), IoErrors.firstMalformedLine(file, 0), null, IoErrors.reason(e), e);
        }
        long[] dup = h.duplicate();
        if (dup != null) {
            throw new BadInputException(file, dup[1], null, "duplicate row: same date, commit, benchmark, params and "
                + "metric as line " + dup[0]);
        }
        return h;
    }

    private String[] split(String text, long line) throws BadInputException {
        String[] f;
        if (text.indexOf('"') >= 0) {
            try (CSVParser p = CSVParser.parse(text, CSVFormat.RFC4180)) {
                List<CSVRecord> records = p.getRecords();
                f = records.size() == 1 ? records.get(0).values() : new String[0];
            } catch (IOException | RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                throw new BadInputException(file.toString(), line, null, "malformed CSV line: "
                    + (root instanceof IOException io ? IoErrors.reason(io) : root.getMessage()), e);
            }
        } else {
            f = text.split(",", -1);
        }
        if (f.length != HEADER.size()) {
            throw new BadInputException(file, line, null, "expected " + HEADER.size() + " fields ("
                + String.join(",", HEADER) + "), found " + f.length);
        }
        return f;
    }

    /** Validates fields, remembering strings already seen valid (a history repeats them a lot). */
    private final class Validator {
        private final Map<String, LocalDate> dates = new HashMap<>();
        private final Map<String, Params> params = new HashMap<>();
        private final java.util.Set<String> commits = new java.util.HashSet<>();
        private final java.util.Set<String> metrics = new java.util.HashSet<>();
        private final java.util.Set<String> units = new java.util.HashSet<>();

        HistoryRow row(String[] f, long line) throws BadInputException {
            String d = required(f[0], "date", line);
            LocalDate date = dates.get(d);
            if (date == null) {
                try {
                    date = LocalDate.parse(d);
                } catch (DateTimeParseException e) {
                    throw new BadInputException(file, line, "date", "not an ISO date (YYYY-MM-DD): '" + d + "'");
                }
                dates.put(d, date);
            }
            String commit = required(f[1], "commit", line);
            if (!commits.contains(commit)) {
                if (!COMMIT.matcher(commit).matches()) {
                    throw new BadInputException(file, line, "commit", "not a commit id: '" + commit + "'");
                }
                commits.add(commit);
            }
            String benchmark = required(f[2], "benchmark", line);
            Params p = params.get(f[3]);
            if (p == null) {
                try {
                    p = Params.parse(f[3]);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file, line, "params", e.getMessage());
                }
                params.put(f[3], p);
            }
            String metric = required(f[4], "metric", line);
            if (!metrics.contains(metric)) {
                if (!TonightRows.isTrendMetric(metric)) {
                    throw new BadInputException(file, line, "metric", "unknown metric '" + metric + "'");
                }
                metrics.add(metric);
            }
            String valueText = f[5];
            double value = Cells.finite(valueText, () -> new BadInputException(file, line, "value", ""));
            if (value < 0) {
                String why = Metrics.impossible(metric, value, valueText::strip);
                if (why != null) {
                    throw new BadInputException(file, line, "value", why);
                }
            }
            String unit = required(f[6], "unit", line);
            if (!units.contains(unit)) {
                if (Direction.of(unit) == null) {
                    throw new BadInputException(file, line, "unit", "unknown unit '" + unit
                        + "': cannot tell whether higher or lower is better");
                }
                units.add(unit);
            }
            return new HistoryRow(date, commit, benchmark, p, metric, value, unit);
        }

        private String required(String v, String field, long line) throws BadInputException {
            String t = v.strip();
            if (t.isEmpty()) {
                throw new BadInputException(file, line, field, "empty; a value is required");
            }
            return t;
        }
    }

    /**
     * Appends the rows that are not yet in the history, atomically.
     *
     * @throws BadInputException when the existing history has a bad line (it is left untouched)
     */
    public Appended append(List<HistoryRow> rows) throws BadInputException, IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        ReentrantLock jvmLock = IN_JVM.computeIfAbsent(abs, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(abs.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockChannel.lock();
            try {
                // every append creates its temporary file and renames it under this lock, so a temporary
                // file seen now is one a killed append left (as large as the history): remove it
                List<Path> removed = AtomicFiles.deleteStaleTemps(abs);
                History history = read();
                List<HistoryRow> fresh = new ArrayList<>();
                List<HistoryRow> skipped = new ArrayList<>();
                for (HistoryRow r : rows) {
                    if (history.contains(r)) {
                        skipped.add(r);
                    } else {
                        fresh.add(r);
                        history.add(r);
                    }
                }
                if (!fresh.isEmpty()) {
                    replace(abs, fresh);
                }
                return new Appended(history, fresh, skipped, removed);
            } finally {
                lock.release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private void replace(Path abs, List<HistoryRow> fresh) throws IOException {
        boolean exists = Files.exists(abs) && Files.size(abs) > 0;
        Path tmp = AtomicFiles.createTemp(abs);
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                StringBuilder text = new StringBuilder();
                if (exists) {
                    try (FileChannel in = FileChannel.open(abs, StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, out);
                        }
                        ByteBuffer last = ByteBuffer.allocate(1);
                        in.read(last, size - 1);
                        if (last.get(0) != '\n') {
                            text.append('\n');
                        }
                    }
                    copyPermissions(abs, tmp);
                } else {
                    text.append(String.join(",", HEADER)).append('\n');
                }
                text.append(format(fresh));
                ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true);
            }
            beforeMove.run();
            AtomicFiles.commit(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Rows as CSV lines (quoted where needed), without a header. */
    static String format(List<HistoryRow> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, WRITE)) {
            for (HistoryRow r : rows) {
                String all = r.commit() + r.benchmark() + r.params() + r.metric() + r.unit();
                if (all.indexOf('\n') >= 0 || all.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("a line break in a history field: " + r);
                }
                p.printRecord(r.date().toString(), r.commit(), r.benchmark(), r.params().toString(), r.metric(),
                    Double.toString(r.value()), r.unit());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void copyPermissions(Path from, Path to) {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null) {
            try {
                dst.setPermissions(src.readAttributes().permissions());
            } catch (IOException ignored) {
                // best effort: the content is what matters
            }
        }
    }
}
