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
        STEP,
        /** A bounded cache filling 8 MiB evenly over the first 40% of the measurement, then flat. */
        SLOW_FILL,
        /**
         * Six ramps of 16 MiB, each freed (enough teeth for a trend of the troughs), on top of a
         * leak of {@code bytesPerOp}: the troughs rise.
         */
        RISING_SAWTOOTH,
        /** Flat for the first 60% of the measurement, then a leak of {@code bytesPerOp} to the end. */
        LATE_START,
        /**
         * Byte-exact (no noise, no outliers) harness bookkeeping: 8 KiB added in 8-byte multiples
         * at random iterations, never freed (like ConcurrentLoadBenchmark's clean run).
         */
        DRIFT;

        /** True when the scenario contains a leak (and {@code bytesPerOp} sets it). */
        public boolean leaks() {
            return this == LINEAR || this == RISING_SAWTOOTH || this == LATE_START;
        }
    }

    /** A shape: bytes added to the base at a fraction {@code t} (0..1) of the measurement and {@code ops}. */
    @FunctionalInterface
    public interface Shape {
        /** Bytes above the base. */
        double at(double t, double ops);
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
        /**
         * The quick suite: 10 iterations of 1e6 ops (1e7 ops), a quiet heap (512 B noise, as the
         * clean embedded workloads in results/baselines show).
         */
        public static final Params QUICK = new Params(10, 1e6, 512, 0.02);
    }

    private Synthetic() {}

    /** A measurement-phase series for the scenario; {@code bytesPerOp} is the leak of the leaking ones. */
    public static XY series(Scenario scenario, double bytesPerOp, Params p, long seed) {
        switch (scenario) {
            case SLOW_FILL:
                return series(fill(8.0 * 1024 * 1024, 0.4), p, seed);
            case RISING_SAWTOOTH:
                return series((t, o) -> 16.0 * 1024 * 1024 * frac(t * 5.3) + bytesPerOp * o, p, seed);
            case LATE_START:
                return lateStart(bytesPerOp, 0.6, p, seed);
            case DRIFT:
                return drift(8 * 1024, p, seed);
            default:
                break;
        }
        // the original six, generated exactly as before (their seeds keep their series)
        Random rnd = new Random(seed);
        double[] x = ops(p, rnd);
        int n = x.length;
        double x0 = x[0];
        double span = x[n - 1] - x0;
        DoubleUnaryOperator shape = switch (scenario) {
            case LINEAR -> o -> bytesPerOp * o;
            case PLATEAU -> o -> 24.0 * 1024 * 1024 * (1 - Math.exp(-(o - x0) / (span / 10)));
            case SAWTOOTH -> o -> 16.0 * 1024 * 1024 * frac((o - x0) / (span / 4.3) + rnd.nextDouble() * 0.0);
            case WARMUP_SPIKE -> o -> o - x0 < 1.5 * p.opsPerIteration() ? -512.0 * 1024 : 0;
            case NOISE -> o -> 0;
            case STEP -> o -> o - x0 >= span / 2 ? 8.0 * 1024 * 1024 : 0;
            default -> throw new AssertionError(scenario);
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

    /** A cache filling {@code bytes} evenly over the first {@code fraction} of the measurement, then flat. */
    public static Shape fill(double bytes, double fraction) {
        return (t, o) -> bytes * Math.min(1, t / fraction);
    }

    /** Flat until {@code start} (a fraction of the measurement), then {@code bytesPerOp} to the end. */
    public static XY lateStart(double bytesPerOp, double start, Params p, long seed) {
        double[] startOps = new double[1];
        return series(
                (t, o) -> {
                    if (t < start) {
                        startOps[0] = o;
                        return 0;
                    }
                    return bytesPerOp * (o - startOps[0]);
                },
                p,
                seed);
    }

    /**
     * A series of any shape with the noise, outliers and operation jitter of {@code p}; the shape
     * is evaluated in order of increasing t.
     */
    public static XY series(Shape shape, Params p, long seed) {
        Random rnd = new Random(seed);
        double[] x = ops(p, rnd);
        int n = x.length;
        double x0 = x[0];
        double span = x[n - 1] - x0;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double noise = rnd.nextGaussian() * p.sigma();
            if (rnd.nextDouble() < p.outlierRate()) {
                noise += 10 * p.sigma() * rnd.nextDouble();
            }
            y[i] = Math.rint(BASE + shape.at((x[i] - x0) / span, x[i]) + noise);
        }
        return new XY(x, y);
    }

    /**
     * Byte-exact, never-decreasing bookkeeping: {@code total} bytes added in 8-byte multiples at
     * random iterations (about two in three), no noise and no outliers.
     */
    public static XY drift(double total, Params p, long seed) {
        Random rnd = new Random(seed);
        double[] x = ops(p, rnd);
        int n = x.length;
        double[] w = new double[n];
        double sum = 0;
        for (int i = 1; i < n; i++) {
            w[i] = rnd.nextDouble() < 0.67 ? rnd.nextDouble() : 0;
            sum += w[i];
        }
        double[] y = new double[n];
        double level = BASE;
        y[0] = level;
        for (int i = 1; i < n; i++) {
            level += sum == 0 ? 0 : 8 * Math.rint(total / 8 * w[i] / sum);
            y[i] = level;
        }
        return new XY(x, y);
    }

    private static double[] ops(Params p, Random rnd) {
        int n = p.iterations();
        double[] x = new double[n];
        double ops = p.opsPerIteration() * (2 + rnd.nextDouble()); // ops already done in warmup
        for (int i = 0; i < n; i++) {
            ops += p.opsPerIteration() * (0.9 + 0.2 * rnd.nextDouble());
            x[i] = ops;
        }
        return x;
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }
}
