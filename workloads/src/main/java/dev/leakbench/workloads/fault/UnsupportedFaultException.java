package dev.leakbench.workloads.fault;

/** A fault needs something the target does not have; the benchmark is skipped with this message. */
public class UnsupportedFaultException extends UnsupportedOperationException {
    public UnsupportedFaultException(String fault, String target, String needs) {
        super("fault '" + fault + "' needs " + needs + ", which target '" + target + "' does not have: skipping");
    }
}
