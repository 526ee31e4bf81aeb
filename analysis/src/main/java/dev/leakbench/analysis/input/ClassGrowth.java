package dev.leakbench.analysis.input;

/**
 * One row of a top-growing-classes file: instances and shallow bytes of a class in the first
 * and the last measurement iteration's heap histogram.
 *
 * @param className the class name as the histogram printed it
 * @param instancesFirst instances at the first snapshot
 * @param bytesFirst bytes at the first snapshot
 * @param instancesLast instances at the last snapshot
 * @param bytesLast bytes at the last snapshot
 */
public record ClassGrowth(String className, long instancesFirst, long bytesFirst, long instancesLast, long bytesLast) {
    /** Growth in bytes between the snapshots. */
    public long bytesDelta() {
        return bytesLast - bytesFirst;
    }

    /** Growth in instances between the snapshots. */
    public long instancesDelta() {
        return instancesLast - instancesFirst;
    }

    /** Adds another trial's growth of the same class. */
    public ClassGrowth plus(ClassGrowth o) {
        return new ClassGrowth(
                className,
                instancesFirst + o.instancesFirst,
                bytesFirst + o.bytesFirst,
                instancesLast + o.instancesLast,
                bytesLast + o.bytesLast);
    }
}
