package dev.leakbench.workloads.fault;

import dev.leakbench.workloads.fault.allocbloat.DiagnosticDumpBloat;
import dev.leakbench.workloads.fault.connectionleak.LeakedAuditConnections;
import dev.leakbench.workloads.fault.listenerleak.LeakedRequestListeners;
import dev.leakbench.workloads.fault.mvcchistory.ForgottenSnapshots;
import dev.leakbench.workloads.fault.offheapleak.LeakedDirectBuffers;
import dev.leakbench.workloads.fault.unboundedcache.LeakyRequestMemo;
import dev.leakbench.workloads.fault.watchleak.ForgottenWatches;
import dev.leakbench.workloads.target.Target;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The values of the JMH {@code fault} parameter. */
public enum FaultKind {
    NONE("none", null),
    UNBOUNDED_CACHE("unbounded-cache", LeakyRequestMemo::new),
    CONNECTION_LEAK("connection-leak", LeakedAuditConnections::new),
    WATCH_LEAK("watch-leak", ForgottenWatches::new),
    LISTENER_LEAK("listener-leak", LeakedRequestListeners::new),
    ALLOC_BLOAT("alloc-bloat", DiagnosticDumpBloat::new),
    OFFHEAP_LEAK("offheap-leak", LeakedDirectBuffers::new),
    MVCC_HISTORY("mvcc-history", ForgottenSnapshots::new);

    private final String id;
    private final Function<Target, Fault> factory;

    FaultKind(String id, Function<Target, Fault> factory) {
        this.id = id;
        this.factory = factory;
    }

    /** The parameter value, e.g. {@code unbounded-cache}. */
    public String id() {
        return id;
    }

    /**
     * A fault of this kind bound to {@code target}.
     *
     * @throws UnsupportedFaultException when the target lacks what the defect needs
     */
    public Fault create(Target target) {
        if (factory == null) {
            throw new IllegalStateException("fault 'none' injects nothing");
        }
        return factory.apply(target);
    }

    public static FaultKind parse(String id) {
        for (FaultKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + id + "'; faults: "
                + Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", ")));
    }
}
