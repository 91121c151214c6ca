package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.staging.StagedRelation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A staged relation and the target table its rows go to ({@code <table>} for the loaded table, {@code
 * <table>__<relation>} for a child relation), with the SQL that reads its staged rows as the target's types.
 * Appliers and reject finders build their statements from it, so every statement converts values the same way
 * ({@link CastSql}) and leaves out the same rejected rows. Lives for one promotion; not thread-safe.
 */
final class StagedTarget {
    private final StagedRelation relation;
    private final String schema;
    private final String name;
    private final Map<String, TargetColumn> columns;
    private final CastSql cast;
    private final PromotionRejects rejects;
    private List<String> latestKey;
    private Latest latest;

    /** What {@link #latestPerKey} reads for {@link #latestKey}. */
    private enum Latest {
        /** Every staged row, assumed to hold one per key: a statement must still fail on a key that repeats. */
        ASSUMED,
        /** Every staged row, known to hold one per key. */
        KNOWN,
        /** The latest rows {@link #findLatestPerKey} wrote into {@link #latestTable}. */
        FOUND
    }

    /**
     * @param columns the target table's columns, which include every staged column
     * @param cast the conversions of the staged text; null when the relation's columns have the target's types
     *     already (a direct load's typed load table, {@link LoadTableMerge}), so values are read as they are
     */
    StagedTarget(StagedRelation relation, String schema, String name, Map<String, TargetColumn> columns,
                 CastSql cast, PromotionRejects rejects) {
        this.relation = relation;
        this.schema = schema;
        this.name = name;
        this.columns = columns;
        this.cast = cast;
        this.rejects = rejects;
    }

    /** The target table's name (unqualified) for the rows of {@code relation} when loading {@code table}. */
    static String nameOf(TableSpec table, StagedRelation relation) {
        return relation.schema().isMain() ? table.name() : table.name() + "__" + relation.schema().relation();
    }

    StagedRelation relation() {
        return relation;
    }

    /** Whether these are the loaded table's own rows rather than a child relation's. */
    boolean isMain() {
        return relation.schema().isMain();
    }

    /** The target table's schema. */
    String schema() {
        return schema;
    }

    /** The target table's name, unqualified, as the ledger takes it. */
    String name() {
        return name;
    }

    /** The target table as messages name it: {@code schema.table}. */
    String qualifiedName() {
        return schema + "." + name;
    }

    /** The target table, quoted for SQL. */
    String table() {
        return Sql.qualified(schema, name);
    }

    /** The staging table, quoted for SQL. */
    String stage() {
        return Sql.qualified(relation.table().schema(), relation.table().name());
    }

    /** The target's columns, by name. */
    Map<String, TargetColumn> columns() {
        return columns;
    }

    /** The staged columns' names that hold values for the target, in staging order, quoted for SQL. */
    String stagedNames() {
        return Sql.identList(valueNames());
    }

    /** The staged columns' names that hold values for the target (not change data), in staging order. */
    List<String> valueNames() {
        return StagingShape.valueColumns(relation.schema()).stream().map(Column::name).toList();
    }

    /** The staged value of {@code column} in the row {@code alias} names, converted for the target column. */
    String value(String column, String alias) {
        if (cast == null) {
            return alias + "." + Sql.ident(column);
        }
        Column staged = relation.schema().column(relation.schema().indexOf(column));
        return cast.value(staged, columns.get(column), alias + "." + Sql.ident(column),
                relation.jsonColumns().contains(column));
    }

    /** Every staged value of the row {@code alias} names, converted, in the order of {@link #stagedNames()}. */
    String values(String alias) {
        return valueNames().stream().map(c -> value(c, alias)).collect(Collectors.joining(", "));
    }

    /** The table of staged files, {@code ordinal} and {@code file_key}, to name a file in a message. */
    String filesTable() {
        return rejects.filesTable();
    }

    /** A condition true when the staged row {@code alias} names is not a reject (yet). */
    String kept(String alias) {
        return rejects.kept(alias);
    }

    /**
     * A condition true when the row {@code targetAlias} of the target table has the same {@code key} as the
     * staged row {@code stagedAlias}, its values converted as the target's.
     */
    String sameKey(List<String> key, String targetAlias, String stagedAlias) {
        return key.stream().map(k -> targetAlias + "." + Sql.ident(k) + " = " + value(k, stagedAlias))
                .collect(Collectors.joining(" AND "));
    }

    /**
     * {@link #sameKey} against another table that holds the key, such as a child table, whose key columns may
     * have other types than this target's (a child's copy of a {@code bigint} key is {@code text}): each converted
     * value is cast to that table's column type, which also keeps that table's index usable.
     */
    String sameKey(List<String> key, String targetAlias, String stagedAlias, Map<String, TargetColumn> target) {
        return key.stream().map(k -> targetAlias + "." + Sql.ident(k) + " = CAST(" + value(k, stagedAlias) + " AS "
                + target.get(k).castType() + ")").collect(Collectors.joining(" AND "));
    }

