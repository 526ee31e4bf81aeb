/**
 * Setting up one trial of a workload: {@link dev.leakbench.workloads.trial.TrialSpec} (what to run),
 * {@link dev.leakbench.workloads.trial.TrialFixture} (the open dataset, target and fault) and
 * {@link dev.leakbench.workloads.trial.WorkloadFactory} (the workload over them). Shared by the JMH
 * benchmarks, the soak and the leak suite.
 */
package dev.leakbench.workloads.trial;
