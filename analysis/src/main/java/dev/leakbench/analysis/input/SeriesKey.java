package dev.leakbench.analysis.input;

/**
 * Identifies one benchmark at one parameter set.
 *
 * @param benchmark the fully qualified JMH benchmark name
 * @param params its parameters
 */
public record SeriesKey(String benchmark, Params params) implements Comparable<SeriesKey> {
    @Override
    public int compareTo(SeriesKey o) {
        int c = benchmark.compareTo(o.benchmark);
        return c != 0 ? c : params.compareTo(o.params);
    }

    /** The benchmark's simple name: class and method, without the package. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(cls + 1);
    }

    @Override
    public String toString() {
        return params.isEmpty() ? benchmark : benchmark + " {" + params + "}";
    }
}
