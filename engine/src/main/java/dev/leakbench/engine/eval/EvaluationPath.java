package dev.leakbench.engine.eval;

import dev.leakbench.engine.model.ObjectRef;
import java.util.Arrays;

/**
 * The {@code object#relation} steps from the start of one evaluation to where it is now. Two parallel
 * arrays and a linear scan: the path is at most the depth limit long, and a step allocates nothing
 * unless the path outgrows its first few slots (most checks stay within them).
 */
final class EvaluationPath {

    private static final int INITIAL_CAPACITY = 8;

    private final int limit;
    private ObjectRef[] objects;
    private String[] relations;
    private int depth;

    EvaluationPath(int limit) {
        this.limit = limit;
        int capacity = Math.min(INITIAL_CAPACITY, limit);
        objects = new ObjectRef[capacity];
        relations = new String[capacity];
    }

    /** True if {@code object#relation} is being evaluated further up: following it again would loop. */
    boolean contains(ObjectRef object, String relation) {
        for (int i = depth - 1; i >= 0; i--) {
            // relation names are mostly the schema's own String instances, so equals is usually ==
            if (relations[i].equals(relation) && objects[i].equals(object)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a step; false (and nothing added) if the path is already at the limit. */
    boolean push(ObjectRef object, String relation) {
        if (depth == objects.length) {
            if (depth == limit) {
                return false;
            }
            int capacity = Math.min(limit, depth * 2);
            objects = Arrays.copyOf(objects, capacity);
            relations = Arrays.copyOf(relations, capacity);
        }
        objects[depth] = object;
        relations[depth] = relation;
        depth++;
        return true;
    }

    void pop() {
        depth--;
        objects[depth] = null;
        relations[depth] = null;
    }

    /** The deepest step, for error messages. */
    String last() {
        return depth == 0 ? "(none)" : objects[depth - 1] + "#" + relations[depth - 1];
    }
}
