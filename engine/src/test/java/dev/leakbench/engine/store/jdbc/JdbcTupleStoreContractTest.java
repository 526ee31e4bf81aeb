package dev.leakbench.engine.store.jdbc;

import dev.leakbench.engine.store.TupleStore;
import dev.leakbench.engine.store.TupleStoreContract;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link TupleStore} contract on H2 over loopback TCP, one fresh in-memory database per store. */
class JdbcTupleStoreContractTest extends TupleStoreContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected TupleStore newStore(int retainedRevisions) {
        return JdbcTupleStore.h2InProcess("contract_" + DATABASES.incrementAndGet(), 4, retainedRevisions);
    }

    @Override
    protected int compactionLagRevisions() {
        return JdbcTupleStore.Options.DEFAULT_COMPACT_EVERY;
    }
}
