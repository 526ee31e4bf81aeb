/** The nightly history: atomic, validated appends to history.csv and the change-point comparison with earlier nights. */
package dev.leakbench.analysis.trend;
