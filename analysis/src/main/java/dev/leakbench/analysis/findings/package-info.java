/** Leak findings: classifying a series into a verdict, thresholds and their config file, attribution, bytes/op checks. */
package dev.leakbench.analysis.findings;
