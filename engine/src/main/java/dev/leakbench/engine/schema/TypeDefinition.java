package dev.leakbench.engine.schema;

import dev.leakbench.engine.model.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code type} of a schema and its relations, in declaration order.
 *
 * @param name      the type name
 * @param relations relation name to definition; iteration follows the declaration order
 */
public record TypeDefinition(String name, Map<String, RelationDefinition> relations) {

    public TypeDefinition {
        Names.requireIdentifier(name, "type name");
        // keep declaration order for printing; the map is read-only either way
        relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
    }

    /** Builds a type from definitions in order; a repeated name is an error. */
    public static TypeDefinition of(String name, List<RelationDefinition> relations) {
        Map<String, RelationDefinition> byName = new LinkedHashMap<>();
        for (RelationDefinition r : relations) {
            if (byName.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("duplicate relation '" + r.name() + "' in type '" + name + "'");
            }
        }
        return new TypeDefinition(name, byName);
    }

    /**
     * The relation called {@code relation}, or null if the type has none. Null rather than Optional
     * because evaluation looks relations up on every step.
     */
    public RelationDefinition relation(String relation) {
        return relations.get(relation);
    }

    @Override
    public String toString() {
        return SchemaPrinter.render(this);
    }
}
