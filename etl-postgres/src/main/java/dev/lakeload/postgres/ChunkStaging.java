package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.staging.StagingRequired;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the rows of a direct copy's chunk that the copy could not take (a value the server refused, a taken key, a
 * row the encoder refused, a timestamp that may carry an offset) through staging, inside the direct copy's
 * transaction, with the staged promotion's own pieces: the rows go into a staging table on that connection
 * ({@link StagingTableWriter}), the rows the encoder refuses into a rejects table, and {@link AppendApplier} through
 * {@link RejectingApply} inserts the others, keeping as rejects ({@link PromotionRejects}) those whose value does
 * not convert ({@link BadValues}) or whose key is taken. So its rejects are the staging path's, with the same
 * file, line, column, value and reason. Its staging tables are dropped after each chunk, and were created in the
 * transaction, so a rollback leaves none. Not thread-safe; lives for one direct copy.
 */
final class ChunkStaging implements AutoCloseable {
    private final Connection connection;
    private final String targetSchema;
    private final TableSpec table;
    private final String runId;
    private final PostgresLedger ledger;
    private final Map<String, TargetColumn> columns;
    private final Set<Integer> files = new HashSet<>();
    private StagingConnection staging;
    private CastSql cast;
    private PromotionRejects rejects;

    /**
     * @param connection the direct copy's, in its transaction; the caller owns it
     * @param columns the target table's columns, which include every copied column
     */
    ChunkStaging(Connection connection, String targetSchema, TableSpec table, String runId, PostgresLedger ledger,
                 Map<String, TargetColumn> columns) {
        this.connection = connection;
        this.targetSchema = targetSchema;
        this.table = table;
        this.runId = runId;
        this.ledger = ledger;
        this.columns = columns;
    }

    /**
     * Loads {@code rows}, all of the file {@code fileKey} (the {@code fileOrdinal}th of the load), through staging.
     *
     * @param afterOtherChunks whether other chunks of the load went into the table before these rows
     * @return the rows inserted into the table; the others are rejects
     * @throws StagingRequired when a row's key was in the table and other chunks went in before: the row that has
     *     it may be one of this load, which the staging path names by file and line and a copied row cannot
     */
    long load(int fileOrdinal, String fileKey, List<Row> rows, boolean afterOtherChunks) throws SQLException {
        if (staging == null) {
            staging = new StagingConnection(connection);
            cast = CastSql.prepare(connection, table.name(), table.timeZone());
            rejects = PromotionRejects.open(connection, ledger, runId, List.of());
        }
        if (files.add(fileOrdinal)) {
            rejects.addFile(fileOrdinal, fileKey);
        }
        String target = targetSchema + "." + table.name();
        String name = "stg_" + runId + "_" + Sql.shortHash(target + "\0direct");
        StagingTable stage = new StagingTable(Sql.LEDGER_SCHEMA, name);
        StagingTable refused = new StagingTable(Sql.LEDGER_SCHEMA, "rej_" + name.substring(4));
        StagingTableWriter writer = new StagingTableWriter(staging, stage, "lakeload chunk of the direct copy into "
                + target + ", run " + runId, rows.get(0).schema(), table.nulPolicy());
        StagingTableWriter refusals = null;
        for (Row row : rows) {
            if (!writer.write(fileOrdinal, row)) {
                if (refusals == null) {
                    refusals = new StagingTableWriter(staging, refused, "lakeload rejects of a chunk of the direct "
                            + "copy into " + target + ", run " + runId, PostgresStagedLoad.REJECT_SCHEMA,
                            NulPolicy.REJECT);
                }
                String column = writer.refusedColumn();
                if (!refusals.write(fileOrdinal, PostgresStagedLoad.rejectRow(row, column, row.get(column),
                        writer.refusal()))) {
                    throw new IllegalStateException("a printable reject was refused: " + refusals.refusal());
                }
            }
        }
        writer.finish();
        if (refusals != null) {
            refusals.finish();
        }
        rejects.copyFromStaging(table.name(), refusals == null ? null : refused);
        StagedTarget main = new StagedTarget(writer.relation(), targetSchema, table.name(), columns, cast, rejects);
        long inserted = new RejectingApply(connection, cast, rejects).apply(new AppendApplier(), table,
                List.of(main));
        Reconciliation.merged(connection, table, main, inserted, -1, false);
        if (afterOtherChunks && ledger.rejectedForTakenKey(connection, table.name(), runId, fileKey,
                rows.get(0).line(), rows.get(rows.size() - 1).line())) {
            throw new StagingRequired(fileKey + " from line " + rows.get(0).line() + ": a key in " + target
                    + " already, which rows of this load may have brought");
        }
        long refusedRows = refusals == null ? 0 : refusals.relation().rows();
        if (writer.relation().rows() + refusedRows != rows.size()) {
            throw new DataException(fileKey, rows.get(0).line(), null, "rows do not reconcile: " + rows.size()
                    + " row(s) were to be staged and " + (writer.relation().rows() + refusedRows) + " were; nothing "
                    + "was loaded. Run again; if it persists, report it with this file");
        }
        staging.execute("DROP TABLE " + Sql.qualified(stage.schema(), stage.name())
                + (refusals == null ? "" : ", " + Sql.qualified(refused.schema(), refused.name())));
        return inserted;
    }

    /** The rows kept as rejects so far, none when no chunk went through staging. */
    long rejected() throws SQLException {
        return rejects == null ? 0 : rejects.count();
    }

    /** The failure of a load with more rejected rows than {@code maxRejects}, naming the first one. */
    DataException tooMany(long rejected) throws SQLException {
        return rejects.tooMany(table, rejected);
    }

    /** Ends what staging began on the connection and leaves the connection open. */
    @Override
    public void close() throws SQLException {
        if (staging != null) {
            staging.close();
        }
    }
}
