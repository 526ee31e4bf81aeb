package dev.leakbench.analysis.detection;

/**
 * One run of the detection evaluation, as a row of {@code detection.csv}.
 *
 * @param run the run directory's name
 * @param benchmark the benchmark class's simple name
 * @param fault the injected fault, or {@code none}
 * @param faultEvery the {@code faultEvery} parameter (one leak every N target calls); 0 for {@code none}
 * @param opsPerLeak the nominal leak rate in benchmark operations per leak (faultEvery divided by
 *     the workload's target calls per operation, as the plan chose it); 0 for {@code none}
 * @param seed the dataset seed
 * @param length {@code quick} or {@code 5m}
 * @param ops operations in the measurement phase (summed over trials), NaN when unknown
 * @param opsPerSecond the JMH primary score when it is a throughput, else NaN
 * @param leaks leaks the fault made during the measurement phase ({@code gauge.fault.injected},
 *     read for the evaluation only), NaN when absent
 * @param verdict the representative finding's verdict, or {@link #RUN_FAILED}, {@link #NO_RESULT},
 *     {@link #BAD_INPUT}
 * @param metric the representative finding's metric, or empty
 * @param slope the representative finding's slope, NaN when none
 * @param slopeUnit its unit, e.g. {@code B/op}, {@code count/op}
 * @param trueBytesPerOp least-squares slope of {@code root.fault.<id>} against operations over the
 *     measurement iterations (JOL deep size of what the fault holds), NaN when absent
 * @param heapVerdict the {@code heap.retained} finding's verdict, or empty
 * @param heapSlope the {@code heap.retained} slope in B/op, NaN when none
 * @param detectableSlope the smallest slope (in {@code slopeUnit}) the representative finding's
 *     metric could have called growth in this run: the finding's {@code detectableSlope} evidence
 *     when the analysis gives one, else its magnitude floor divided by its operations span
 * @param detectableOpsPerObject the rarest steady leak of objects, in operations per object, the run's
 *     class-count analysis says it could have found (evidence {@code opsPerObject}), NaN when the
 *     analysis does not report it
 * @param firstNamed what the representative finding names first: {@code root:NAME},
 *     {@code class:NAME} or {@code metric:NAME}; empty when it names nothing
 * @param attributedFirst for a fault run, whether {@code firstNamed} is the fault's own
 *     ({@link GroundTruth}); null for a clean run
 * @param reason the finding's one-line reason, or why there is no finding
 */
public record DetectionRow(
        String run,
        String benchmark,
        String fault,
        long faultEvery,
        long opsPerLeak,
        long seed,
        String length,
        double ops,
        double opsPerSecond,
        double leaks,
        String verdict,
        String metric,
        double slope,
        String slopeUnit,
        double trueBytesPerOp,
        String heapVerdict,
        double heapSlope,
        double detectableSlope,
        double detectableOpsPerObject,
        String firstNamed,
        Boolean attributedFirst,
        String reason) {
    /** The JMH process failed or timed out (its exit code was not 0). */
    public static final String RUN_FAILED = "RUN_FAILED";
    /** JMH ended normally but left no result for the benchmark (e.g. the trial's setup failed). */
    public static final String NO_RESULT = "NO_RESULT";
    /** The run's files could not be read by leakcheck. */
    public static final String BAD_INPUT = "BAD_INPUT";

    /** True when the run produced findings (its verdict is one of the analysis's). */
    public boolean analysed() {
        return !(verdict.equals(RUN_FAILED) || verdict.equals(NO_RESULT) || verdict.equals(BAD_INPUT));
    }

    /** True for a clean run. */
    public boolean clean() {
        return fault.equals("none");
    }

    /** True when the run's verdict is LEAK. */
    public boolean leak() {
        return verdict.equals("LEAK");
    }
}
