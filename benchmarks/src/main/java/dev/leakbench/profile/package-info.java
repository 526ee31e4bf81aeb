/**
 * The leak profiler: {@code -prof dev.leakbench.profile.LeakProfiler}, a JMH profiler that
 * measures what the heap and the process keep after every iteration, so that the analysis
 * ({@code leakcheck}) can fit a trend against operations.
 *
 * <h2>Recommended command line</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuthorizationBenchmark \
 *     -prof 'dev.leakbench.profile.LeakProfiler:dir=results/run' -prof gc \
 *     -rf json -rff results/run/jmh.json
 * leakcheck findings results/run/jmh.json results/run/*.csv    # the .classes.csv are read beside their series
 * </pre>
 * The LeakProfiler goes before {@code -prof gc} (see {@link dev.leakbench.profile.GcProfilerOrder}).
 * Options ({@code name=value}, separated by {@code ;}): {@code dir}, {@code roots},
 * {@code histogram}, {@code top}, {@code maxGcRounds}, {@code jfr}, {@code verbose}
 * ({@link dev.leakbench.profile.LeakProfilerOptions}).
 *
 * <h2>What it writes, per trial (fork), in {@code dir}</h2>
 * <ul>
 *   <li>{@code <benchmark>-<mode>[_k=v...][-forkN].csv}: the series, one row per iteration,
 *       {@code benchmark,params,iteration,phase,ops.cumulative,heap.retained,...};</li>
 *   <li>{@code .class-counts.csv}: live instances and bytes of every class after every iteration
 *       (changes only, after the first), {@code iteration,phase,class,instances,bytes};</li>
 *   <li>{@code .classes.csv}: the classes that grew from the first to the last measurement
 *       iteration, and the two raw histograms {@code .histo-first.txt}, {@code .histo-last.txt};</li>
 *   <li>with {@code jfr=true}: the recording {@code .jfr} and its summary {@code .old-objects.txt}.</li>
 * </ul>
 *
 * <h2>The pieces</h2>
 * {@link dev.leakbench.profile.LeakProfiler} (JMH's entry point) runs a
 * {@link dev.leakbench.profile.LeakTrial} per trial, which uses
 * {@link dev.leakbench.profile.RetainedHeapSampler} (full GC until stable, heap after GC),
 * {@link dev.leakbench.profile.ProcessResources}, {@link dev.leakbench.profile.RootSizer} (JOL),
 * {@link dev.leakbench.profile.ClassCountRecorder} (with {@link dev.leakbench.profile.ClassHistogram} and
 * {@link dev.leakbench.profile.ClassGrowth}),
 * {@link dev.leakbench.profile.JfrLeakRecorder}, and writes through
 * {@link dev.leakbench.profile.SeriesWriter}; {@link dev.leakbench.profile.MetricSet} keeps every
 * iteration's labels the same, because JMH counts a label missing from an iteration as 0.
 */
package dev.leakbench.profile;
