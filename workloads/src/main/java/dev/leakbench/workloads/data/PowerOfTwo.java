package dev.leakbench.workloads.data;

/** Request arrays are sized in powers of two so a thread reads {@code data[index++ & mask]}. */
public final class PowerOfTwo {
    private PowerOfTwo() {}

    public static void require(int n, String what) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException(what + " must be a power of two, was " + n);
        }
    }

    /** The smallest power of two at least {@code n} (and at least 1). */
    public static int atLeast(int n) {
        if (n > (1 << 30)) {
            throw new IllegalArgumentException("too large for an array: " + n);
        }
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
