package dev.leakbench.workloads.mix;

import dev.leakbench.workloads.target.Operation;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fixed share of each operation, laid out as a shuffled array of {@value #SLOTS} slots that a
 * thread walks with its {@link Cursor}. Shares are exact to one slot (about 0.02 percentage points).
 */
public final class OperationMix {

    /** Slots in the pattern: a power of two, large enough for shares in whole percent to be exact to 0.02%. */
    public static final int SLOTS = 4096;

    private final Operation[] slots;
    private final Map<Operation, Integer> percent;

    private OperationMix(Operation[] slots, Map<Operation, Integer> percent) {
        this.slots = slots;
        this.percent = percent;
    }

    /** @param percent whole percentages, summing to 100 */
    public static OperationMix of(Map<Operation, Integer> percent, long seed) {
        int total = percent.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 100) {
            throw new IllegalArgumentException(
                    "operation shares must sum to 100%, got " + percent + " = " + total + "%");
        }
        Operation[] slots = new Operation[SLOTS];
        int filled = 0;
        Operation largest = null;
        for (Map.Entry<Operation, Integer> e : new EnumMap<>(percent).entrySet()) {
            int n = (int) Math.round(SLOTS * e.getValue() / 100.0);
            for (int i = 0; i < n && filled < SLOTS; i++) {
                slots[filled++] = e.getKey();
            }
            if (largest == null || e.getValue() > percent.get(largest)) {
                largest = e.getKey();
            }
        }
        while (filled < SLOTS) { // rounding: the largest share takes the last slots
            slots[filled++] = largest;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = SLOTS - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Operation t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        return new OperationMix(slots, new EnumMap<>(percent));
    }

    /** The operation at position {@code n}. */
    public Operation at(long n) {
        return slots[(int) n & (SLOTS - 1)];
    }

    /** How many of the {@value #SLOTS} slots hold {@code op}. */
    public int slots(Operation op) {
        int n = 0;
        for (Operation o : slots) {
            if (o == op) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        percent.forEach((op, p) -> b.append(b.length() == 0 ? "" : " / ")
                .append(p)
                .append("% ")
                .append(op.name().toLowerCase()));
        return b.toString();
    }
}
