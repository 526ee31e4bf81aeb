package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;

/**
 * One check a workload sends, with the answer the {@link ReferenceEvaluator} gives on the seeded data.
 */
public record CheckRequest(ObjectRef resource, String permission, SubjectRef subject, boolean expected) {

    @Override
    public String toString() {
        return "check " + resource + "#" + permission + "@" + subject + " (expected " + (expected ? "allow" : "deny")
                + ")";
    }
}
