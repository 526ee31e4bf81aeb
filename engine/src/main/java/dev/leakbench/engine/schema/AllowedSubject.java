package dev.leakbench.engine.schema;

import dev.leakbench.engine.model.Names;
import dev.leakbench.engine.model.SubjectRef;
import java.util.Objects;

/**
 * One entry of a relation's type restriction ({@code relation viewer: user | group#member | user:*}):
 * plain objects of a type, usersets {@code type#relation}, or the wildcard {@code type:*}.
 *
 * @param type     the subject's type
 * @param relation the userset relation, or null for plain objects and wildcards
 * @param wildcard true for {@code type:*}
 */
public record AllowedSubject(String type, String relation, boolean wildcard) {

    public AllowedSubject {
        Names.requireIdentifier(type, "subject type");
        if (relation != null) {
            Names.requireIdentifier(relation, "subject relation");
            if (wildcard) {
                throw new IllegalArgumentException(
                        "a wildcard subject type cannot carry a relation: " + type + ":*#" + relation);
            }
        }
    }

    /** Plain objects of {@code type}, for example {@code user}. */
    public static AllowedSubject type(String type) {
        return new AllowedSubject(type, null, false);
    }

    /** Usersets {@code type#relation}, for example {@code group#member}. */
    public static AllowedSubject userset(String type, String relation) {
        return new AllowedSubject(type, Objects.requireNonNull(relation, "relation"), false);
    }

    /** The wildcard {@code type:*}. */
    public static AllowedSubject wildcard(String type) {
        return new AllowedSubject(type, null, true);
    }

    /** True if a tuple may carry {@code subject}: same type and the same form (object, userset or wildcard). */
    public boolean matches(SubjectRef subject) {
        if (!type.equals(subject.type())) {
            return false;
        }
        if (wildcard) {
            return subject.isWildcard();
        }
        if (relation == null) {
            return !subject.isUserset() && !subject.isWildcard();
        }
        return relation.equals(subject.relation());
    }

    @Override
    public String toString() {
        if (wildcard) {
            return type + ":*";
        }
        return relation == null ? type : type + "#" + relation;
    }
}
