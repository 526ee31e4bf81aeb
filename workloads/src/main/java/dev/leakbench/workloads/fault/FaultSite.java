package dev.leakbench.workloads.fault;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.workloads.target.Operation;

/**
 * The operation a fault rides on: what was asked, what came back, and its sequence number in the
 * trial (a stand-in for a request or trace id: it never repeats).
 *
 * @param resource null for writes and watches
 * @param relation the permission or relation asked about, null for writes and watches
 * @param subject  null unless the operation named one
 * @param outcome  what the operation returned (a Boolean for a check, the subjects for an expand, ...)
 */
public record FaultSite(
        long sequence, Operation operation, ObjectRef resource, String relation, SubjectRef subject, Object outcome) {

    @Override
    public String toString() {
        return "#" + sequence + " " + operation + (resource == null ? "" : " " + resource + "#" + relation)
                + (subject == null ? "" : "@" + subject);
    }
}
