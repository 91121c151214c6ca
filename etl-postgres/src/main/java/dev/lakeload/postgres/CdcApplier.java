package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code cdc}: applies AWS DMS output so that the loaded table equals the source. The last staged row of each key
 * in load order (full-load files by counter, change files by time, then line: {@link StagedTarget#latestPerKey})
 * decides: an {@code I} or {@code U}, or a full-load row (no {@code Op}), inserts the key or updates its row as
 * {@link UpsertApplier} does, so a {@code U} of an unknown key inserts and a re-delivered {@code I} updates; a
 * {@code D} deletes the row with that key and its children, using the key only. Under {@code softDelete} the row
 * stays instead, with the last values a change gave it (also one earlier in the same load), marked {@code D} in
 * {@code opColumn} with the delete's time; its children are deleted all the same. The commit timestamp orders nothing;
 * {@code opColumn} and {@code commitTimeColumn} keep the last change's {@code Op} and commit timestamp.
 *
 * <p>Each apply also counts the updates of keys the table did not have and that no earlier row of the load
 * inserted ({@link #notes()}): DMS writes a primary-key change as a {@code U} of the new key only, so the row
 * with the old key stays behind, and only these updates show it.
 */
final class CdcApplier implements Applier {
    private static final String DELETE = StagingShape.op("s") + " = 'D'";
    private static final int EXAMPLES = 5;
    private static final String UNKNOWN = "pg_temp.lakeload_unknown_updates";

    private List<String> notes = List.of();

    @Override
    public List<String> mergeKey(TableSpec table) {
        return table.primaryKey();
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /** Full-load files only (no {@code Op}): they are inserts, merged as {@code upsert} merges. */
    @Override
    public boolean refusesRepeatedKeys(TableSpec table, StagedTarget main) {
        return !opStaged(main) && fullLoad(table.cdc()).refusesRepeatedKeys(table, main);
    }

    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
        StagedTarget main = targets.get(0);
        CdcOptions cdc = table.cdc();
        requireUnstaged(table, main);
        if (cdc.commitTimeColumn() != null) {
            requireCommitTimes(connection, main);
        }
        if (!opStaged(main)) {
            notes = List.of();
            return fullLoad(cdc).apply(connection, table, targets);
        }
        Map<String, String> kept = keptValues(cdc, "COALESCE(" + StagingShape.op("s") + ", 'I')");
        analyze(connection, table, main);
        requireKnownOps(connection, main);
        notes = unknownUpdates(connection, table, main);
        long written = new UpsertApplier(StagingShape.op("s") + " IS DISTINCT FROM 'D'", kept,
                cdc.softDelete() ? null : DELETE).apply(connection, table, targets);
        if (!cdc.softDelete()) {
            return written;
        }
        try (Statement statement = connection.createStatement()) {
            return written + statement.executeLargeUpdate(keepDeleted(cdc, table, main))
                    + statement.executeLargeUpdate(markDeleted(cdc, table, main));
        }
    }

    /**
     * Gives the planner statistics of the staged change data, which autovacuum would analyze only after the
     * promotion. Without them it takes {@code Op = 'U'} for one row in 200, where it is most rows, and checks each
     * update's key against the table with an index probe instead of one hash join. Samples the columns the
     * statements filter and join on only.
     */
    private static void analyze(Connection connection, TableSpec table, StagedTarget main) throws SQLException {
        List<String> columns = new ArrayList<>(StagingShape.leadingNames());
        columns.add(StagingShape.OP);
        // A key column that is not staged fails the merge later, with the message that says so.
        table.primaryKey().stream().filter(k -> main.relation().schema().indexOf(k) >= 0).forEach(columns::add);
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + main.stage() + " (" + Sql.identList(columns) + ")");
        }
    }

    private static boolean opStaged(StagedTarget main) {
        return main.relation().schema().indexOf(StagingShape.OP) >= 0;
    }

    /** The applier of a load of full-load files only: their rows are inserts. */
    private static UpsertApplier fullLoad(CdcOptions cdc) {
        return new UpsertApplier("true", keptValues(cdc, "'I'"), null);
    }

    /**
     * Soft delete of a key that an earlier row of this load wrote (a full-load row, {@code I} or {@code U} before
     * the {@code D}): its last such values are kept, marked deleted, as if each file had been loaded by its own run.
     */
    private static String keepDeleted(CdcOptions cdc, TableSpec table, StagedTarget main) {
        List<String> key = table.primaryKey();
        String keys = key.stream().map(k -> main.value(k, "w")).collect(Collectors.joining(", "));
        return UpsertApplier.merge(main, key, keptValues(cdc, "'D'"), "SELECT DISTINCT ON (" + keys + ")", "w",
                main.latestPerKey(key) + " s JOIN " + main.stage() + " w ON " + main.kept("w") + " AND "
                + StagingShape.op("w") + " IS DISTINCT FROM 'D' AND " + sameStagedKey(key, main, "w", "s")
                + " WHERE " + DELETE + " ORDER BY " + keys + ", " + StagingShape.file("w") + " DESC, "
                + StagingShape.line("w") + " DESC");
    }

    /** A condition true when the staged rows {@code a} and {@code b} have the same key, as the target compares. */
    private static String sameStagedKey(List<String> key, StagedTarget main, String a, String b) {
        return key.stream().map(k -> main.value(k, a) + " = " + main.value(k, b)).collect(Collectors.joining(" AND "));
    }

    /** The kept change-data columns with their values over the staged row {@code s}, {@code op} its Op. */
    private static Map<String, String> keptValues(CdcOptions cdc, String op) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (cdc.opColumn() != null) {
            kept.put(cdc.opColumn(), op);
        }
        if (cdc.commitTimeColumn() != null) {
            kept.put(cdc.commitTimeColumn(), commitTime("s"));
        }
        return kept;
    }

    private static String commitTime(String alias) {
        return "CAST(" + alias + "." + Sql.ident(StagingShape.COMMIT_TIME) + " AS timestamp)";
    }

    /**
     * Soft delete: the row of each key whose last change is a delete stays with its values, its Op {@code D}, with
     * the delete's commit time.
     */
    private static String markDeleted(CdcOptions cdc, TableSpec table, StagedTarget main) {
        Map<String, String> marks = keptValues(cdc, "'D'");
        String columns = marks.keySet().stream().map(c -> "t." + Sql.ident(c)).collect(Collectors.joining(", "));
        // IS DISTINCT FROM rather than record_image_eq: the table may type the columns otherwise (char(1)).
        return "UPDATE " + main.table() + " t SET " + marks.entrySet().stream()
                .map(m -> Sql.ident(m.getKey()) + " = " + m.getValue()).collect(Collectors.joining(", "))
                + " FROM " + main.latestPerKey(table.primaryKey()) + " s WHERE " + DELETE + " AND "
                + main.sameKey(table.primaryKey(), "t", "s") + " AND ROW(" + columns + ") IS DISTINCT FROM ROW("
                + String.join(", ", marks.values()) + ")";
    }

    /**
     * Notes the {@code U} rows whose key the table did not have (or had soft-deleted) and that no earlier row of
     * the load inserted (a full-load row or an {@code I}): each is either a primary-key change at the source,
     * whose old row stays, or an insert that never arrived. They are applied as inserts; the note counts the keys
     * and names a few, with file and line.
     *
     * <p>Two statements: the first {@code U} of each key the table lacks goes into a temporary table, analyzed
     * before the search for earlier inserts. The planner takes nearly every update's key for one the table has;
     * asked in one statement, it searched the staged rows for an earlier insert by a sequential scan per update it
     * expected to be one or two: with a million staged changes, 42,568 such updates had run ten minutes when stopped.
     */
    private static List<String> unknownUpdates(Connection connection, TableSpec table, StagedTarget main)
            throws SQLException {
        List<String> key = table.primaryKey();
        String keys = key.stream().map(k -> main.value(k, "u")).collect(Collectors.joining(", "));
        String live = table.cdc().softDelete() ? " AND t." + Sql.ident(table.cdc().opColumn())
                + " IS DISTINCT FROM 'D'" : "";
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + UNKNOWN);
            long unknown = statement.executeLargeUpdate("CREATE TEMP TABLE " + UNKNOWN + " ON COMMIT DROP AS "
                    + "SELECT DISTINCT ON (" + keys + ") u.* FROM " + main.stage() + " u WHERE " + main.kept("u")
                    + " AND " + StagingShape.op("u") + " = 'U' AND NOT EXISTS (SELECT 1 FROM " + main.table()
                    + " t WHERE " + main.sameKey(key, "t", "u") + live + ") ORDER BY " + keys + ", "
                    + StagingShape.loadOrder("u"));
            if (unknown == 0) {
                return List.of();
            }
            statement.execute("ANALYZE " + UNKNOWN);
        }
        String sql = "SELECT count(*) OVER (), f.file_key, " + StagingShape.line("u") + ", "
                + key.stream().map(k -> "u." + Sql.ident(k)).collect(Collectors.joining(", "))
                + " FROM " + UNKNOWN + " u JOIN " + main.filesTable() + " f ON f.ordinal = " + StagingShape.file("u")
                + " WHERE NOT EXISTS (SELECT 1 FROM " + main.stage() + " e WHERE " + main.kept("e") + " AND "
                + StagingShape.op("e") + " IS DISTINCT FROM 'U' AND " + StagingShape.op("e")
                + " IS DISTINCT FROM 'D' AND " + sameStagedKey(key, main, "e", "u") + " AND ("
                + StagingShape.loadOrder("e") + ") < (" + StagingShape.loadOrder("u") + ")) ORDER BY "
                + StagingShape.loadOrder("u") + " LIMIT " + EXAMPLES;
        long count = 0;
        List<String> examples = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                count = rs.getLong(1);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    values.add(key.get(i) + "=" + rs.getString(4 + i));
                }
                examples.add(String.join(", ", values) + " (" + rs.getString(2) + ", line " + rs.getLong(3) + ")");
            }
        }
        if (count == 0) {
            return List.of();
        }
        return List.of(count + " update(s) of a key the table did not have and no earlier row of this load "
                + "inserted, applied as inserts: either the source changed the primary key (DMS writes the new key "
                + "only, so the row with the old key is still in the table: find and delete it, or reload the table "
                + "from a new full load) or the insert never reached the files. "
                + (count > examples.size() ? "First " + examples.size() + ": " : "Keys: ")
                + String.join("; ", examples));
    }

    /**
     * Refuses a staged column (from flattening or a transformer) named like a column that keeps change data.
     *
     * @throws ConfigException naming the column and the {@code cdc.} key
     */
    private static void requireUnstaged(TableSpec table, StagedTarget main) {
        for (String kept : table.cdc().keptColumns()) {
            if (main.valueNames().contains(kept)) {
                throw new ConfigException("table " + table.name() + ": '" + kept + "' is both a loaded column and "
                        + "the column cdc." + (kept.equals(table.cdc().opColumn()) ? "opColumn" : "commitTimeColumn")
                        + " names, so nothing was loaded: name cdc's column otherwise");
            }
        }
    }

    /**
     * Refuses a commit timestamp not in DMS's form when the table keeps it: the fields are not what the manifest
     * says, and PostgreSQL's own error would name neither file nor line.
     *
     * @throws DataException naming the first such row's file and line
     */
    private static void requireCommitTimes(Connection connection, StagedTarget main) throws SQLException {
        String time = "s." + Sql.ident(StagingShape.COMMIT_TIME);
        // DMS writes yyyy-MM-dd HH:mm:ss.SSSSSS; the date's own validity is left to the cast.
        firstRow(connection, main, time, time + " IS NULL OR " + time
                + " !~ '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$'", (file, line, value) ->
                new DataException(file, line, "commit timestamp", (value == null ? "no commit timestamp"
                        : "'" + value + "' is not a DMS commit timestamp (yyyy-MM-dd HH:mm:ss.SSSSSS)")
                        + ", so nothing was loaded: cdc.commitTimeColumn keeps the field that cdc.timestampColumn "
                        + "says follows Op; check timestampColumn against the DMS task's TimestampColumnName"));
    }

    /**
     * Refuses an {@code Op} other than {@code I}, {@code U} and {@code D}: the fields are not what the manifest says.
     *
     * @throws DataException naming the first such row's file and line
     */
    private static void requireKnownOps(Connection connection, StagedTarget main) throws SQLException {
        firstRow(connection, main, StagingShape.op("s"), StagingShape.op("s") + " NOT IN ('I', 'U', 'D')",
                (file, line, op) -> new DataException(file, line, "Op", "'" + op + "' is not a "
                        + "DMS operation (I, U or D), so nothing was loaded. The first field of a change record is "
                        + "its Op: check cdc.includeOpForFullLoad, cdc.operations and cdc.timestampColumn against the "
                        + "DMS task's IncludeOpForFullLoad, CdcInsertsOnly, CdcInsertsAndUpdates and "
                        + "TimestampColumnName, and the table's columns"));
    }

    /** What a staged row that does not fit the manifest makes: its file, line and offending value. */
    private interface Misfit {
        DataException at(String file, long line, String value);
    }

    /** Throws what {@code misfit} makes of the first staged row (in load order) where {@code condition} holds. */
    private static void firstRow(Connection connection, StagedTarget main, String value, String condition,
                                 Misfit misfit) throws SQLException {
        String sql = "SELECT f.file_key, " + StagingShape.line("s") + ", " + value + " FROM " + main.stage()
                + " s JOIN " + main.filesTable() + " f ON f.ordinal = " + StagingShape.file("s") + " WHERE "
                + condition + " ORDER BY " + StagingShape.loadOrder("s") + " LIMIT 1";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (rs.next()) {
                throw misfit.at(rs.getString(1), rs.getLong(2), rs.getString(3));
            }
        }
    }
}
