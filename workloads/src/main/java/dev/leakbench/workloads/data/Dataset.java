package dev.leakbench.workloads.data;

import dev.leakbench.engine.model.RelationTuple;
import java.util.List;

/** A seeded authorization graph: the schema (IPL) and the tuples that make up the live data set. */
public interface Dataset {

    /** The schema text every target is loaded with (or translates). */
    String schema();

    /** The initial tuples, generated from {@link #seed()}. */
    List<RelationTuple> tuples();

    /** The seed the dataset was generated from; the same seed gives the same data. */
    long seed();
}
