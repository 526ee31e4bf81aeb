/** The {@code leakcheck} command line (picocli): {@code findings} and {@code trend}. */
package dev.leakbench.analysis.cli;
