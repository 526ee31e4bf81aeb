package dev.leakbench.benchmarks;

import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.mix.ExpandWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Expands over usersets, with the fan-out as a parameter: the "who can see this?" side of a
 * permission service, whose result sets are the allocations most likely to be held on to.
 *
 * <p><b>Measured:</b> {@link #expand} — one expand, returning the subjects (at most
 * {@code expandLimit}). <b>Data:</b> the seeded graph with {@code fanOut} members per group (default
 * 20); a cycle of 4,096 requests, half {@code group:g#member} (the group's members, plus a nested
 * group's), half {@code document:d#viewer} (direct grants, groups, and the viewers of up to three
 * parent folders). Read only.
 *
 * <h2>How to run</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ExpandBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar ExpandBenchmark -p fanOut=5,20,100 -prof gc
 * </pre>
 * jCasbin has no expand in this sense: {@code -p target=jcasbin} is skipped with that message.
 */
public class ExpandBenchmark extends WorkloadBenchmark<ExpandWorkload> {

    /** Direct members of each group: the width of every {@code group#member} userset. */
    @Param("20")
    public int fanOut;

    /** Most subjects an expand returns. */
    @Param("1000")
    public int expandLimit;

    public ExpandBenchmark() {
        super(WorkloadKind.EXPAND);
    }

    @Override
    protected DatasetSpec dataset() {
        return super.dataset().withMembersPerGroup(fanOut);
    }

    @Override
    protected ExpandWorkload build(TrialFixture trial) {
        return WorkloadFactory.expand(trial, expandLimit);
    }

    @Benchmark
    public Set<SubjectRef> expand(ThreadCursor thread) {
        return workload.expand(thread.cursor);
    }
}
