package dev.leakbench.engine.store.jdbc;

import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.RelationTuple;
import dev.leakbench.engine.model.SubjectRef;
import dev.leakbench.engine.model.TupleFilter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The tables of {@link JdbcTupleStore} and every statement it runs. Kept to plain SQL (row-value
 * comparison, {@code FETCH FIRST}, {@code IF NOT EXISTS}) so that the same text runs on H2 and
 * PostgreSQL; the one vendor difference is the text collation (see {@link #ddl}).
 *
 * <p>A tuple is six key columns: resource type, resource id, relation, subject type, subject id and
 * subject relation, where a plain subject stores {@code ''} as its relation. The empty string rather
 * than NULL keeps the key usable in a primary key and in row-value comparisons, and sorts before any
 * relation name exactly as {@link SubjectRef} orders a null relation first.
 */
final class JdbcSchema {

    /** {@code deleted_rev} of a version that is still live. */
    static final long NOT_DELETED = Long.MAX_VALUE;

    static final String VERSIONS = "lb_tuple_version";
    static final String CHANGES = "lb_tuple_change";
    static final String COUNTER = "lb_revision";

    /** The key columns in {@link RelationTuple} order; ORDER BY and cursors rely on this order. */
    private static final String KEY =
            "resource_type, resource_id, relation, subject_type, subject_id, subject_relation";

    private static final String KEY_MATCHES = "resource_type = ? AND resource_id = ? AND relation = ?"
            + " AND subject_type = ? AND subject_id = ? AND subject_relation = ?";
    private static final String VISIBLE_AT = "created_rev <= ? AND deleted_rev > ?";

    static final String LOCK_COUNTER = "SELECT current_rev FROM " + COUNTER + " WHERE id = 0 FOR UPDATE";
    static final String READ_COUNTER = "SELECT current_rev, compacted_rev FROM " + COUNTER + " WHERE id = 0";
    static final String INSERT_COUNTER =
            "INSERT INTO " + COUNTER + " (id, current_rev, compacted_rev) VALUES (0, 0, 0)";
    static final String UPDATE_COUNTER = "UPDATE " + COUNTER + " SET current_rev = ? WHERE id = 0";
    static final String UPDATE_COMPACTED = "UPDATE " + COUNTER + " SET compacted_rev = ? WHERE id = 0";

    static final String FIND_LIVE =
            "SELECT created_rev FROM " + VERSIONS + " WHERE " + KEY_MATCHES + " AND deleted_rev = " + NOT_DELETED;
    static final String INSERT_VERSION = "INSERT INTO " + VERSIONS + " (" + KEY
            + ", created_rev, deleted_rev) VALUES (?, ?, ?, ?, ?, ?, ?, " + NOT_DELETED + ")";
    /** Ends the live version; {@code created_rev < ?} leaves a version created by the same batch alone. */
    static final String MARK_DELETED = "UPDATE " + VERSIONS + " SET deleted_rev = ? WHERE " + KEY_MATCHES
            + " AND deleted_rev = " + NOT_DELETED + " AND created_rev < ?";
    /** A version written and deleted by the same batch was never visible: it is removed outright. */
    static final String DELETE_SAME_BATCH =
            "DELETE FROM " + VERSIONS + " WHERE " + KEY_MATCHES + " AND created_rev = ?";

    static final String INSERT_CHANGE =
            "INSERT INTO " + CHANGES + " (revision, seq, op, " + KEY + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SUBJECTS = "SELECT subject_type, subject_id, subject_relation FROM " + VERSIONS
            + " WHERE resource_type = ? AND resource_id = ? AND relation = ? AND " + VISIBLE_AT;
    static final String CHANGES_AFTER = "SELECT revision, seq, op, " + KEY + " FROM " + CHANGES
            + " WHERE (revision, seq) > (?, ?) ORDER BY revision, seq FETCH FIRST ? ROWS ONLY";
    static final String STATS = "SELECT"
            + " (SELECT COUNT(*) FROM " + VERSIONS + " WHERE deleted_rev = " + NOT_DELETED + "),"
            + " (SELECT COUNT(*) FROM " + VERSIONS + "),"
            + " (SELECT COUNT(*) FROM " + CHANGES + ")";

    static final String COMPACT_VERSIONS = "DELETE FROM " + VERSIONS + " WHERE deleted_rev <= ?";
    static final String COMPACT_CHANGES = "DELETE FROM " + CHANGES + " WHERE revision <= ?";

    private static final int FILTER_RESOURCE_TYPE = 1;
    private static final int FILTER_RESOURCE_ID = 2;
    private static final int FILTER_RELATION = 4;
    private static final int FILTER_SUBJECT = 8;
    private static final int AFTER_CURSOR = 16;

    /** One READ statement per combination of filter fields and cursor, built once: 32 strings. */
    private static final String[] READS = new String[32];

    static {
        for (int shape = 0; shape < READS.length; shape++) {
            StringBuilder sql = new StringBuilder("SELECT ")
                    .append(KEY)
                    .append(" FROM ")
                    .append(VERSIONS)
                    .append(" WHERE ")
                    .append(VISIBLE_AT);
            if ((shape & FILTER_RESOURCE_TYPE) != 0) {
                sql.append(" AND resource_type = ?");
            }
            if ((shape & FILTER_RESOURCE_ID) != 0) {
                sql.append(" AND resource_id = ?");
            }
            if ((shape & FILTER_RELATION) != 0) {
                sql.append(" AND relation = ?");
            }
            if ((shape & FILTER_SUBJECT) != 0) {
                sql.append(" AND subject_type = ? AND subject_id = ? AND subject_relation = ?");
            }
            if ((shape & AFTER_CURSOR) != 0) {
                sql.append(" AND (").append(KEY).append(") > (?, ?, ?, ?, ?, ?)");
            }
            READS[shape] = sql.append(" ORDER BY ")
                    .append(KEY)
                    .append(" FETCH FIRST ? ROWS ONLY")
                    .toString();
        }
    }

    private JdbcSchema() {}

    /**
     * The DDL, each statement safe to run again on an existing schema. PostgreSQL sorts text by the
     * database locale by default (case- and punctuation-insensitive under most locales), which would
     * break both {@link RelationTuple} order and keyset paging, so there the text columns use the
     * byte-order collation {@code "C"}. H2 compares strings like {@link String#compareTo} already.
     */
    static List<String> ddl(String databaseProductName) {
        String collate = "PostgreSQL".equalsIgnoreCase(databaseProductName) ? " COLLATE \"C\"" : "";
        String name = "VARCHAR(128)" + collate + " NOT NULL";
        String id = "VARCHAR(256)" + collate + " NOT NULL";
        String keyColumns = "resource_type " + name + ", resource_id " + id + ", relation " + name + ", subject_type "
                + name + ", subject_id " + id + ", subject_relation " + name;
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + VERSIONS + " (" + keyColumns
                        + ", created_rev BIGINT NOT NULL, deleted_rev BIGINT NOT NULL"
                        // resource lookups (subjects, read by resource) use this key's prefix
                        + ", CONSTRAINT " + VERSIONS + "_pk PRIMARY KEY (" + KEY + ", created_rev))",
                "CREATE INDEX IF NOT EXISTS " + VERSIONS + "_subject ON " + VERSIONS
                        + " (subject_type, subject_id, subject_relation)",
                // compaction deletes by deleted_rev; live rows all share NOT_DELETED at the far end
                "CREATE INDEX IF NOT EXISTS " + VERSIONS + "_deleted ON " + VERSIONS + " (deleted_rev)",
                "CREATE TABLE IF NOT EXISTS " + CHANGES + " (revision BIGINT NOT NULL, seq INTEGER NOT NULL"
                        + ", op CHAR(1) NOT NULL, " + keyColumns
                        + ", CONSTRAINT " + CHANGES + "_pk PRIMARY KEY (revision, seq))",
                "CREATE TABLE IF NOT EXISTS " + COUNTER + " (id INTEGER NOT NULL PRIMARY KEY"
                        + ", current_rev BIGINT NOT NULL, compacted_rev BIGINT NOT NULL)");
    }

    /** The READ statement for this filter, with or without a cursor. */
    static String read(TupleFilter filter, boolean afterCursor) {
        int shape = (filter.resourceType() != null ? FILTER_RESOURCE_TYPE : 0)
                | (filter.resourceId() != null ? FILTER_RESOURCE_ID : 0)
                | (filter.relation() != null ? FILTER_RELATION : 0)
                | (filter.subject() != null ? FILTER_SUBJECT : 0)
                | (afterCursor ? AFTER_CURSOR : 0);
        return READS[shape];
    }

    /** Binds the parameters of {@link #read} in the order the statement declares them. */
    static void bindRead(PreparedStatement ps, TupleFilter filter, long revision, RelationTuple after, int rows)
            throws SQLException {
        int i = bindRevision(ps, 1, revision);
        if (filter.resourceType() != null) {
            ps.setString(i++, filter.resourceType());
        }
        if (filter.resourceId() != null) {
            ps.setString(i++, filter.resourceId());
        }
        if (filter.relation() != null) {
            ps.setString(i++, filter.relation());
        }
        if (filter.subject() != null) {
            i = bindSubject(ps, i, filter.subject());
        }
        if (after != null) {
            i = bindTuple(ps, i, after);
        }
        ps.setInt(i, rows);
    }

    /** Binds the two parameters of a {@code VISIBLE_AT} predicate; returns the next index. */
    static int bindRevision(PreparedStatement ps, int index, long revision) throws SQLException {
        ps.setLong(index, revision);
        ps.setLong(index + 1, revision);
        return index + 2;
    }

    /** Binds the six key columns starting at {@code index}; returns the next index. */
    static int bindTuple(PreparedStatement ps, int index, RelationTuple tuple) throws SQLException {
        ps.setString(index, tuple.resource().type());
        ps.setString(index + 1, tuple.resource().id());
        ps.setString(index + 2, tuple.relation());
        return bindSubject(ps, index + 3, tuple.subject());
    }

    /** Binds subject type, id and relation ({@code ''} for none) starting at {@code index}; returns the next index. */
    static int bindSubject(PreparedStatement ps, int index, SubjectRef subject) throws SQLException {
        ps.setString(index, subject.type());
        ps.setString(index + 1, subject.object().id());
        ps.setString(index + 2, subject.relation() == null ? "" : subject.relation());
        return index + 3;
    }

    /** Reads the six key columns starting at {@code column}. */
    static RelationTuple tupleAt(ResultSet rs, int column) throws SQLException {
        ObjectRef resource = new ObjectRef(rs.getString(column), rs.getString(column + 1));
        return new RelationTuple(resource, rs.getString(column + 2), subjectAt(rs, column + 3));
    }

    /** Reads subject type, id and relation starting at {@code column}. */
    static SubjectRef subjectAt(ResultSet rs, int column) throws SQLException {
        String relation = rs.getString(column + 2);
        return new SubjectRef(
                new ObjectRef(rs.getString(column), rs.getString(column + 1)),
                relation == null || relation.isEmpty() ? null : relation);
    }
}
