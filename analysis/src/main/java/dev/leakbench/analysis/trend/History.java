package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.stats.Robust;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nightly history in memory, compactly: per series (benchmark, params, metric, unit) the
 * nights, commits and values. A unit change starts a new series, since values in different
 * units do not compare.
 */
public final class History {
    /**
     * A series' identity including its unit.
     *
     * @param id benchmark, params and metric
     * @param unit the unit
     */
    public record Key(HistoryRow.SeriesId id, String unit) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = id.compareTo(o.id);
            return c != 0 ? c : unit.compareTo(o.unit);
        }
    }

    /**
     * One night of a series: the median when a night has several runs.
     *
     * @param date the night
     * @param value median of the night's values
     * @param commits the commits measured that night
     */
    public record Night(LocalDate date, double value, List<String> commits) {}

    /** The rows of one series, in the order they were added. */
    static final class Column {
        int size;
        int[] days = new int[64];
        int[] commits = new int[64];
        double[] values = new double[64];
        long[] lines = new long[64];

        void add(int day, int commit, double value, long line) {
            if (size == days.length) {
                days = Arrays.copyOf(days, size * 2);
                commits = Arrays.copyOf(commits, size * 2);
                values = Arrays.copyOf(values, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            days[size] = day;
            commits[size] = commit;
            values[size] = value;
            lines[size] = line;
            size++;
        }
    }

    private final Map<Key, Column> series = new HashMap<>();
    private final Map<String, Integer> commitIds = new HashMap<>();
    private final List<String> commitNames = new ArrayList<>();
    private long rows;

    /** Adds a row that is not (yet) in a file. */
    public void add(HistoryRow row) {
        add(row, 0);
    }

    /** Adds a row read from line {@code line} of the history file. */
    public void add(HistoryRow row, long line) {
        column(new Key(row.series(), row.unit()))
                .add((int) row.date().toEpochDay(), commitId(row.commit()), row.value(), line);
        rows++;
    }

    /** The number standing for a commit (for {@link #add(Column, int, int, double, long)}). */
    int commitId(String commit) {
        Integer c = commitIds.get(commit);
        if (c == null) {
            c = commitNames.size();
            commitIds.put(commit, c);
            commitNames.add(commit);
        }
        return c;
    }

    /** The rows of a series (for {@link #add(Column, int, int, double, long)}). */
    Column column(Key key) {
        return series.computeIfAbsent(key, k -> new Column());
    }

    /** Adds a row already validated: what {@link #add(HistoryRow, long)} does, given its column and commit. */
    void add(Column column, int epochDay, int commitId, double value, long line) {
        column.add(epochDay, commitId, value, line);
        rows++;
    }

    /** Number of rows. */
    public long rows() {
        return rows;
    }

    /** The series, ordered. */
    public Set<Key> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(series.keySet()));
    }

    /** True when the history has a row for this series, night and commit (in any unit). */
    public boolean contains(HistoryRow row) {
        Integer c = commitIds.get(row.commit());
        if (c == null) {
            return false;
        }
        int day = (int) row.date().toEpochDay();
        for (Map.Entry<Key, Column> e : series.entrySet()) {
            if (!e.getKey().id().equals(row.series())) {
                continue;
            }
            Column col = e.getValue();
            for (int i = col.size - 1; i >= 0; i--) {
                if (col.days[i] == day && col.commits[i] == c) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first pair of rows (by the later line) with the same series, night and commit, as
     * {@code {earlier line, later line}}; null when there is none.
     */
    public long[] duplicate() {
        long[] worst = null;
        for (Column col : series.values()) {
            // rows come in file order, nights mostly in date order: then only rows of the same night
            // (the runs of one night) can be duplicates, and only those need sorting
            boolean inOrder = true;
            for (int i = 1; i < col.size && inOrder; i++) {
                inOrder = col.days[i - 1] <= col.days[i] && col.lines[i - 1] < col.lines[i];
            }
            if (!inOrder) {
                worst = earlier(worst, duplicate(col, 0, col.size));
                continue;
            }
            for (int i = 0; i < col.size; ) {
                int j = i + 1;
                while (j < col.size && col.days[j] == col.days[i]) {
                    j++;
                }
                if (j - i > 1) {
                    worst = earlier(worst, duplicate(col, i, j));
                }
                i = j;
            }
        }
        return worst;
    }

    private static long[] earlier(long[] a, long[] b) {
        return a == null || (b != null && b[1] < a[1]) ? b : a;
    }

    /** The duplicate pair with the smallest later line among rows {@code [from, to)} of a column, or null. */
    private static long[] duplicate(Column col, int from, int to) {
        long[] worst = null;
        Integer[] order = new Integer[to - from];
        for (int i = 0; i < order.length; i++) {
            order[i] = from + i;
        }
        Arrays.sort(
                order,
                (a, b) -> col.days[a] != col.days[b]
                        ? Integer.compare(col.days[a], col.days[b])
                        : col.commits[a] != col.commits[b]
                                ? Integer.compare(col.commits[a], col.commits[b])
                                : Long.compare(col.lines[a], col.lines[b]));
        for (int i = 1; i < order.length; i++) {
            int a = order[i - 1];
            int b = order[i];
            if (col.days[a] == col.days[b]
                    && col.commits[a] == col.commits[b]
                    && (worst == null || col.lines[b] < worst[1])) {
                worst = new long[] {col.lines[a], col.lines[b]};
            }
        }
        return worst;
    }

    /**
     * The nights of a series in date order, each the median of its values. The list is an
     * immutable view over arrays (ten years of a series are 3650 nights; a history holds hundreds
     * of series): its {@link Night}s are made when asked for.
     */
    public List<Night> nights(Key key) {
        Column col = series.get(key);
        if (col == null) {
            return List.of();
        }
        int n = col.size;
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            sorted &= i == 0 || col.days[i - 1] <= col.days[i];
        }
        if (!sorted) {
            // a stable sort by day, as the nights of a hand-edited file may be out of order
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Integer.compare(col.days[a], col.days[b]));
            for (int i = 0; i < n; i++) {
                order[i] = boxed[i];
            }
        }
        int[] days = new int[n];
        double[] values = new double[n];
        int[] start = new int[n + 1];
        int[] commits = new int[n];
        int nights = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            int day = col.days[order[i]];
            while (j < n && col.days[order[j]] == day) {
                j++;
            }
            for (int k = i; k < j; k++) {
                commits[k] = col.commits[order[k]];
            }
            days[nights] = day;
            if (j - i == 1) {
                values[nights] = col.values[order[i]];
            } else {
                double[] v = new double[j - i];
                for (int k = i; k < j; k++) {
                    v[k - i] = col.values[order[k]];
                }
                values[nights] = Robust.median(v);
            }
            start[nights] = i;
            nights++;
            i = j;
        }
        start[nights] = n;
        return new Nights(nights, days, values, start, commits, Collections.unmodifiableList(commitNames));
    }

    /** The values of the nights, in order (without making a {@link Night} of each when they come from {@link #nights}). */
    static double[] values(List<Night> nights) {
        if (nights instanceof Nights n) {
            return Arrays.copyOf(n.values, n.size);
        }
        return nights.stream().mapToDouble(Night::value).toArray();
    }

    /** The nights of one series: night i is {@code days[i]}, {@code values[i]}, commits {@code start[i]..start[i+1]}. */
    private static final class Nights extends AbstractList<Night> implements RandomAccess {
        private final int size;
        private final int[] days;
        private final double[] values;
        private final int[] start;
        private final int[] commits;
        private final List<String> names;

        Nights(int size, int[] days, double[] values, int[] start, int[] commits, List<String> names) {
            this.size = size;
            this.days = days;
            this.values = values;
            this.start = start;
            this.commits = commits;
            this.names = names;
        }

        @Override
        public Night get(int i) {
            Objects.checkIndex(i, size);
            int from = start[i];
            int to = start[i + 1];
            List<String> c = to - from == 1 ? List.of(names.get(commits[from])) : new ArrayList<>(to - from);
            if (to - from != 1) {
                for (int k = from; k < to; k++) {
                    c.add(names.get(commits[k]));
                }
                c = Collections.unmodifiableList(c);
            }
            return new Night(LocalDate.ofEpochDay(days[i]), values[i], c);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