    /**
     * Writes the last staged row of each {@code key} in load order (file, then line), among those that are not
     * rejects, into a temporary table in key order, which {@link #latestPerKey} then reads. One sort of whole rows
     * per apply: every statement that reads the latest rows (the merge, the change-data delete, each child table's
     * statements) then reads only them, without a join to leave the others out, and in key order, in which a merge
     * walks the table's index and rows in order (change data comes in commit order). For a million change rows into
     * a table of a million, by the server's statement log: this sort 1.6 s and the merge with its deletes 3.4 to
     * 3.8 s, where finding the superseded rows' lines took 1.4 to 1.6 s, then the merge that left them out 4.2 to
     * 4.7 s and the delete 0.7 s. Call it at the start of each apply, also of one that runs again after more rows
     * became rejects; the table drops at commit.
     *
     * @throws SQLException with a data exception SQLSTATE (class 22) when a key value does not convert
     */
    void findLatestPerKey(Connection connection, List<String> key) throws SQLException {
        String keys = key.stream().map(k -> value(k, "s")).collect(Collectors.joining(", "));
        raiseWorkMem(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + latestTable());
            statement.execute("CREATE TEMP TABLE " + latestTable() + " ON COMMIT DROP AS SELECT DISTINCT ON (" + keys
                    + ") s.* FROM " + stage() + " s WHERE " + kept("s") + " ORDER BY " + keys + ", "
                    + StagingShape.file("s") + " DESC, " + StagingShape.line("s") + " DESC");
        }
        latestKey = List.copyOf(key);
        latest = Latest.FOUND;
    }

    /** The temporary table of the latest rows, named after the staged relation's table, which statements name. */
    private String latestTable() {
        String staged = relation.table().name();
        return Sql.qualified("pg_temp", staged.substring(0, Math.min(staged.length(), 56)) + "_latest");
    }

    /**
     * Lets the rest of the transaction use as much memory per sort or hash as an index build may
     * ({@code maintenance_work_mem}, 64 MB by default), where the default {@code work_mem} (4 MB) holds the sort of
     * about 40,000 keys and spills a larger one to disk: the search for the latest rows sorts by key as an index
     * build does, and the merges that follow hash the latest rows (a {@code MERGE} of a million rows took 3.1 s in 8
     * batches on disk, 2.0 s in one in memory).
     */
    static void raiseWorkMem(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('work_mem', greatest(pg_size_bytes(current_setting('work_mem')), "
                    + "pg_size_bytes(current_setting('maintenance_work_mem'))) / 1024 || 'kB', true)");
        }
    }

    /**
     * Lets {@link #latestPerKey} read every staged row that is not a reject, without looking for the latest rows,
     * for an apply whose statements fail when two rows have the same {@code key} ({@link
     * Applier#refusesRepeatedKeys}); when they do, the apply runs again after {@link #findLatestPerKey}.
     */
    void assumeOnePerKey(List<String> key) {
        latestKey = List.copyOf(key);
        latest = Latest.ASSUMED;
    }

    /**
     * Lets {@link #latestPerKey} read every staged row that is not a reject, known to have one row per {@code key}
     * without {@link #findLatestPerKey} (a unique index on the key says so).
     */
    void knowOnePerKey(List<String> key) {
        latestKey = List.copyOf(key);
        latest = Latest.KNOWN;
    }

    /**
     * Whether {@link #latestPerKey} is known to hold one row per key ({@link #findLatestPerKey} or {@link
     * #knowOnePerKey} ran), rather than assumed to ({@link #assumeOnePerKey}, where a statement must still fail on a
     * key that repeats).
     */
    boolean oneRowPerKey() {
        return latest == Latest.KNOWN || latest == Latest.FOUND;
    }

    /**
     * The staged rows that are not rejects, only the last one of each {@code key} in load order (file, then line),
     * as a derived table with the staging's columns, to name with an alias. Keys compare converted as the
     * target's, so {@code 1} and {@code 01} in a bigint key are the same key. One statement may then write each key
     * once, as {@code INSERT ... ON CONFLICT DO UPDATE} requires.
     *
     * @throws IllegalStateException unless {@link #findLatestPerKey}, {@link #assumeOnePerKey} or {@link
     *     #knowOnePerKey} ran for this key in this apply
     */
    String latestPerKey(List<String> key) {
        if (!key.equals(latestKey)) {
            throw new IllegalStateException("findLatestPerKey(" + key + "), assumeOnePerKey(" + key + ") or "
                    + "knowOnePerKey(" + key + ") must run before latestPerKey in an apply");
        }
        return latest == Latest.FOUND ? "(SELECT s.* FROM " + latestTable() + " s)"
                : "(SELECT s.* FROM " + stage() + " s WHERE " + kept("s") + ")";
    }
}
