package dev.leakbench.analysis.findings;

import dev.leakbench.analysis.stats.XY;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Synthetic retained-heap series with a known truth, shaped like the LeakProfiler's output: a
 * base level, a shape in cumulative operations, Gaussian noise and rare positive outliers (an
 * object still reachable when the GC ran), with per-iteration operation counts that jitter.
 */
public final class Synthetic {
    /** Base retained heap, bytes. */
    public static final double BASE = 48.0 * 1024 * 1024;

    /** The shapes with known truth. */
    public enum Scenario {
        /** Growth proportional to operations (a leak). */
        LINEAR,
        /** A cache filling to capacity in the first third. */
        PLATEAU,
        /** Four ramps, each freed. */
        SAWTOOTH,
        /** Warmup far above (JIT/profiling garbage), then a small early step in measurement. */
        WARMUP_SPIKE,
        /** Nothing but noise. */
        NOISE,
        /** A one-time 8 MiB jump halfway that stays. */
        STEP
    }

    /**
     * Generation parameters.
     *
     * @param iterations measurement iterations
     * @param opsPerIteration mean operations per iteration
     * @param sigma Gaussian noise of the retained heap, bytes
     * @param outlierRate chance per iteration of a positive outlier of 10 sigma
     */
    public record Params(int iterations, double opsPerIteration, double sigma, double outlierRate) {
        /** 20 iterations of 1e7 ops (2e8 ops: 0.01 B/op is 2 MB), quiet G1 heap (4 KiB noise). */
        public static final Params QUIET = new Params(20, 1e7, 4096, 0.02);
        /** Same run on a noisy heap (256 KiB noise, 5% outliers). */
        public static final Params NOISY = new Params(20, 1e7, 256 * 1024, 0.05);
    }

    private Synthetic() {
    }

    /** A measurement-phase series for the scenario; {@code bytesPerOp} is used by LINEAR only. */
    public static XY series(Scenario scenario, double bytesPerOp, Params p, long seed) {
        Random rnd = new Random(seed);
        int n = p.iterations();
        double[] x = new double[n];
        double ops = p.opsPerIteration() * (2 + rnd.nextDouble()); // ops already done in warmup
        for (int i = 0; i < n; i++) {
            ops += p.opsPerIteration() * (0.9 + 0.2 * rnd.nextDouble());
            x[i] = ops;
        }
        double x0 = x[0];
        double span = x[n - 1] - x0;
        DoubleUnaryOperator shape = switch (scenario) {
            case LINEAR -> o -> bytesPerOp * o;
            case PLATEAU -> o -> 24.0 * 1024 * 1024 * (1 - Math.exp(-(o - x0) / (span / 10)));
            case SAWTOOTH -> o -> 16.0 * 1024 * 1024 * frac((o - x0) / (span / 4.3) + rnd.nextDouble() * 0.0);
            case WARMUP_SPIKE -> o -> o - x0 < 1.5 * p.opsPerIteration() ? -512.0 * 1024 : 0;
            case NOISE -> o -> 0;
            case STEP -> o -> o - x0 >= span / 2 ? 8.0 * 1024 * 1024 : 0;
        };
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double noise = rnd.nextGaussian() * p.sigma();
            if (rnd.nextDouble() < p.outlierRate()) {
                noise += 10 * p.sigma() * rnd.nextDouble();
            }
            y[i] = Math.rint(BASE + shape.applyAsDouble(x[i]) + noise);
        }
        return new XY(x, y);
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }
}
