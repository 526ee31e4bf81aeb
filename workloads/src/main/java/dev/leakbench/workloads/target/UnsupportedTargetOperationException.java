package dev.leakbench.workloads.target;

/** A workload asked a target for an operation it does not implement; the workload is skipped. */
public class UnsupportedTargetOperationException extends UnsupportedOperationException {
    public UnsupportedTargetOperationException(String target, Operation operation, String workload) {
        super("target '" + target + "' does not support " + operation + ", which workload '" + workload
                + "' needs: skipping it");
    }
}
