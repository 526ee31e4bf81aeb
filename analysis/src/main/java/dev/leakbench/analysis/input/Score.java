package dev.leakbench.analysis.input;

import java.util.List;

/**
 * A JMH score: the aggregate with its error and unit, and the per-fork, per-iteration raw data
 * when the file carried it.
 *
 * @param value the score
 * @param error the half-width of JMH's 99.9% interval; NaN when JMH could not compute one
 * @param unit the unit as JMH wrote it
 * @param raw per fork, the measurement iterations' values (empty when not available)
 */
public record Score(double value, double error, String unit, List<double[]> raw) {
    /** Copies the raw list. */
    public Score {
        raw = List.copyOf(raw);
    }

    /** All raw values of all forks, in order. */
    public double[] flatRaw() {
        int n = raw.stream().mapToInt(r -> r.length).sum();
        double[] out = new double[n];
        int k = 0;
        for (double[] r : raw) {
            System.arraycopy(r, 0, out, k, r.length);
            k += r.length;
        }
        return out;
    }
}
