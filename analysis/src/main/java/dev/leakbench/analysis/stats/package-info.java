/** Robust statistics: Theil-Sen slope with Sen's interval, Mann-Kendall and Mann-Whitney tests, order statistics and the normal distribution. */
package dev.leakbench.analysis.stats;
