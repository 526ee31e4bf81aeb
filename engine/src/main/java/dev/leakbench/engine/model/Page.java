package dev.leakbench.engine.model;

import java.util.List;

/**
 * One page of a Read: the rows, the revision they were read at, and the cursor of the next page
 * (null when there are no more rows).
 */
public record Page(List<RelationTuple> rows, long revision, String nextCursor) {
    public Page {
        rows = List.copyOf(rows);
    }

    public boolean hasMore() {
        return nextCursor != null;
    }
}
