package dev.leakbench.engine.model;

/**
 * Which tuples a Read returns. Every field is optional (null matches anything), but a resource id
 * needs its type.
 */
public record TupleFilter(String resourceType, String resourceId, String relation, SubjectRef subject) {

    public TupleFilter {
        if (resourceId != null && resourceType == null) {
            throw new IllegalArgumentException("a filter on resource id needs the resource type");
        }
    }

    public static TupleFilter all() {
        return new TupleFilter(null, null, null, null);
    }

    public static TupleFilter resource(ObjectRef resource) {
        return new TupleFilter(resource.type(), resource.id(), null, null);
    }

    public static TupleFilter resource(ObjectRef resource, String relation) {
        return new TupleFilter(resource.type(), resource.id(), relation, null);
    }

    public static TupleFilter subject(SubjectRef subject) {
        return new TupleFilter(null, null, null, subject);
    }

    public boolean matches(RelationTuple t) {
        return (resourceType == null || resourceType.equals(t.resource().type()))
                && (resourceId == null || resourceId.equals(t.resource().id()))
                && (relation == null || relation.equals(t.relation()))
                && (subject == null || subject.equals(t.subject()));
    }
}
