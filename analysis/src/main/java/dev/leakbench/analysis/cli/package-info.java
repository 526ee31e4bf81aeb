/**
 * The {@code leakcheck} command line: {@code findings}, {@code trend} and {@code detection}, declared with
 * picocli; ordinary invocations are parsed without it ({@link dev.leakbench.analysis.cli.FastPath}).
 */
package dev.leakbench.analysis.cli;
