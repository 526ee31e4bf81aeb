/** Rendering findings and trends as a terminal table, JSON, Markdown and self-contained HTML with inline SVG plots. */
package dev.leakbench.analysis.report;
