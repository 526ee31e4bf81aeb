package dev.leakbench.analysis.trend;

import dev.leakbench.analysis.stats.Robust;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    public record Night(LocalDate date, double value, List<String> commits) {
    }

    private static final class Column {
        int size;
        int[] days = new int[16];
        int[] commits = new int[16];
        double[] values = new double[16];
        long[] lines = new long[16];

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
        Integer c = commitIds.get(row.commit());
        if (c == null) {
            c = commitNames.size();
            commitIds.put(row.commit(), c);
            commitNames.add(row.commit());
        }
        series.computeIfAbsent(new Key(row.series(), row.unit()), k -> new Column())
            .add((int) row.date().toEpochDay(), c, row.value(), line);
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
            Integer[] order = new Integer[col.size];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> col.days[a] != col.days[b] ? Integer.compare(col.days[a], col.days[b])
                : col.commits[a] != col.commits[b] ? Integer.compare(col.commits[a], col.commits[b])
                : Long.compare(col.lines[a], col.lines[b]));
            for (int i = 1; i < order.length; i++) {
                int a = order[i - 1];
                int b = order[i];
                if (col.days[a] == col.days[b] && col.commits[a] == col.commits[b]
                        && (worst == null || col.lines[b] < worst[1])) {
                    worst = new long[]{col.lines[a], col.lines[b]};
                }
            }
        }
        return worst;
    }

    /** The nights of a series in date order, each the median of its values. */
    public List<Night> nights(Key key) {
        Column col = series.get(key);
        if (col == null) {
            return List.of();
        }
        Integer[] order = new Integer[col.size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(col.days[a], col.days[b]));
        List<Night> out = new ArrayList<>();
        for (int i = 0; i < order.length; ) {
            int j = i;
            int day = col.days[order[i]];
            while (j < order.length && col.days[order[j]] == day) {
                j++;
            }
            double[] v = new double[j - i];
            List<String> commits = new ArrayList<>();
            for (int k = i; k < j; k++) {
                v[k - i] = col.values[order[k]];
                commits.add(commitNames.get(col.commits[order[k]]));
            }
            out.add(new Night(LocalDate.ofEpochDay(day), v.length == 1 ? v[0] : Robust.median(v), commits));
            i = j;
        }
        return out;
    }
}
