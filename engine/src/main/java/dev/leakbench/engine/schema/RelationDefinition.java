package dev.leakbench.engine.schema;

import dev.leakbench.engine.model.Names;
import dev.leakbench.engine.model.SubjectRef;
import java.util.List;
import java.util.Objects;

/**
 * One {@code relation} of a type: its name, how its members are computed, and which subjects its
 * direct tuples may carry.
 *
 * @param name            the relation name
 * @param rewrite         how members are computed; {@link Rewrite.This} for a plain direct relation
 * @param allowedSubjects the type restriction; empty means any subject of a type the schema defines
 */
public record RelationDefinition(String name, Rewrite rewrite, List<AllowedSubject> allowedSubjects) {

    public RelationDefinition {
        Names.requireIdentifier(name, "relation name");
        Objects.requireNonNull(rewrite, "rewrite");
        allowedSubjects = List.copyOf(allowedSubjects);
    }

    /** True if tuples can be written to this relation: its rewrite uses {@code this} somewhere. */
    public boolean isDirect() {
        return rewrite.includesThis();
    }

    /** True if the relation declares a type restriction. */
    public boolean isRestricted() {
        return !allowedSubjects.isEmpty();
    }

    /** True if the type restriction (if any) admits {@code subject}; unrestricted relations admit all. */
    public boolean allows(SubjectRef subject) {
        if (allowedSubjects.isEmpty()) {
            return true;
        }
        for (AllowedSubject a : allowedSubjects) {
            if (a.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return SchemaPrinter.render(this);
    }
}
