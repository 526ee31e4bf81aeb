package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.CacheEvictionWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Decision-cache eviction under keys that never repeat: a bounded cache fills to its capacity and
 * then levels off while evicting for the whole run; a cache that does not evict grows for the whole
 * run instead.
 *
 * <p><b>Measured:</b> {@link #check} — one check whose key has not been seen in this run: the n-th
 * check of thread t asks about visitor {@code user:v<t>_<n>} (a 64-bit counter, so keys do not repeat
 * however long the run). Visitors are in no tuple, so a check is allowed exactly when the document is
 * public ({@code user:*}, directly or through a folder); the documents cycle through 1,024 of them,
 * half public, so the mix is 50% allow / 50% deny, and every answer is verified. Keys per run are the
 * operation count — millions against the engine's default 10,000 entries (change it with
 * {@code -p targetOptions=cacheCapacity=1000}). InferaDB's eviction test sent 1,000 keys to a
 * 10,000-entry cache and so never evicted.
 *
 * <p>The profiler's {@code gauge.cache.entries} should level off at the capacity. On
 * {@code jcasbin-cached} it does not: jCasbin's default decision cache is an unbounded map.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CacheEvictionBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar CacheEvictionBenchmark -p target=embedded,jcasbin-cached -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 */
public class CacheEvictionBenchmark extends WorkloadBenchmark<CacheEvictionWorkload> {

    public CacheEvictionBenchmark() {
        super(WorkloadKind.CACHE_EVICTION);
    }

    @Override
    protected CacheEvictionWorkload build(TrialFixture trial) {
        return WorkloadFactory.cacheEviction(trial);
    }

    @Benchmark
    public boolean check(ThreadCursor thread) {
        return workload.check(thread.cursor);
    }
}
