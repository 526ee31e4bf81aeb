package dev.leakbench.workloads.target;

import dev.leakbench.engine.model.TupleMutation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@link ChangeListeners} implementation the built-in adapters share: a concurrent set of
 * registrations, so registering and removing are O(1), notification takes no lock, and every write
 * visits every registered listener.
 */
public final class ListenerRegistry implements ChangeListeners {

    private final Set<Handle> handles = ConcurrentHashMap.newKeySet();

    /** One registration; identity-keyed, so the same listener may be registered twice. */
    private final class Handle implements Registration {
        final Consumer<List<TupleMutation>> listener;

        Handle(Consumer<List<TupleMutation>> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            handles.remove(this);
        }
    }

    @Override
    public Registration onWrite(Consumer<List<TupleMutation>> listener) {
        Handle h = new Handle(listener);
        handles.add(h);
        return h;
    }

    @Override
    public int registeredListeners() {
        return handles.size();
    }

    /** Tells every listener about a batch the target has applied. */
    public void fire(List<TupleMutation> applied) {
        if (handles.isEmpty()) {
            return; // the common case: no iterator allocated
        }
        for (Handle h : handles) {
            h.listener.accept(applied);
        }
    }

    /** Drops every listener (target close). */
    public void clear() {
        handles.clear();
    }
}
