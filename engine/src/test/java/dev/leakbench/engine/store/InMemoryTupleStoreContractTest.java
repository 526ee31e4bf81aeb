package dev.leakbench.engine.store;

/** The store contract, run against the default in-memory store. */
class InMemoryTupleStoreContractTest extends TupleStoreContract {
    @Override
    protected TupleStore newStore(int retainedRevisions) {
        return new InMemoryTupleStore(retainedRevisions);
    }
}
