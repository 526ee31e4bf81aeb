package dev.leakbench.analysis.trend;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Cells;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.io.AtomicFiles;
import dev.leakbench.analysis.io.IoErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
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
 * the same lock. Reading takes a fast path for the lines that repeat what was validated before
 * ({@link #readFast}); anything else, and every error, takes the full path ({@link #readFull}).
 */
public final class HistoryStore {
    /** The header line. */
    public static final List<String> HEADER =
            List.of("date", "commit", "benchmark", "params", "metric", "value", "unit");

    private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._/+-]{1,80}");
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();
    private static final CSVFormat WRITE =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private final Path file;
    private final Runnable beforeMove;

    /** A store for the history file. */
    public HistoryStore(Path file) {
        this(file, () -> {});
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
    public record Appended(
            History history, List<HistoryRow> appended, List<HistoryRow> skipped, List<Path> removedTemporaries) {}

    /**
     * Reads and validates the history; a missing or empty file is an empty history. A history
     * repeats the same few hundred series, nights and commits over a million lines, so most lines
     * are read from their bytes ({@link #readFast}); whatever that path does not accept as plainly
     * valid, and every error, is left to the full path ({@link #readFull}), which reads the file
     * again from the start: an error is always the full path's, with its file, line, field and
     * message.
     */
    public History read() throws BadInputException, IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new BadInputException(
                    file,
                    0,
                    null,
                    Files.isDirectory(file) ? "is a directory, not a history file" : "not a regular file");
        }
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new History();
        }
        History fast = readFast();
        return fast != null ? fast : readFull();
    }

    /**
     * The full path: every line decoded and split ({@link BufferedReader#readLine}), every field
     * validated ({@link Validator}); lines are split directly (the writer quotes only fields that
     * need it, and such lines go through commons-csv).
     */
    History readFull() throws BadInputException, IOException {
        History h = new History();
        Validator v = new Validator();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header != null && header.startsWith("\ufeff")) {
                header = header.substring(1);
            }
            if (header == null || !header.strip().equals(String.join(",", HEADER))) {
                throw new BadInputException(
                        file,
                        1,
                        null,
                        "bad header: expected '" + String.join(",", HEADER) + "', found '" + header + "'");
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
            throw new BadInputException(
                    file.toString(), IoErrors.firstMalformedLine(file, 0), null, IoErrors.reason(e), e);
        }
        long[] dup = h.duplicate();
        if (dup != null) {
            throw new BadInputException(
                    file,
                    dup[1],
                    null,
                    "duplicate row: same date, commit, benchmark, params and " + "metric as line " + dup[0]);
        }
        return h;
    }

    /**
     * The fast path: the history {@link #readFull} would return, or null when it would not return
     * one (a bad header, line or byte, a duplicate row, an I/O error) or this path is unsure, so
     * that the full path decides and reports. Lines are broken and decoded as readLine breaks and
     * decodes them ({@link Lines}); a line whose date, commit, series (benchmark, params, metric)
     * and unit repeat byte for byte those of a line validated before needs only its value read
     * ({@link Seen}); every other line goes through the same split and {@link Validator} as the full
     * path.
     */
    History readFast() {
        return readFast(null);
    }

    /** {@link #readFast()}; for tests, {@code count[0]} receives the number of lines read from their bytes. */
    History readFast(long[] count) {
        History h = new History();
        Validator v = new Validator();
        try (Lines in = new Lines(Files.newInputStream(file))) {
            if (!in.next()) {
                return null;
            }
            String header = in.text();
            if (header.startsWith("\ufeff")) {
                header = header.substring(1);
            }
            if (!header.strip().equals(String.join(",", HEADER))) {
                return null;
            }
            Seen seen = new Seen(h);
            long line = 1;
            while (true) {
                if (seen.take(in, line + 1)) {
                    line++;
                    continue;
                }
                if (!in.next()) {
                    break;
                }
                line++;
                if (seen.add(in.buf, in.start, in.end, line)) {
                    continue;
                }
                String text = in.text();
                if (text.isBlank()) {
                    continue;
                }
                HistoryRow row = v.row(split(text, line), line);
                h.add(row, line);
                seen.learn(in.buf, in.start, in.end, row);
            }
            if (count != null) {
                count[0] = seen.lines;
            }
        } catch (IOException | BadInputException | RuntimeException e) {
            return null; // the full path reads the file again and says what is wrong
        }
        return h.duplicate() == null ? h : null;
    }

    /**
     * The lines of a file as bytes, broken where {@link BufferedReader#readLine} breaks them (at
     * {@code \n}, {@code \r} or {@code \r\n}; UTF-8 never has these bytes inside a character), and
     * decoded strictly, as {@link Files#newBufferedReader} decodes them (malformed UTF-8 is an
     * error; a line is valid UTF-8 exactly when its part of the file is).
     */
    static final class Lines implements AutoCloseable {
        private final InputStream in;
        /** The current line is {@code buf[start, end)} (valid until the next call of {@link #next}). */
        byte[] buf = new byte[1 << 16];

        int start;
        int end;
        private int pos;
        private int limit;
        private boolean eof;
        private boolean skipLf;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end of the file. */
        boolean next() throws IOException {
            while (true) {
                if (skipLf) {
                    if (pos == limit && !fill()) {
                        skipLf = false;
                        continue;
                    }
                    if (pos < limit) {
                        if (buf[pos] == '\n') {
                            pos++;
                        }
                        skipLf = false;
                    }
                    continue;
                }
                for (int i = pos; i < limit; i++) {
                    byte b = buf[i];
                    if (b == '\n' || b == '\r') {
                        start = pos;
                        end = i;
                        pos = i + 1;
                        skipLf = b == '\r';
                        return true;
                    }
                }
                if (eof) {
                    if (pos < limit) {
                        start = pos;
                        end = limit;
                        pos = limit;
                        return true;
                    }
                    return false;
                }
                fill();
            }
        }

        /** Reads more, keeping the unfinished line; false when nothing more came (the end of the file). */
        private boolean fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        }

        /** The current line as text; a {@link java.nio.charset.CharacterCodingException} when it is not UTF-8. */
        String text() throws IOException {
            for (int i = start; i < end; i++) {
                if (buf[i] < 0) {
                    return StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(buf, start, end - start))
                            .toString();
                }
            }
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The lines {@link #readFast} reads from their bytes: a line whose date, commit, series
     * (benchmark, params, metric) and unit are byte for byte those of a line the {@link Validator}
     * accepted, without a quote, with exactly the six commas that separate seven fields, and whose
     * value is a plain decimal {@link #plainValue} reads. Each of those fields is valid on its own
     * (only the value's check depends on another field, the metric, and a value without a sign
     * passes it), so the line is valid, and it is added as {@link History#add(HistoryRow, long)}
     * adds the row the full path makes of it. Any other line is left to the full path.
     */
    private static final class Seen {
        private final History history;
        private byte[] date = new byte[0];
        private byte[] commit = new byte[0];
        /** {@code date,commit,} of the last line learned (null before the first), its night and commit. */
        private byte[] prefix;

        private int day;
        private int commitId;
        private final int[] commas = new int[6];
        /** Open addressing over the bytes of {@code benchmark,params,metric} and of the unit. */
        private Entry[] table = new Entry[1024];

        private int entries;
        private Entry last;
        /** Lines read from their bytes. */
        long lines;

        private static final class Entry {
            final int hash;
            final byte[] series;
            final byte[] unit;
            final History.Column column;
            /** The entry of the line that followed this one's last line. */
            Entry next;

            Entry(int hash, byte[] series, byte[] unit, History.Column column) {
                this.hash = hash;
                this.series = series;
                this.unit = unit;
                this.column = column;
            }
        }

        Seen(History history) {
            this.history = history;
        }

        /** Finds the six commas of {@code b[from, to)}; false for any other count or a quote. */
        private boolean commas(byte[] b, int from, int to) {
            int k = 0;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c == ',') {
                    if (k == commas.length) {
                        return false;
                    }
                    commas[k++] = i;
                } else if (c == '"') {
                    return false;
                }
            }
            return k == commas.length;
        }

        /** Adds the line if it repeats texts already validated; false when it needs the full path. */
        boolean add(byte[] b, int from, int to, long line) {
            return prefix != null && (predicted(b, from, to, line) || general(b, from, to, line));
        }

        /**
         * The next line straight from the reader's buffer, without looking for its end first, when it is
         * the predicted line (see {@link #predicted}) followed by a line break or the end of the file;
         * false (nothing consumed) otherwise, or when the buffer holds only part of it.
         */
        boolean take(Lines in, long line) {
            Entry e = last == null ? null : last.next;
            if (e == null || prefix == null) {
                return false;
            }
            byte[] b = in.buf;
            int from = in.pos;
            int limit = in.limit;
            if (in.skipLf) {
                if (from == limit) {
                    return false;
                }
                if (b[from] == '\n') {
                    from++;
                }
            }
            int s = from + prefix.length;
            int v = s + e.series.length + 1;
            if (v >= limit || !same(b, from, s, prefix) || !same(b, s, v - 1, e.series) || b[v - 1] != ',') {
                return false;
            }
            int c5 = v;
            while (c5 < limit && b[c5] != ',') {
                c5++; // a value that runs past the line's end is no plain decimal: refused below
            }
            int end = c5 + 1 + e.unit.length;
            if (end > limit || !same(b, c5 + 1, end, e.unit)) {
                return false;
            }
            boolean eol = end < limit && (b[end] == '\n' || b[end] == '\r');
            if (!eol && !(end == limit && in.eof)) {
                return false;
            }
            if (!value(b, v, c5, e, line)) {
                return false;
            }
            in.start = from;
            in.end = end;
            in.pos = eol ? end + 1 : end;
            in.skipLf = eol && b[end] == '\r';
            return true;
        }

        /**
         * The common case without a search: the line is the last line's {@code date,commit,}, then the
         * series that followed the last line's series before, then a value, then that series' unit.
         * Those texts hold no quote and exactly the commas that separate their fields (they were
         * learned from such a line), and a plain decimal holds none, so the line has the seven fields
         * the full path would split.
         */
        private boolean predicted(byte[] b, int from, int to, long line) {
            Entry e = last == null ? null : last.next;
            if (e == null) {
                return false;
            }
            int s = from + prefix.length;
            int v = s + e.series.length + 1;
            if (v >= to || !same(b, from, s, prefix) || !same(b, s, v - 1, e.series) || b[v - 1] != ',') {
                return false;
            }
            int c5 = v;
            while (c5 < to && b[c5] != ',') {
                c5++;
            }
            if (c5 >= to || !same(b, c5 + 1, to, e.unit)) {
                return false;
            }
            return value(b, v, c5, e, line);
        }

        private boolean general(byte[] b, int from, int to, long line) {
            if (!commas(b, from, to)) {
                return false;
            }
            int c0 = commas[0];
            int c1 = commas[1];
            int c4 = commas[4];
            int c5 = commas[5];
            if (!same(b, from, c0, date) || !same(b, c0 + 1, c1, commit)) {
                return false;
            }
            Entry e = find(b, hash(b, c1 + 1, c4, c5 + 1, to), c1 + 1, c4, c5 + 1, to);
            return e != null && value(b, c4 + 1, c5, e, line);
        }

        private boolean value(byte[] b, int from, int to, Entry e, long line) {
            double value = plainValue(b, from, to);
            if (Double.isNaN(value)) {
                return false;
            }
            history.add(e.column, day, commitId, value, line);
            follow(e);
            lines++;
            return true;
        }

        private void follow(Entry e) {
            if (last != null) {
                last.next = e;
            }
            last = e;
        }

        /** Remembers the texts of a line the full path validated (if it is a line this path can repeat). */
        void learn(byte[] b, int from, int to, HistoryRow row) {
            if (!commas(b, from, to)) {
                return;
            }
            int c0 = commas[0];
            int c1 = commas[1];
            int c4 = commas[4];
            int c5 = commas[5];
            date = java.util.Arrays.copyOfRange(b, from, c0);
            commit = java.util.Arrays.copyOfRange(b, c0 + 1, c1);
            prefix = java.util.Arrays.copyOfRange(b, from, c1 + 1);
            day = (int) row.date().toEpochDay();
            commitId = history.commitId(row.commit());
            int hash = hash(b, c1 + 1, c4, c5 + 1, to);
            Entry e = find(b, hash, c1 + 1, c4, c5 + 1, to);
            if (e == null) {
                if (2 * (entries + 1) > table.length) {
                    Entry[] old = table;
                    table = new Entry[old.length * 2];
                    for (Entry o : old) {
                        if (o != null) {
                            put(o);
                        }
                    }
                }
                e = new Entry(
                        hash,
                        java.util.Arrays.copyOfRange(b, c1 + 1, c4),
                        java.util.Arrays.copyOfRange(b, c5 + 1, to),
                        history.column(new History.Key(row.series(), row.unit())));
                put(e);
                entries++;
            }
            follow(e);
        }

        private void put(Entry e) {
            int i = e.hash & (table.length - 1);
            while (table[i] != null) {
                i = (i + 1) & (table.length - 1);
            }
            table[i] = e;
        }

        private Entry find(byte[] b, int hash, int from, int to, int unitFrom, int unitTo) {
            for (int i = hash & (table.length - 1); table[i] != null; i = (i + 1) & (table.length - 1)) {
                Entry e = table[i];
                if (e.hash == hash && same(b, from, to, e.series) && same(b, unitFrom, unitTo, e.unit)) {
                    return e;
                }
            }
            return null;
        }

        private static boolean same(byte[] b, int from, int to, byte[] s) {
            return to - from == s.length && java.util.Arrays.equals(b, from, to, s, 0, s.length);
        }

        private static int hash(byte[] b, int from, int to, int unitFrom, int unitTo) {
            int h = 0;
            for (int i = from; i < to; i++) {
                h = 31 * h + b[i];
            }
            h = 31 * h + ',';
            for (int i = unitFrom; i < unitTo; i++) {
                h = 31 * h + b[i];
            }
            return h ^ (h >>> 16);
        }
    }

    /**
     * The value of {@code digits[.digits][(e|E)[+|-]digits]} in {@code t[from, to)} (no leading zero
     * before another digit, at most 19 digits, an exponent of at most two digits), or NaN for any
     * other text (a sign, spaces, a bare point, NaN, hex, a suffix, many digits, a large exponent),
     * which the full path reads. {@link Cells#finite} accepts such text, and its value is finite,
     * positive or zero and far from the ends of the double range, where Jackson's parser
     * (Eisel-Lemire with an exact fallback) and {@link Double#parseDouble} (the full path's) both
     * give the correctly rounded double; Jackson's is several times faster, which on a ten-year
     * history is a second. A whole number of up to 15 digits is read exactly, as Cells.finite reads it.
     */
    static double plainValue(byte[] t, int from, int to) {
        int i = from;
        while (i < to && t[i] >= '0' && t[i] <= '9') {
            i++;
        }
        int intDigits = i - from;
        if (intDigits == 0 || (intDigits > 1 && t[from] == '0')) {
            return Double.NaN;
        }
        int fracDigits = 0;
        if (i < to && t[i] == '.') {
            i++;
            int f = i;
            while (i < to && t[i] >= '0' && t[i] <= '9') {
                i++;
            }
            fracDigits = i - f;
            if (fracDigits == 0) {
                return Double.NaN;
            }
        }
        boolean exponent = false;
        if (i < to && (t[i] == 'e' || t[i] == 'E')) {
            exponent = true;
            i++;
            if (i < to && (t[i] == '-' || t[i] == '+')) {
                i++;
            }
            int e = i;
            while (i < to && t[i] >= '0' && t[i] <= '9') {
                i++;
            }
            if (i == e || i - e > 2) {
                return Double.NaN;
            }
        }
        if (i != to || intDigits + fracDigits > 19) {
            return Double.NaN;
        }
        if (fracDigits == 0 && !exponent && intDigits <= 15) {
            long v = 0;
            for (int k = from; k < to; k++) {
                v = v * 10 + (t[k] - '0');
            }
            return v;
        }
        double v = NumberInput.parseDouble(new String(t, from, to - from, StandardCharsets.ISO_8859_1), true);
        return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
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
                throw new BadInputException(
                        file.toString(),
                        line,
                        null,
                        "malformed CSV line: "
                                + (root instanceof IOException io ? IoErrors.reason(io) : root.getMessage()),
                        e);
            }
        } else {
            f = text.split(",", -1);
        }
        if (f.length != HEADER.size()) {
            throw new BadInputException(
                    file,
                    line,
                    null,
                    "expected " + HEADER.size() + " fields (" + String.join(",", HEADER) + "), found " + f.length);
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
                    throw new BadInputException(
                            file,
                            line,
                            "unit",
                            "unknown unit '" + unit + "': cannot tell whether higher or lower is better");
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
        return append(() -> rows, null).appended();
    }

    /** Rows to append that may still be in the making while the history is read (tonight's files, read meanwhile). */
    @FunctionalInterface
    public interface Rows {
        /**
         * The rows, or the exception that making them ended in. Asked once, under the lock, after the
         * history was read (whether or not reading it failed) and before anything is changed: its
         * exception is thrown in place of any problem of the history, and the append changes nothing.
         */
        List<HistoryRow> get() throws BadInputException, IOException;
    }

    /**
     * An append, and what was computed from the new history while the new file was written.
     *
     * @param appended the append
     * @param task the function given to {@link #append(Rows, Function)} applied to the history
     *     (finished when the file was written; not yet run when there was nothing to write)
     * @param <T> its result
     */
    public record AppendedWith<T>(Appended appended, FutureTask<T> task) {
        /** The function's result (computed now, on this thread, if it was not yet); its exception rethrown. */
        public T meanwhile() {
            if (task == null) {
                return null;
            }
            task.run(); // does nothing when it ran already
            return result(task);
        }
    }

    /**
     * Appends as {@link #append(List)} does, with the rows known only once the history has been
     * read (see {@link Rows}), and {@code meanwhile} (if not null) applied to the history including
     * the new rows on another thread while the new file is written and forced to disk (for years of
     * nights, a second of I/O). The history is not changed once it is handed to {@code meanwhile}. A
     * failure of the write is thrown once {@code meanwhile} has finished (its result is then lost);
     * a failure of {@code meanwhile} is thrown by {@link AppendedWith#meanwhile}.
     */
    public <T> AppendedWith<T> append(Rows rows, Function<History, T> meanwhile) throws BadInputException, IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        ReentrantLock jvmLock = IN_JVM.computeIfAbsent(abs, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel =
                FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockChannel.lock();
            try {
                History history = null;
                Exception unread = null;
                try {
                    history = read();
                } catch (BadInputException | IOException | RuntimeException e) {
                    unread = e;
                }
                List<HistoryRow> tonight = rows.get();
                // every append creates its temporary file and renames it under this lock, so a temporary
                // file seen now is one a killed append left (as large as the history): remove it, even
                // when the history turns out to be bad
                List<Path> removed = AtomicFiles.deleteStaleTemps(abs);
                if (unread instanceof BadInputException b) {
                    throw b;
                } else if (unread instanceof IOException io) {
                    throw io;
                } else if (unread instanceof RuntimeException r) {
                    throw r;
                }
                List<HistoryRow> fresh = new ArrayList<>();
                List<HistoryRow> skipped = new ArrayList<>();
                for (HistoryRow r : tonight) {
                    if (history.contains(r)) {
                        skipped.add(r);
                    } else {
                        fresh.add(r);
                        history.add(r);
                    }
                }
                Appended appended = new Appended(history, fresh, skipped, removed);
                History done = history;
                FutureTask<T> task = meanwhile == null ? null : new FutureTask<>(() -> meanwhile.apply(done));
                if (!fresh.isEmpty()) {
                    Thread worker = null;
                    if (task != null) {
                        worker = new Thread(task, "leakcheck-meanwhile");
                        worker.setDaemon(true);
                        worker.start();
                    }
                    try {
                        replace(abs, fresh);
                    } finally {
                        joinUninterruptibly(worker);
                    }
                }
                return new AppendedWith<>(appended, task);
            } finally {
                lock.release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /** The lock file beside the history ({@code history.csv.lock}). */
    public Path lockFile() {
        Path abs = file.toAbsolutePath().normalize();
        return abs.getParent().resolve(abs.getFileName() + ".lock");
    }

    private static void joinUninterruptibly(Thread t) {
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of a finished task; its exception rethrown as it was thrown. */
    static <T> T result(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
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
                p.printRecord(
                        r.date().toString(),
                        r.commit(),
                        r.benchmark(),
                        r.params().toString(),
                        r.metric(),
                        Double.toString(r.value()),
                        r.unit());
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
