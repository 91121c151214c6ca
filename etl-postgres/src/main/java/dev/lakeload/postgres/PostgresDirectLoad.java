package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingRequired;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct copy of one {@code append} load ({@link dev.lakeload.core.config.DirectCopy#AUTO}): no staging table,
 * the rows go by {@code COPY} straight into the target table, in the transaction that {@link #promote} completes
 * with the ledger entries, so that rows and files still commit together, exactly once. An {@code upsert} or
 * {@code cdc} load copies into a typed load table instead, which {@link #promote} merges into the target ({@link
 * LoadTableMerge}).
 * In order:
 * <ol>
 *   <li>the first row opens the transaction, with the run's timeouts, the table's advisory lock (the one promotions
 *       take) and its time zone; checks that the files' columns are the table's (or the declared ones of a table to
 *       create) and that the table has no rules, then creates a missing table ({@link DdlPlanner});</li>
 *   <li>each file's rows go in one {@code COPY} (sent by a {@link CopySender}, so reading and storing overlap), whose
 *       count the server returns: it must be the file's rows;</li>
 *   <li>{@link #promote} refuses files another run recorded meanwhile, records the files and commits.</li>
 * </ol>
 * It leaves the load to staging ({@link StagingRequired}) wherever the staging path would decide something per row
 * or per column: a value the server refuses or a taken key (the {@code COPY} fails with a data error), a row the
 * encoder refuses (a NUL character under {@code nulBytes: reject}, an unpaired surrogate), a {@code timestamp} value
 * that may carry an offset (checked against the table's zone in SQL), files whose columns differ from the table's.
 * Staging then loads the same files with the same results, rejects included. {@link #close} rolls back whatever was
 * not committed and gives the connection back. Not thread-safe.
 */
final class PostgresDirectLoad implements StagedLoad {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDirectLoad.class);
    private static final int FLUSH_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final String targetSchema;
    private final TableSpec table;
    private final String runId;
    private final WaitPolicy waits;
    private final PostgresLedger ledger;
    private final CopyTextEncoder encoder;
    private final CopySender sender = new CopySender();
    private final List<StagedFile> files = new ArrayList<>();
    private Connection connection;
    private DdlPlanner ddl;
    private Schema schema;
    private Schema lastSchema;
    private boolean[] checksOffsets;
    private String copySql;
    private LoadTableMerge merge;
    private CopyIn copy;
    private SourceFile currentFile;
    private LedgerEntry currentPrevious;
    private long fileRows;
    private long rows;
    private boolean finished;
    private boolean committed;

    PostgresDirectLoad(DataSource dataSource, String targetSchema, TableSpec table, String runId, WaitPolicy waits) {
        this.dataSource = dataSource;
        this.targetSchema = targetSchema;
        this.table = table;
        this.runId = runId;
        this.waits = waits;
        this.ledger = new PostgresLedger(dataSource, targetSchema);
        this.encoder = new CopyTextEncoder(table.nulPolicy());
    }

    @Override
    public void beginFile(SourceFile file, LedgerEntry previous) {
        if (finished) {
            throw new IllegalStateException("the direct copy into " + target() + " is finished");
        }
        currentFile = file;
        currentPrevious = previous;
        fileRows = 0;
    }

    @Override
    public void accept(Row row) {
        try {
            if (connection == null) {
                begin(row.schema());
            } else if (row.schema() != lastSchema) {
                // Each file's reader has a schema of its own; files whose columns differ need staging's mapping.
                if (!row.schema().names().equals(schema.names())) {
                    throw new StagingRequired(row.file() + " has the columns " + row.schema().names()
                            + ", another file " + schema.names());
                }
                lastSchema = row.schema();
            }
            if (merge == null) {
                encoder.beginRow();
            } else {
                encoder.beginRow(files.size() + 1, row.line());
            }
            for (int i = 0; i < row.size(); i++) {
                String value = row.get(i);
                if (value != null && checksOffsets[i] && CastSql.mayHaveZone(value)) {
                    throw new StagingRequired(row.file() + " line " + row.line() + ", column "
                            + schema.names().get(i) + ": a timestamp value that may carry an offset");
                }
                if (!encoder.value(value)) {
                    throw new StagingRequired(row.file() + " line " + row.line() + ", column "
                            + schema.names().get(i) + ": " + encoder.problem());
                }
            }
            encoder.endRow();
            fileRows++;
            if (encoder.length() >= FLUSH_BYTES) {
                flush();
            }
        } catch (SQLException e) {
            throw dataErrorOr(e, "staging " + target() + " from " + row.file() + " line " + row.line());
        }
    }

    @Override
    public void reject(Row origin, String column, String rawValue, String reason) {
        throw new StagingRequired(origin.file() + " line " + origin.line() + ": a reject (" + reason + ")");
    }

    @Override
    public void endFile(long rowsRead, long rowsDropped, FileContent content) {
        try {
            flush();
            if (copy != null) {
                sender.drain();
                long copied = copy.endCopy();
                // Only now: a COPY that failed to end still holds the connection, which close() must cancel before
                // its rollback, or the rollback waits for the connection without end.
                copy = null;
                if (copied != fileRows) {
                    throw new DataException(currentFile.key(), 0, null, "rows do not reconcile: " + fileRows
                            + " row(s) were copied into " + target() + " and the database wrote " + copied
                            + "; nothing was loaded. A trigger on the table that skips rows does this: drop it, "
                            + "or load into a table without it");
                }
            }
        } catch (SQLException e) {
            throw dataErrorOr(e, "completing the staging of " + target() + " from " + currentFile.key());
        }
        if (fileRows != rowsRead - rowsDropped) {
            throw new DataException(currentFile.key(), 0, null, "records do not reconcile: " + rowsRead + " read, "
                    + rowsDropped + " dropped by transformers, and " + fileRows + " copied; nothing was loaded. "
                    + "Run again; if it persists, report it with this file");
        }
        rows += fileRows;
        files.add(new StagedFile(files.size() + 1, currentFile, currentPrevious, content, rowsRead, fileRows, 0,
                rowsDropped));
        currentFile = null;
        currentPrevious = null;
    }

    @Override
    public void finish() {
        finished = true;
    }

    /**
     * Completes the load: refuses files another run recorded meanwhile, merges the load table of an {@code upsert}
     * or {@code cdc} into the target ({@link LoadTableMerge}), records the files as loaded, commits.
     *
     * @throws StagingRequired when the files had no rows at all, so that nothing chose the table's columns, or
     *     when the merge failed on a row's value or key (staging records it as a reject)
     */
    PromotionResult promote() throws SQLException {
        if (!finished) {
            throw new IllegalStateException("call finish() before promoting " + target());
        }
        if (connection == null) {
            // No row came, so no column was checked; staging records empty files as it always has.
            throw new StagingRequired("the files have no rows");
        }
        ledger.refuseRecordedMeanwhile(connection, table.name(), files);
        LoadTableMerge.Merged merged = new LoadTableMerge.Merged(rows, 0, List.of());
        if (merge != null) {
            try {
                merged = merge.merge(connection, ledger, runId, files, schema, rows);
            } catch (SQLException e) {
                throw dataErrorOr(e, "promoting " + target()); // the words the staging path uses
            }
        }
        ledger.recordLoaded(connection, table.name(), runId, files);
        ledger.recordSchemaChanges(connection, runId, ddl.changes());
        connection.commit();
        committed = true;
        return new PromotionResult(merged.written(), 0, ddl.added(), ddl.created(), ddl.ignored(), merged.merged(),
                merged.notes());
    }

    @Override
    public List<StagedFile> files() {
        return List.copyOf(files);
    }

    /** The one relation: the loaded table's rows, which are in the target table itself. */
    @Override
    public List<StagedRelation> relations() {
        return schema == null ? List.of() : List.of(new StagedRelation(new StagingTable(targetSchema, table.name()),
                schema, rows));
    }

    @Override
    public StagingTable rejectsTable() {
        return null;
    }

    @Override
    public long rejectedRows() {
        return 0;
    }

    @Override
    public long cleanedValues() {
        return encoder.cleanedValues();
    }

    /** Rolls back what was not committed and gives the connection back. */
    @Override
    public void close() {
        sender.close(); // no chunk is in flight from here on
        if (connection == null) {
            return;
        }
        try (Connection open = connection) {
            connection = null;
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
            if (!committed) {
                open.rollback();
            }
        } catch (SQLException e) {
            // The server rolls back a transaction whose connection is gone; nothing of it was committed.
            LOG.warn("closing the direct copy into {} failed: {}", target(), e.getMessage());
        } finally {
            copy = null;
        }
    }

    /** Opens the transaction, checks that the table takes the files' columns as they are, creates it if missing. */
    private void begin(Schema first) throws SQLException {
        // Staging refuses these names; so does the direct copy, or a table's fate would hang on whether a row of it
        // ever needs staging.
        first.names().forEach(StagingShape::requireUnreserved);
        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        RunSessions.configure(connection, runId, waits, true);
        ledger.lockTable(connection, table.name());
        CastSql.setTimeZone(connection, table.name(), table.timeZone());
        schema = first;
        lastSchema = first;
        Map<String, TargetColumn> existing = TargetCatalog.columns(connection, targetSchema, table.name())
                .getOrDefault(table.name(), Map.of());
        List<String> names = first.names();
        // Change data (Op, commit timestamp) goes into the load table only.
        List<String> values = names.stream()
                .filter(n -> table.mode() != LoadMode.CDC || !StagingShape.isChangeData(n)).toList();
        List<String> declared = table.columns().stream().map(ColumnSpec::name).toList();
        if (existing.isEmpty()) {
            if (!declared.isEmpty() && !declared.containsAll(values)) {
                throw new StagingRequired("the files have columns that are not declared: " + values);
            }
        } else if (!existing.keySet().containsAll(values) || !existing.keySet().containsAll(declared)) {
            throw new StagingRequired("the files' or declared columns are not all columns of " + target());
        } else if (!acceptsCopy()) {
            throw new StagingRequired(target() + " is not a plain table, has rules or identity columns "
                    + "that COPY would treat unlike INSERT");
        }
        ddl = new DdlPlanner(connection, targetSchema, table, this);
        Map<String, TargetColumn> columns = ddl.prepare().get(table.name());
        checksOffsets = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            TargetColumn column = columns.get(names.get(i));
            checksOffsets[i] = column != null && CastSql.checksOffsets(column);
        }
        if (table.mode() != LoadMode.APPEND) {
            merge = LoadTableMerge.create(connection, targetSchema, table, names, columns);
            copySql = merge.copySql();
        } else {
            copySql = "COPY " + Sql.qualified(targetSchema, table.name()) + " (" + Sql.identList(names)
                    + ") FROM STDIN (FORMAT text)";
        }
    }

    /**
     * Whether COPY writes into the table what {@code INSERT} would: an ordinary or partitioned table, without rules
     * (COPY ignores them) and without {@code GENERATED ALWAYS} identity columns (COPY fills them, INSERT refuses).
     */
    private boolean acceptsCopy() throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("SELECT c.relkind IN ('r', 'p') AND NOT "
                + "c.relhasrules AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND "
                + "a.attidentity = 'a') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ?")) {
            check.setString(1, targetSchema);
            check.setString(2, table.name());
            try (ResultSet rs = check.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void flush() throws SQLException {
        if (encoder.length() == 0) {
            return;
        }
        if (copy == null) {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        }
        sender.send(copy, encoder.buffer(), encoder.length());
        encoder.clear();
    }

    /**
     * A value or key the server refused leaves the load to staging, which finds the row and records it as a reject
     * ({@link RejectingApply} takes the same SQLSTATEs); any other failure is the load's.
     */
    private RuntimeException dataErrorOr(SQLException e, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.equals("23502") || state.equals("23514") || state.equals("23505")) {
            return new StagingRequired(doing + ": " + e.getMessage(), e);
        }
        return Sql.translate(e, doing);
    }

    private String target() {
        return targetSchema + "." + table.name();
    }
}
