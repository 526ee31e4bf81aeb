package dev.leakbench.profile;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The CSV the profiler writes, byte for byte what Commons CSV's {@code CSVFormat.DEFAULT} with
 * {@code \n} as record separator prints (the format leakcheck reads; {@code CsvTest} holds the two
 * to the same output), so that the profiler needs no library beyond JMH and JOL on a class path:
 * fields separated by {@code ,}, records ended by {@code \n}; a field is quoted only when it must be,
 * by Commons CSV's minimal rule: it holds {@code ,}, {@code "}, CR or LF, starts with a character
 * up to {@code #} (space and control characters included), ends with one up to space, or is an
 * empty first field; a {@code "} inside quotes is doubled; null is an empty field.
 */
final class Csv {
    private Csv() {}

    /** Writes one record: the values' {@code toString()}, null as an empty field, then {@code \n}. */
    static void printRecord(Writer out, List<?> values) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = values.get(i);
            if (v != null) {
                field(line, v.toString(), i == 0);
            }
        }
        out.write(line.append('\n').toString());
    }

    private static void field(StringBuilder out, String s, boolean first) {
        if (s.isEmpty()) {
            if (first) {
                out.append("\"\""); // a record holding one empty field must not read as an empty line
            }
            return;
        }
        if (!needsQuotes(s)) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsQuotes(String s) {
        if (s.charAt(0) <= '#' || s.charAt(s.length() - 1) <= ' ') {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
