package dev.leakbench.workloads.target;

/**
 * Creates targets of one kind. Register an implementation in
 * {@code META-INF/services/dev.leakbench.workloads.target.TargetProvider}.
 */
public interface TargetProvider {

    /** The {@code target} parameter value this provider answers to. */
    String name();

    /** One line for listings: what the target is. */
    String description();

    /** A fresh target loaded with the dataset's schema and tuples. */
    Target create(TargetConfig config);
}
