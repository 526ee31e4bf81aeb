/**
 * leakcheck: turns JMH results and LeakProfiler series into leak findings and nightly trends.
 *
 * <p>Packages by concept: {@code input} reads files into {@link dev.leakbench.analysis.input.RunSet},
 * {@code stats} holds the robust statistics, {@code findings} classifies series into verdicts,
 * {@code trend} keeps and compares the nightly history, {@code report} renders results and
 * {@code cli} is the command line.
 */
package dev.leakbench.analysis;
