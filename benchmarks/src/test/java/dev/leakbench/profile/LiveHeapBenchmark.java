package dev.leakbench.profile;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what the LeakProfiler itself costs per iteration at a given live heap: the benchmark's
 * root {@code store} (it is its own {@link LeakProbe}) holds {@code liveTuples} engine {@link RelationTuple}s (records, each with
 * its own strings) in a {@link ConcurrentHashMap}, about 7 objects per tuple. The benchmark
 * method only reads, so the heap stays quiescent and the profiler's cost is all there is to see.
 *
 * <p>How to run (the cost per phase is printed by {@code verbose=true}):
 * <pre>
 * java -Xmx4g -cp "benchmarks/target/test-classes:benchmarks/target/classes:$CP" org.openjdk.jmh.Main \
 *     LiveHeapBenchmark -p liveTuples=1000,1000000 -jvmArgsAppend -Xmx4g \
 *     -prof 'dev.leakbench.profile.LeakProfiler:verbose=true'
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class LiveHeapBenchmark implements LeakProbe {

    @Param({"1000"})
    public int liveTuples;

    private Map<Long, RelationTuple> store;
    private long next;

    @Setup(Level.Trial)
    public void setUp() {
        store = new ConcurrentHashMap<>(liveTuples * 2);
        for (long i = 0; i < liveTuples; i++) {
            store.put(
                    i,
                    new RelationTuple(
                            ObjectRef.of("document", "doc" + i),
                            "viewer",
                            SubjectRef.of("user", "user" + (i % 10_000))));
        }
        LeakProbes.register(this);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LeakProbes.unregister(this); // the last reading is taken here, before JMH drops the state
    }

    @Override
    public Map<String, Object> roots() {
        return Map.of("store", store);
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("store.size", () -> store.size());
    }

    /** Looks up one tuple; allocates nothing that survives. */
    @Benchmark
    public RelationTuple lookup() {
        return store.get(next++ % liveTuples);
    }
}
