package dev.leakbench.workloads.fault.unboundedcache;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.workloads.fault.Fault;
import dev.leakbench.workloads.fault.FaultSite;
import dev.leakbench.workloads.target.Operation;
import dev.leakbench.workloads.target.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code unbounded-cache}: a decision memo meant to spare a request from asking the same question
 * twice. The defect is the classic one: the memo is a plain map shared by all requests, its key
 * includes the request's trace id (so no entry is ever hit again), and nothing evicts. Every sampled
 * operation adds an entry holding the request and its answer, for the rest of the run.
 *
 * <p>Works on any target.
 */
public final class LeakyRequestMemo implements Fault {

    /** What the memo is keyed by: the question, plus the trace id that makes every key unique. */
    record MemoKey(long traceId, Operation operation, ObjectRef resource, String relation, SubjectRef subject) {}

    private final Map<MemoKey, Object> memo = new ConcurrentHashMap<>();

    public LeakyRequestMemo(Target target) {
        // applies to any target: it sits in front of it
    }

    @Override
    public String name() {
        return "unbounded-cache";
    }

    @Override
    public void inject(FaultSite site) {
        MemoKey key = new MemoKey(site.sequence(), site.operation(), site.resource(), site.relation(), site.subject());
        if (memo.get(key) == null) { // never true the second time: there is no second time
            memo.put(key, site.outcome() == null ? Boolean.TRUE : site.outcome());
        }
    }

    @Override
    public long injected() {
        return memo.size();
    }

    @Override
    public Object root() {
        return memo;
    }

    @Override
    public Map<String, LongSupplier> gauges() {
        return Map.of("memo.entries", memo::size);
    }

    /** Entries held (for tests). */
    public int size() {
        return memo.size();
    }

    @Override
    public void close() {
        memo.clear();
    }
}
