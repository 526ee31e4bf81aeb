package dev.leakbench.profile;

/**
 * A JVM with nothing else going on, for {@link RetainedHeapSamplerTest}: prints readings taken
 * back to back, after 10 MB of garbage, and after keeping a {@value #KEPT_ARRAY}-byte array,
 * as {@code first second third afterGarbage afterKeeping}.
 */
public final class QuiescentHeapProbe {
    static final int KEPT_ARRAY = 256 * 1024;

    private static Object kept;

    private QuiescentHeapProbe() {}

    public static void main(String[] args) {
        RetainedHeapSampler sampler = RetainedHeapSampler.forThisJvm(10);
        for (int i = 0; i < 3; i++) {
            sampler.sample(); // the sampler's and the JVM's own first-use allocations
        }
        long first = sampler.sample().bytes();
        long second = sampler.sample().bytes();
        long third = sampler.sample().bytes();
        long sink = 0;
        for (int i = 0; i < 10_000; i++) {
            sink += new byte[1024].length;
        }
        long afterGarbage = sampler.sample().bytes();
        kept = new byte[KEPT_ARRAY];
        long afterKeeping = sampler.sample().bytes();
        System.out.println(first + " " + second + " " + third + " " + afterGarbage + " " + afterKeeping
                + (sink > 0 && kept != null ? "" : "?"));
    }
}
