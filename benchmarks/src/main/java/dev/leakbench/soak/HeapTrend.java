package dev.leakbench.soak;

/**
 * The trend of the heap after GC over the measurement intervals so far: an ordinary least-squares
 * line against time and against operations, kept as running sums so a 24-hour run costs nothing
 * per interval. A first look for the progress line and the summary; leakcheck's robust
 * Theil-Sen fit on {@code series.csv} gives the verdict.
 */
final class HeapTrend {

    private long n;
    private double sumT;
    private double sumOps;
    private double sumY;
    private double sumTT;
    private double sumOpsOps;
    private double sumTY;
    private double sumOpsY;
    private long first = -1;
    private long last = -1;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Adds a measurement interval's reading (warmup intervals are not added). */
    void add(IntervalSample s) {
        if (s.warmup() || s.heapAfterGc() < 0) {
            return;
        }
        double t = s.end().toNanos() / 1e9;
        double ops = s.opsCumulative();
        double y = s.heapAfterGc();
        n++;
        sumT += t;
        sumOps += ops;
        sumY += y;
        sumTT += t * t;
        sumOpsOps += ops * ops;
        sumTY += t * y;
        sumOpsY += ops * y;
        if (first < 0) {
            first = s.heapAfterGc();
        }
        last = s.heapAfterGc();
        min = Math.min(min, last);
        max = Math.max(max, last);
    }

    long points() {
        return n;
    }

    /** Bytes per hour, NaN with fewer than 3 points. */
    double bytesPerHour() {
        return slope(sumT, sumTT, sumTY) * 3600;
    }

    /** Bytes per operation, NaN with fewer than 3 points. */
    double bytesPerOp() {
        return slope(sumOps, sumOpsOps, sumOpsY);
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    long min() {
        return n == 0 ? -1 : min;
    }

    long max() {
        return n == 0 ? -1 : max;
    }

    private double slope(double sx, double sxx, double sxy) {
        if (n < 3) {
            return Double.NaN;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? Double.NaN : (n * sxy - sx * sumY) / d;
    }

    /** "+12.3 MB/h (+1.52 B/op, 42 points)", or "(warming up)" / "(n points, too few)". */
    String describe() {
        if (n == 0) {
            return "(warming up)";
        }
        if (n < 3) {
            return "(" + n + " point" + (n == 1 ? "" : "s") + ", too few)";
        }
        return Units.signedBytes(bytesPerHour()) + "/h (" + String.format("%+.2f", bytesPerOp()) + " B/op, " + n
                + " points)";
    }
}
