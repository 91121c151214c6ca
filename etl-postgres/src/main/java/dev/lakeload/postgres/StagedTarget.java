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
    private static final String SUPERSEDED = "pg_temp.lakeload_superseded";

    private final StagedRelation relation;
    private final String schema;
    private final String name;
    private final Map<String, TargetColumn> columns;
    private final CastSql cast;
    private final PromotionRejects rejects;
    private List<String> supersededKey;
    private boolean anySuperseded;
    /** Whether {@link #latestPerKey} is known to hold one row per {@link #supersededKey}, not assumed to. */
    private boolean onePerKeyKnown;

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
     * Finds the staged rows that a later row of the same {@code key} supersedes, among those that are not rejects,
     * into a temporary table that {@link #latestPerKey} then reads: sorting only keys, files and lines once per
     * apply costs far less than sorting whole rows in every statement that reads the latest rows (the merge, each
     * child table's statements, the change-data delete). Call it at the start of each apply, also of one that
     * runs again after more rows became rejects; the table drops at commit.
     *
     * @throws SQLException with a data exception SQLSTATE (class 22) when a key value does not convert
     */
    void findSuperseded(Connection connection, List<String> key) throws SQLException {
        String keys = key.stream().map(k -> value(k, "s")).collect(Collectors.joining(", "));
        raiseWorkMem(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SUPERSEDED);
            statement.execute("CREATE TEMP TABLE " + SUPERSEDED + " (file integer, line bigint) ON COMMIT DROP");
            anySuperseded = statement.executeLargeUpdate("INSERT INTO " + SUPERSEDED + " SELECT file, line FROM "
                    + "(SELECT " + StagingShape.file("s") + " AS file, " + StagingShape.line("s") + " AS line, "
                    + "row_number() OVER (PARTITION BY " + keys + " ORDER BY " + StagingShape.file("s") + " DESC, "
                    + StagingShape.line("s") + " DESC) AS later FROM " + stage() + " s WHERE " + kept("s")
                    + ") s WHERE later > 1") > 0;
            if (anySuperseded) {
                statement.execute("ANALYZE " + SUPERSEDED); // autovacuum never sees temporary tables
            }
        }
        supersededKey = List.copyOf(key);
        onePerKeyKnown = true;
    }

    /**
     * Lets the rest of the transaction use as much memory per sort or hash as an index build may
     * ({@code maintenance_work_mem}, 64 MB by default), where the default {@code work_mem} (4 MB) holds the sort of
     * about 40,000 keys and spills a larger one to disk: the search for superseded rows sorts keys as an index build
     * does, and the merges that follow hash the latest rows (a {@code MERGE} of a million rows took 3.1 s in 8
     * batches on disk, 2.0 s in one in memory).
     */
    static void raiseWorkMem(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('work_mem', greatest(pg_size_bytes(current_setting('work_mem')), "
                    + "pg_size_bytes(current_setting('maintenance_work_mem'))) / 1024 || 'kB', true)");
        }
    }

    /**
     * Lets {@link #latestPerKey} read every staged row that is not a reject, without looking for superseded rows,
     * for an apply whose statements fail when two rows have the same {@code key} ({@link
     * Applier#refusesRepeatedKeys}); when they do, the apply runs again after {@link #findSuperseded}.
     */
    void assumeOnePerKey(List<String> key) {
        supersededKey = List.copyOf(key);
        anySuperseded = false;
        onePerKeyKnown = false;
    }

    /**
     * Lets {@link #latestPerKey} read every staged row that is not a reject, known to have one row per {@code key}
     * without {@link #findSuperseded} (a unique index on the key says so).
     */
    void knowOnePerKey(List<String> key) {
        supersededKey = List.copyOf(key);
        anySuperseded = false;
        onePerKeyKnown = true;
    }

    /**
     * Whether {@link #latestPerKey} is known to hold one row per key ({@link #findSuperseded} or {@link
     * #knowOnePerKey} ran), rather than assumed to ({@link #assumeOnePerKey}, where a statement must still fail on a
     * key that repeats).
     */
    boolean oneRowPerKey() {
        return onePerKeyKnown;
    }

    /**
     * {@code ORDER BY} the converted {@code key} of the staged row {@code alias} when keys repeat in this load, else
     * nothing. Rows whose keys repeat are change data, in the order the source committed them, not in key order;
     * merged in key order, {@code ON CONFLICT} walks the table's index and rows in order instead of at random: 4.8
     * instead of 7.2 s for 700,000 changes to a table of a million rows. Keys that do not repeat are a full load,
     * which usually comes in key order already, and sorting it costs 10 % of the merge.
     */
    String keyOrder(List<String> key, String alias) {
        return !anySuperseded ? "" : " ORDER BY " + key.stream().map(k -> value(k, alias))
                .collect(Collectors.joining(", "));
    }

    /**
     * The staged rows that are not rejects, only the last one of each {@code key} in load order (file, then line),
     * as a derived table with the staging's columns, to name with an alias. Keys compare converted as the
     * target's, so {@code 1} and {@code 01} in a bigint key are the same key. One statement may then write each key
     * once, as {@code INSERT ... ON CONFLICT DO UPDATE} requires.
     *
     * @throws IllegalStateException unless {@link #findSuperseded} or {@link #assumeOnePerKey} ran for this key in
     *     this apply
     */
    String latestPerKey(List<String> key) {
        if (!key.equals(supersededKey)) {
            throw new IllegalStateException("findSuperseded(" + key + ") or assumeOnePerKey(" + key + ") must run "
                    + "before latestPerKey in an apply");
        }
        String latest = !anySuperseded ? "" : " AND NOT EXISTS (SELECT 1 FROM " + SUPERSEDED + " x WHERE x.file = "
                + StagingShape.file("s") + " AND x.line = " + StagingShape.line("s") + ")";
        return "(SELECT s.* FROM " + stage() + " s WHERE " + kept("s") + latest + ")";
    }
}
