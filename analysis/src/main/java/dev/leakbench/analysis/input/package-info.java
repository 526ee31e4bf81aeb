/** Reading result files: JMH JSON and CSV, LeakProfiler series and class files, into a {@link dev.leakbench.analysis.input.RunSet}; every problem becomes a {@link dev.leakbench.analysis.input.BadInputException} naming file, line and field. */
package dev.leakbench.analysis.input;
