package dev.leakbench.workloads.target;

/** A workload asked a target for an operation it does not implement; the workload is skipped. */
public class UnsupportedTargetOperationException extends UnsupportedOperationException {
    public UnsupportedTargetOperationException(String target, Operation operation, String workload) {
        super("target '" + target + "' does not support " + operation + ", which workload '" + workload
                + "' needs: skipping it");
    }

    private UnsupportedTargetOperationException(String message) {
        super(message);
    }

    /** The target lacks a facility other than an {@link Operation}, e.g. a connection pool. */
    public static UnsupportedTargetOperationException missing(String target, String what, String workload) {
        return new UnsupportedTargetOperationException(
                "target '" + target + "' has no " + what + ", which workload '" + workload + "' needs: skipping it");
    }
}
