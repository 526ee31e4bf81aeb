package dev.leakbench.workloads.mix;

/**
 * One thread's position in a workload's pre-generated arrays: the thread reads
 * {@code data[(int) next() & mask]}, so no random number is drawn inside the measured code. Each
 * thread starts at a different offset so that threads do not walk the arrays in step. Not
 * thread-safe: one per thread.
 */
public final class Cursor {

    private static final long SPREAD = 0x9E3779B97F4A7C15L; // golden ratio: well-spread start offsets

    private final int stream;
    private long position;

    /** @param stream a number unique among the threads of the trial (it also names visitor subjects) */
    public Cursor(int stream) {
        this.stream = stream;
        this.position = (stream * SPREAD) >>> 40;
    }

    /** The next position; it never repeats within the thread. */
    public long next() {
        return position++;
    }

    public int stream() {
        return stream;
    }
}
