/** File writing that never leaves a torn file. */
package dev.leakbench.analysis.io;
