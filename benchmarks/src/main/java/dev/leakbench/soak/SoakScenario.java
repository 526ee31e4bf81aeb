package dev.leakbench.soak;

import dev.leakbench.workloads.mix.AuthorizationWorkload;
import dev.leakbench.workloads.mix.Cursor;
import dev.leakbench.workloads.mix.MixedWorkload;
import dev.leakbench.workloads.mix.WorkloadKind;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.WorkloadFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The named long runs of InferaDB's memory profiling guide ({@code test_24h_authorization_stress},
 * {@code test_24h_mixed_workload}), built with the same {@code WorkloadFactory} the JMH benchmarks use.
 */
public enum SoakScenario {

    /** Checks only, half allowed and half denied, every answer verified ({@code AuthorizationBenchmark}'s workload). */
    AUTHORIZATION_STRESS("authorization-stress", WorkloadKind.AUTHORIZATION, "100% check") {
        @Override
        Load open(TrialFixture fixture, int window, int expandLimit) {
            AuthorizationWorkload w = WorkloadFactory.authorization(fixture);
            return new Load() {
                @Override
                public long run(Cursor cursor) {
                    return w.check(cursor) ? 1 : 0;
                }

                @Override
                public long wrongAnswers() {
                    return w.answers().wrongAnswers();
                }

                @Override
                public void verify() {
                    w.answers().verify();
                }
            };
        }
    },

    /** 70% check, 20% rolling-window write, 10% expand ({@code MixedWorkloadBenchmark}'s workload). */
    MIXED("mixed", WorkloadKind.MIXED, "70% check / 20% write / 10% expand") {
        @Override
        Load open(TrialFixture fixture, int window, int expandLimit) {
            MixedWorkload w = WorkloadFactory.mixed(fixture, window, expandLimit);
            return new Load() {
                @Override
                public long run(Cursor cursor) {
                    return w.next(cursor);
                }

                @Override
                public long wrongAnswers() {
                    return w.answers().wrongAnswers();
                }

                @Override
                public void verify() {
                    w.answers().verify();
                }
            };
        }
    };

    /** One scenario's operations over an open fixture. Thread-safe; each thread brings its own cursor. */
    public interface Load {
        /** One operation; returns something that depends on its result. */
        long run(Cursor cursor);

        /** Checks answered differently from the reference evaluator so far. */
        long wrongAnswers();

        /** @throws IllegalStateException if any answer was wrong */
        void verify();
    }

    private final String id;
    private final WorkloadKind kind;
    private final String mix;

    SoakScenario(String id, WorkloadKind kind, String mix) {
        this.id = id;
        this.kind = kind;
        this.mix = mix;
    }

    /** The name on the command line and in the series' benchmark ({@code soak.<id>}). */
    public String id() {
        return id;
    }

    public WorkloadKind kind() {
        return kind;
    }

    /** The operation shares, for the configuration line. */
    public String mix() {
        return mix;
    }

    /** The benchmark name in the series CSV, e.g. {@code soak.mixed}. */
    public String benchmark() {
        return "soak." + id;
    }

    /** Builds the workload (trial setup, not measured). */
    abstract Load open(TrialFixture fixture, int window, int expandLimit);

    /** @throws IllegalArgumentException naming the known scenarios */
    public static SoakScenario parse(String id) {
        for (SoakScenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(SoakScenario::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
