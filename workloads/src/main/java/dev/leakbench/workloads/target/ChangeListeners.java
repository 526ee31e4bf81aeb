package dev.leakbench.workloads.target;

import dev.leakbench.engine.model.TupleMutation;
import java.util.List;
import java.util.function.Consumer;

/**
 * Capability of a target that calls back after each applied write batch (the hook request-scoped
 * caches use to invalidate themselves). A listener stays registered until its registration is closed.
 */
public interface ChangeListeners {

    /** Registers {@code listener}; closing the returned handle removes it. */
    Registration onWrite(Consumer<List<TupleMutation>> listener);

    /** Listeners registered and not yet removed. */
    int registeredListeners();

    /** Removes a listener when closed; closing twice is harmless. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
