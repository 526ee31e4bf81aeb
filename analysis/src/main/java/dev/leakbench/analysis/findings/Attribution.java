package dev.leakbench.analysis.findings;

/**
 * What accounts for a growth: a named root (object graph sized by the profiler) or a class
 * from the heap histogram.
 *
 * @param kind "root" or "class"
 * @param name the root's or class's name
 * @param growthBytes growth over the run (per trial for roots; summed over trials for classes)
 * @param bytesPerOp growth per operation (per iteration when operations are unknown)
 * @param share growth as a fraction of the heap growth (may exceed 1 when roots overlap)
 * @param instances instance growth for classes, 0 for roots
 */
public record Attribution(
        String kind, String name, double growthBytes, double bytesPerOp, double share, long instances) {}
