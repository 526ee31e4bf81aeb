package dev.leakbench.soak;

/** Human-readable numbers for the progress line and the summary (the CSV files keep raw values). */
final class Units {
    private Units() {}

    /** 1.5 KB, 84.2 MB, 1.21 GB (powers of 1024). */
    static String bytes(double b) {
        if (b < 0 || Double.isNaN(b)) {
            return "n/a";
        }
        return magnitude(b);
    }

    /** +1.5 MB, -300 B. */
    static String signedBytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        return (b < 0 ? "-" : "+") + magnitude(Math.abs(b));
    }

    private static String magnitude(double b) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format("%.0f %s", b, units[u]) : String.format("%.1f %s", b, units[u]);
    }

    /** Nanoseconds as 12.3 us, 4.56 ms, 1.23 s. */
    static String latency(double nanos) {
        if (nanos < 1e6) {
            return String.format("%.1f us", nanos / 1e3);
        }
        if (nanos < 1e9) {
            return String.format("%.2f ms", nanos / 1e6);
        }
        return String.format("%.2f s", nanos / 1e9);
    }

    /** 312,400. */
    static String count(double n) {
        return String.format("%,.0f", n);
    }
}
