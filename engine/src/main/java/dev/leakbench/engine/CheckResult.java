package dev.leakbench.engine;

/**
 * The answer to a check.
 *
 * @param allowed  whether the subject has the permission
 * @param revision the revision the answer was computed at; checking again at this revision gives the
 *                 same answer
 */
public record CheckResult(boolean allowed, long revision) {}
