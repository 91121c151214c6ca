package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The load table of a direct {@code upsert} or {@code cdc} load ({@link PostgresDirectLoad}) and the merge that
 * empties it into the target: the rows go by {@code COPY} into a temporary table with the target's column types, so
 * the server converts each value once, as it stores it, instead of storing text and casting it at the merge. The
 * merge is the mode's {@link Applier} ({@link UpsertApplier}, {@link CdcApplier}) over this table, with the result
 * staging would give: the last row of a key in load order wins, unchanged rows are not rewritten, the table needs a
 * unique index on the key; change data applies its {@code Op}s. In order, all in the direct load's transaction:
 * <ol>
 *   <li>{@link #create} makes the table: the staging's file and line (load order, as {@link StagingShape}), then the
 *       loaded columns with the target's types, without constraints (change data as text, as staged); it drops at
 *       commit and goes with a rollback;</li>
 *   <li>the direct load copies each file's rows into it with {@link #copySql}, in load order;</li>
 *   <li>{@link #merge} merges once, taking for granted that no key repeats; when one does (SQLSTATE 21000) it rolls
 *       back to before the merge, finds the rows a later row of their key supersedes
 *       ({@link StagedTarget#findSuperseded}) and merges again, as {@link RejectingApply} does for staging.</li>
 * </ol>
 * A row the target refuses at the merge (NULL in a NOT NULL column, a CHECK constraint, a key taken in another
 * unique index) fails the merge with its SQLSTATE, which the direct load turns into {@link
 * dev.lakeload.core.staging.StagingRequired}: staging records it as a reject. Not thread-safe; lives for one load.
 */
final class LoadTableMerge {
    static final StagingTable TABLE = new StagingTable("pg_temp", "lakeload_load");

    private final String targetSchema;
    private final TableSpec table;
    private final Map<String, TargetColumn> columns;

    private LoadTableMerge(String targetSchema, TableSpec table, Map<String, TargetColumn> columns) {
        this.targetSchema = targetSchema;
        this.table = table;
        this.columns = columns;
    }

    /**
     * Creates the load table in the open transaction of {@code connection}.
     *
     * @param names the loaded columns, in the order the rows bring them
     * @param columns the target table's columns, which include every loaded column
     */
    static LoadTableMerge create(Connection connection, String targetSchema, TableSpec table, List<String> names,
                                 Map<String, TargetColumn> columns) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + Sql.qualified(TABLE.schema(), TABLE.name()) + " ("
                    + StagingShape.leadingColumns() + names.stream().map(n -> ", " + Sql.ident(n) + " "
                    + (StagingShape.isChangeData(n) ? "text" : columns.get(n).type()))
                    .collect(Collectors.joining()) + ") ON COMMIT DROP");
        }
        return new LoadTableMerge(targetSchema, table, columns);
    }

    /**
     * The {@code COPY} into the load table, of rows that begin with their file ordinal and line
     * ({@link CopyTextEncoder#beginRow(int, long)}).
     */
    String copySql() {
        return "COPY " + Sql.qualified(TABLE.schema(), TABLE.name()) + " FROM STDIN (FORMAT text)";
    }

    /**
     * What a merge did.
     *
     * @param written rows inserted or updated
     * @param merged loaded rows not written: a later row of their key won, the table had their values, or (a
     *     delete) the table did not have their key
     * @param notes what the applier found that an operator should know
     */
    record Merged(long written, long merged, List<String> notes) {
    }

    /**
     * Merges the loaded rows into the target table by its mode.
     *
     * @param files the loaded files, by ordinal
     * @param schema the loaded columns
     * @param rows how many rows the load table holds, as the server counted them
     * @throws dev.lakeload.core.ConfigException when the target has no unique index on exactly the key (the
     *     message gives the DDL)
     * @throws SQLException as the server reports it
     */
    Merged merge(Connection connection, PostgresLedger ledger, String runId, List<StagedFile> files, Schema schema,
                 long rows) throws SQLException {
        PromotionRejects none = PromotionRejects.open(connection, ledger, runId, files);
        StagedTarget main = new StagedTarget(new StagedRelation(TABLE, schema, rows), targetSchema, table.name(),
                columns, null, none);
        Applier applier = Applier.forMode(table.mode());
        List<String> key = applier.mergeKey(table);
        long written;
        if (applier.refusesRepeatedKeys(table, main)) {
            Savepoint beforeMerge = connection.setSavepoint();
            try {
                RejectingApply.assumeOnePerKey(connection, main, key);
                written = applier.apply(connection, table, List.of(main));
            } catch (SQLException e) {
                if (!RejectingApply.isCardinalityViolation(e)) {
                    throw e;
                }
                RejectingApply.rollback(connection, beforeMerge, e);
                written = mergeLatest(connection, applier, main, key);
            }
        } else {
            written = mergeLatest(connection, applier, main, key);
        }
        return new Merged(written, Reconciliation.merged(connection, table, main, written, rows, true),
                applier.notes());
    }

    private long mergeLatest(Connection connection, Applier applier, StagedTarget main, List<String> key)
            throws SQLException {
        main.findSuperseded(connection, key);
        return applier.apply(connection, table, List.of(main));
    }
}
