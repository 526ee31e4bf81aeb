package dev.leakbench.profile;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live instances and bytes per class, parsed from the text of HotSpot's
 * {@code GC.class_histogram} (the same table {@code jcmd PID GC.class_histogram} and
 * {@code jmap -histo:live} print):
 * <pre>
 *  num     #instances         #bytes  class name (module)
 * -------------------------------------------------------
 *    1:         12968         539824  [B (java.base@17.0.15)
 *    2:          1000          32000  com.example.Tuple
 * Total         51434        2128528
 * </pre>
 */
final class ClassHistogram {

    /** Instances and bytes of one class. */
    record Entry(long instances, long bytes) {}

    // "   1:         12968         539824  [B (java.base@17.0.15)"; the module suffix is optional
    private static final Pattern ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");

    private final Map<String, Entry> classes;

    private ClassHistogram(Map<String, Entry> classes) {
        this.classes = classes;
    }

    /**
     * Parses a histogram's text. A class that appears on several rows (same name, different
     * class loaders) is summed.
     *
     * @throws IllegalArgumentException when the text holds no histogram rows
     */
    static ClassHistogram parse(String text) {
        Map<String, Entry> classes = new HashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Entry e = new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                classes.merge(m.group(3), e, (a, b) -> new Entry(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        if (classes.isEmpty()) {
            String head = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            throw new IllegalArgumentException(
                    "not a class histogram (no rows like '1: 10 160 java.lang.String'): " + head);
        }
        return new ClassHistogram(classes);
    }

    /** Every class by name. */
    Map<String, Entry> classes() {
        return Collections.unmodifiableMap(classes);
    }

    /** The entry for a class; zero instances when it is not in the histogram. */
    Entry get(String className) {
        return classes.getOrDefault(className, new Entry(0, 0));
    }
}
