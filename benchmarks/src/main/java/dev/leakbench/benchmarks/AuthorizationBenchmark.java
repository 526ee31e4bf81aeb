package dev.leakbench.benchmarks;

import dev.leakbench.workloads.mix.AuthorizationWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Authorization checks over a seeded graph: the steady state of a permission service answering
 * "may this user view this document?".
 *
 * <p><b>Measured:</b> {@link #check} — one {@code document#viewer@user} check, returning the decision.
 * <b>Data:</b> the seeded {@code GraphDataset} (1,000 documents in 100 folders up to 3 deep, 1,000
 * users in 50 groups of 20, some nested; grants to users, groups and {@code user:*}), and a cycle of
 * 16,384 distinct requests of which exactly 50% are allowed and 50% denied — labelled by a reference
 * evaluator, and every answer is compared with its label (a wrong answer fails the trial). There are
 * more distinct requests than the engine's default 10,000-entry decision cache, so checks both hit
 * the cache and evaluate. Nothing is written: the live data set is constant by construction.
 *
 * <p>InferaDB's version of this test ran checks that were nearly all allowed; this one is half deny,
 * which exercises the evaluator's full walk (every branch of the union fails before "deny").
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuthorizationBenchmark -prof gc
 * # the engine against jCasbin on the same data, in one run:
 * java -jar benchmarks/target/benchmarks.jar AuthorizationBenchmark -p target=embedded,jcasbin,jcasbin-cached
 * # with a known leak, to see the profiler catch it:
 * java -jar benchmarks/target/benchmarks.jar AuthorizationBenchmark -p fault=unbounded-cache -prof dev.leakbench.profile.LeakProfiler
 * </pre>
 * or from code:
 * <pre>{@code
 * new Runner(new OptionsBuilder().include(AuthorizationBenchmark.class.getSimpleName())
 *         .param("target", "embedded", "jcasbin").addProfiler(GCProfiler.class).build()).run();
 * }</pre>
 */
public class AuthorizationBenchmark extends WorkloadBenchmark<AuthorizationWorkload> {

    public AuthorizationBenchmark() {
        super(WorkloadKind.AUTHORIZATION);
    }

    @Override
    protected AuthorizationWorkload build(TrialFixture trial) {
        return WorkloadFactory.authorization(trial);
    }

    @Benchmark
    public boolean check(ThreadCursor thread) {
        return workload.check(thread.cursor);
    }
}
