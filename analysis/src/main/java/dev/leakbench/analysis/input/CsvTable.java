package dev.leakbench.analysis.input;

import dev.leakbench.analysis.io.IoErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A header-first CSV file (LF or CRLF line ends) read with exact line numbers, whose cell
 * accessors turn every problem into a {@link BadInputException} naming file, line and column.
 */
public final class CsvTable implements AutoCloseable {
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final Path file;
    /** The file's lines while no line holds a quote; null once commons-csv reads it. */
    private BufferedReader lines;
    /** Records read so far, blank ones included (each a line, while {@link #lines} reads). */
    private long records;
    /** Lines read so far by {@link #lines}. */
    private long linesRead;

    private CSVParser parser;
    private Iterator<CSVRecord> iterator;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    /** A first line starting with {@code #} before the header (a format line), or null. */
    private final String comment;
    /** The line of the header: 1, or 2 after a {@link #comment} line. */
    private final long headerLine;

    private CsvTable(Path file, BufferedReader reader) throws IOException, BadInputException {
        this.file = file;
        this.lines = reader;
        String[] first = nextNonBlank();
        String note = null;
        if (first != null && first.length > 0 && first[0].startsWith("#")) {
            note = String.join(",", first);
            first = nextNonBlank();
        }
        comment = note;
        if (first == null) {
            close();
            throw new BadInputException(file, 0, null, "empty file: expected a CSV header line");
        }
        headerLine = lastLine;
        header = new ArrayList<>();
        for (String h : first) {
            String name = h.strip();
            if (header.isEmpty() && name.startsWith("\ufeff")) {
                name = name.substring(1);
            }
            if (columns.putIfAbsent(name, header.size()) != null) {
                close();
                throw new BadInputException(file, headerLine, name, "column appears twice in the header");
            }
            header.add(name);
        }
    }

    /** Opens a CSV file and reads its header; an empty file is bad input. */
    public static CsvTable open(Path file) throws IOException, BadInputException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return new CsvTable(file, reader);
        } catch (IOException | BadInputException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The column names in order. */
    public List<String> header() {
        return header;
    }

    /** The line before the header when it starts with {@code #} (a format line), else null. */
    public String comment() {
        return comment;
    }

    /** The line number of the header (1, or 2 after a {@link #comment} line). */
    public long headerLine() {
        return headerLine;
    }

    /** Fails unless every one of {@code required} is a column. */
    public void require(Collection<String> required) throws BadInputException {
        for (String r : required) {
            if (!columns.containsKey(r)) {
                throw new BadInputException(
                        file, headerLine, r, "missing column (header has: " + String.join(",", header) + ")");
            }
        }
    }

    /** True when the header has the column. */
    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The position of a column in the header, or -1 (for {@link Row#text(int)} in a reader's inner loop). */
    public int index(String column) {
        Integer i = columns.get(column);
        return i == null ? -1 : i;
    }

    /** The next data row, or null at the end; blank lines are skipped. */
    public Row next() throws BadInputException {
        String[] r = nextNonBlank();
        if (r == null) {
            return null;
        }
        Row row = new Row(r, lastLine);
        if (r.length != header.size()) {
            throw new BadInputException(
                    file, row.line, null, "expected " + header.size() + " fields as in the header, found " + r.length);
        }
        return row;
    }

    private long lastLine;

    /**
     * The next record that is not one blank field. A line without a quote is one record, its
     * fields split at commas, exactly as commons-csv reads it (RFC 4180: no other character is
     * special; LF, CR and CRLF end a line), only faster; from the first line with a quote on,
     * commons-csv reads the file, from its start, skipping the records already read.
     */
    private String[] nextNonBlank() throws BadInputException {
        while (true) {
            String[] r = lines != null ? nextLine() : nextRecord();
            if (r == null) {
                return null;
            }
            records++;
            if (r.length == 1 && r[0].isBlank()) {
                continue;
            }
            return r;
        }
    }

    private String[] nextLine() throws BadInputException {
        String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            throw unreadable(e, linesRead);
        }
        if (line == null) {
            return null;
        }
        if (line.indexOf('"') >= 0) {
            switchToCommonsCsv();
            return nextRecord();
        }
        lastLine = ++linesRead;
        return line.split(",", -1);
    }

    private void switchToCommonsCsv() throws BadInputException {
        try {
            lines.close();
            lines = null;
            parser = CSVParser.builder()
                    .setReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))
                    .setFormat(FORMAT)
                    .get();
            iterator = parser.iterator();
        } catch (IOException e) {
            throw unreadable(e, linesRead);
        }
        for (long i = 0; i < records; i++) {
            nextRecord(); // the lines read so far, again
        }
    }

    private String[] nextRecord() throws BadInputException {
        long before = parser.getCurrentLineNumber();
        try {
            if (!iterator.hasNext()) {
                return null;
            }
            CSVRecord r = iterator.next();
            lastLine = before + 1;
            return r.values();
        } catch (RuntimeException e) { // commons-csv wraps IOExceptions (e.g. an unterminated quote)
            throw unreadable(e, before);
        }
    }

    /** A record that could not be read: not UTF-8 text, a malformed quote, or a failed read. */
    private BadInputException unreadable(Exception e, long before) {
        if (rootCause(e) instanceof java.nio.charset.CharacterCodingException c) {
            return new BadInputException(
                    file.toString(), IoErrors.firstMalformedLine(file, 0), null, IoErrors.reason(c), e);
        }
        return new BadInputException(file.toString(), before + 1, null, "malformed CSV: " + rootMessage(e), e);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t instanceof IOException io ? IoErrors.reason(io) : t.getMessage();
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
        }
        if (parser != null) {
            parser.close();
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** One data row with its line number. */
    public final class Row {
        private final String[] record;
        private final long line;

        private Row(String[] record, long line) {
            this.record = record;
            this.line = line;
        }

        /** 1-based line where the row starts. */
        public long line() {
            return line;
        }

        /** The trimmed cell of a column, "" when the column is absent. */
        public String text(String column) {
            Integer i = columns.get(column);
            return i == null ? "" : record[i].strip();
        }

        /** The trimmed cell at a column position (see {@link CsvTable#index}), "" when the position is -1. */
        public String text(int index) {
            return index < 0 ? "" : record[index].strip();
        }

        /** A non-empty cell. */
        public String required(String column) throws BadInputException {
            String t = text(column);
            if (t.isEmpty()) {
                throw error(column, "empty; a value is required");
            }
            return t;
        }

        /** A finite number; NaN and infinities are rejected. */
        public double finite(String column) throws BadInputException {
            return Cells.finite(required(column), () -> error(column, ""));
        }

        /** A finite number, or NaN when the cell is empty (not measured). */
        public double optionalFinite(String column) throws BadInputException {
            String t = text(column);
            return t.isEmpty() ? Double.NaN : finite(column);
        }

        /** A number where JMH may legitimately write NaN (an error bar it could not compute). */
        public double numberOrNaN(String column) throws BadInputException {
            String t = required(column);
            if (t.equalsIgnoreCase("NaN")) {
                return Double.NaN;
            }
            return finite(column);
        }

        /** A non-negative whole number. */
        public long count(String column) throws BadInputException {
            String t = required(column);
            try {
                long v = Long.parseLong(t);
                if (v < 0) {
                    throw error(column, "must not be negative: '" + t + "'");
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(column, "not a whole number: '" + t + "'");
            }
        }

        /** An exception naming this row's file, line and the column. */
        public BadInputException error(String column, String message) {
            return new BadInputException(file, line, column, message);
        }
    }
}
