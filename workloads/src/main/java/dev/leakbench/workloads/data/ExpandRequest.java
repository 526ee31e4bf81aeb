package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;

/**
 * One expand a workload sends: the userset {@code resource#relation}, and how many users the
 * {@link ReferenceEvaluator} finds in it ({@code everyone} when it includes {@code user:*}).
 */
public record ExpandRequest(ObjectRef resource, String relation, int expectedUsers, boolean everyone) {}
