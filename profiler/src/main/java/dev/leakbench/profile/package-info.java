/**
 * The leak profiler: {@code -prof dev.leakbench.profile.LeakProfiler}, a JMH profiler that
 * measures what the heap and the process keep at every iteration, so that the analysis
 * ({@code leakcheck}) can fit a trend against operations. It needs only {@code jmh-core} and
 * {@code jol-core} on the class path ({@code dev.leakbench:leakbench-profiler}); any benchmark can
 * add named roots and gauges with a {@link dev.leakbench.profile.LeakProbe}
 * ({@code LeakProbes.register(this)} in {@code @Setup(Level.Trial)}).
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
 * {@code histogram}, {@code top}, {@code maxGcRounds}, {@code jfr}, {@code verbose}, {@code dumps},
 * {@code trace}, {@code keepDumps} ({@link dev.leakbench.profile.LeakProfilerOptions}).
 *
 * <h2>What it writes, per trial (fork), in {@code dir}</h2>
 * <ul>
 *   <li>{@code <benchmark>-<mode>[_k=v...][-forkN].csv}: the series, one row per iteration,
 *       {@code benchmark,params,iteration,phase,ops.cumulative,heap.retained,...};</li>
 *   <li>{@code .class-counts.csv}: live instances and bytes of every class at every iteration's reading
 *       (changes only, after the first), {@code iteration,phase,class,instances,bytes};</li>
 *   <li>{@code .classes.csv}: the classes that grew from the first to the last measurement
 *       iteration, and the two raw histograms {@code .histo-first.txt}, {@code .histo-last.txt};</li>
 *   <li>with {@code jfr=true}: the recording {@code .jfr} and its summary {@code .old-objects.txt};</li>
 *   <li>with {@code dumps=true}: a live heap dump at the last reading, {@code .hprof} (for Eclipse
 *       MAT), and the native memory summary {@code .nmt.txt};</li>
 *   <li>with {@code trace=true}: live heap dumps at measurement iterations 1, (N+1)/2 and N,
 *       {@code .dump1.hprof} to {@code .dump3.hprof}, and their index {@code .dumps.csv}
 *       ({@code dump,iteration,ops.cumulative,heap.retained,file,bytes,seconds}), which
 *       {@code leakcheck findings} reads for its leak trace and then deletes the dumps unless
 *       {@code keepDumps=true}.</li>
 * </ul>
 *
 * <h2>The pieces</h2>
 * {@link dev.leakbench.profile.LeakProfiler} (JMH's entry point) runs a
 * {@link dev.leakbench.profile.LeakTrial} per trial (which decides when to read: see there), which uses
 * {@link dev.leakbench.profile.RetainedHeapSampler} (full GC until stable, heap after GC by
 * {@link dev.leakbench.profile.HeapAfterGc}), {@link dev.leakbench.profile.ProcessResources},
 * {@link dev.leakbench.profile.RootSizer} (JOL) on the roots of the registered
 * {@link dev.leakbench.profile.LeakProbes}, {@link dev.leakbench.profile.ClassCountRecorder} (with
 * {@link dev.leakbench.profile.ClassHistogram} and {@link dev.leakbench.profile.ClassGrowth}),
 * {@link dev.leakbench.profile.JfrLeakRecorder}, {@link dev.leakbench.profile.TraceDumps} (the leak
 * trace's heap dumps), and writes through
 * {@link dev.leakbench.profile.SeriesWriter}; {@link dev.leakbench.profile.MetricSet} keeps every
 * iteration's labels the same, because JMH counts a label missing from an iteration as 0.
 *
 * <h2>Shared with the soak runner</h2>
 * The soak runner ({@code dev.leakbench.soak}, in the benchmarks module) measures with the same
 * classes: {@link dev.leakbench.profile.HeapAfterGc} (collector and heap-pool discovery, heap after
 * the latest GC), {@link dev.leakbench.profile.ProcessResources},
 * {@link dev.leakbench.profile.JfrLeakRecorder}, {@link dev.leakbench.profile.MetricNames} and
 * {@link dev.leakbench.profile.SeriesFile}/{@link dev.leakbench.profile.SeriesWriter}.
 */
package dev.leakbench.profile;
