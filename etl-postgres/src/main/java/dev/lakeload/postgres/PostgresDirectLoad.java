package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.csv.CsvChunk;
import dev.lakeload.core.csv.RawCsvSink;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct copy of one {@code append}, {@code upsert} or {@code cdc} load ({@link
 * dev.lakeload.core.config.DirectCopy#AUTO}): no staging table,
 * the rows go by {@code COPY} straight into the target table, in the transaction that {@link #promote} completes
 * with the ledger entries, so that rows and files still commit together, exactly once. An {@code upsert} or
 * {@code cdc} load copies into a typed load table instead, which {@link #promote} merges into the target ({@link
 * LoadTableMerge}). In order:
 * <ol>
 *   <li>the first row opens the transaction, with the run's timeouts, the table's advisory lock (the one promotions
 *       take) and its time zone; checks that the files' columns are the table's (or the declared ones of a table to
 *       create) and that the table has no rules, then creates a missing table ({@link DdlPlanner});</li>
 *   <li>the rows go in chunks, one {@code COPY} each under a savepoint ({@link ChunkedCopy}, sent from a thread of
 *       its own, so reading and storing overlap), whose count the server returns: it must be the chunk's rows. A
 *       chunk whose {@code COPY} fails on a value or a taken key, or with a row the encoder refuses (a NUL character
 *       under {@code nulBytes: reject}, an unpaired surrogate) or a {@code timestamp} value that may carry an
 *       offset (checked against the table's zone in SQL), is rolled back to its savepoint and loaded through
 *       staging in the same transaction ({@link ChunkStaging}), with the staging path's rejects;</li>
 *   <li>{@link #promote} fails when more rows were rejected than {@code maxRejects} allows (naming the first),
 *       refuses files another run recorded meanwhile, records the files and commits.</li>
 * </ol>
 * It leaves the whole load to staging ({@link StagingRequired}) where staging decides for the whole load: files
 * whose columns differ from the table's, a key taken after other chunks went in (its other row may be one of this
 * load, which only staging can name), no rows at all, a dry run; for the load table of an {@code upsert} or {@code
 * cdc}, whose merge decides for the whole load, also any chunk it refuses. Staging then loads the same files with the
 * same results, rejects included. {@link #close} rolls back whatever was
 * not committed and gives the connection back. Not thread-safe.
 *
 * <p>As a {@link RawCsvSink} it takes the records of CSV files that the server reads exactly as
 * {@link dev.lakeload.core.csv.CsvRowReader} would as their bytes, in chunks that {@link RawCsvCopy} copies each
 * under a savepoint, after the row chunks before them; a chunk the server refuses comes again as rows, which
 * decide as above.
 */
final class PostgresDirectLoad implements StagedLoad, RawCsvSink {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDirectLoad.class);
    /** A few MB: a statement and a savepoint per chunk cost nothing next to it, and the heap keeps one. */
    static int rawChunkBytes = 4 << 20;

    private final DataSource dataSource;
    private final String targetSchema;
    private final TableSpec table;
    private final String runId;
    private final WaitPolicy waits;
    private final PostgresLedger ledger;
    private final CopyTextEncoder encoder;
    private final List<StagedFile> files = new ArrayList<>();
    private Connection connection;
    private DdlPlanner ddl;
    private Schema schema;
    private Schema lastSchema;
    private boolean[] checksOffsets;
    private ChunkStaging staging;
    private ChunkedCopy chunks;
    private LoadTableMerge merge;
    private SourceFile currentFile;
    private LedgerEntry currentPrevious;
    private long fileRows;
    private List<String> rawNames;
    private RawCsvCopy rawCopy;
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
            chunks.add(files.size() + 1, currentFile.key(), row);
            fileRows++;
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
            if (chunks != null) {
                chunks.endFile();
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

    /**
     * Takes the records of an {@code append} or {@code upsert} table's file whose fields are those of the files
     * before, in the same order. Change data is read as rows: its notes and errors name the lines of rows in the
     * load table, which the records of a chunk only get numbered ({@link LoadTableMerge#numberRecords}).
     */
    @Override
    public boolean takesRaw(CsvFormat format, List<String> fieldNames) {
        if (table.mode() == LoadMode.CDC || schema != null && !fieldNames.equals(schema.names())) {
            return false;
        }
        if (rawCopy == null || !fieldNames.equals(rawNames)) {
            rawNames = List.copyOf(fieldNames);
            StagingTable into = table.mode() == LoadMode.APPEND ? new StagingTable(targetSchema, table.name())
                    : LoadTableMerge.TABLE;
            rawCopy = new RawCsvCopy(Sql.qualified(into.schema(), into.name()), rawNames, format);
        }
        return true;
    }

    @Override
    public int chunkBytes() {
        return rawChunkBytes;
    }

    /**
     * Copies the chunk as it is, unless a {@code timestamp} column may get a value with an offset (the rows path
     * decides) or the server refuses a value (rolled back: the rows path finds which).
     */
    @Override
    public boolean acceptRaw(CsvChunk chunk) {
        try {
            if (connection == null) {
                begin(Schema.ofNames(rawNames));
            }
            for (int i = 0; i < checksOffsets.length; i++) {
                if (checksOffsets[i] && chunk.mayHaveZone(i)) {
                    return false;
                }
            }
            int fileOrdinal = files.size() + 1;
            long copied = chunks.copyRaw(rawCopy, chunk, merge == null ? () -> { }
                    : () -> merge.numberRecords(connection, fileOrdinal, chunk.firstLine()));
            if (copied < 0) {
                LOG.debug("{} lines {} on: the server refused the chunk, read by the JVM", currentFile.key(),
                        chunk.firstLine());
                return false;
            }
            fileRows += copied;
            return true;
        } catch (SQLException e) {
            throw dataErrorOr(e, "staging " + target() + " from " + currentFile.key() + " line "
                    + chunk.firstLine());
        }
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
        chunks.finish();
        long rejected = staging == null ? 0 : staging.rejected();
        if (rejected > table.maxRejects()) {
            throw staging.tooMany(rejected);
        }
        if (chunks.loaded() + rejected != rows) {
            throw new DataException(null, 0, null, "rows do not reconcile: " + rows + " row(s) went to " + target()
                    + ", " + chunks.loaded() + " are in it and " + rejected + " were rejected; nothing was loaded. "
                    + "Run again; if it persists, report it with these files");
        }
        ledger.refuseRecordedMeanwhile(connection, table.name(), files);
        LoadTableMerge.Merged merged = new LoadTableMerge.Merged(chunks.loaded(), 0, List.of());
        if (merge != null) {
            try {
                merged = merge.merge(connection, ledger, runId, files, schema, chunks.loaded());
            } catch (SQLException e) {
                throw dataErrorOr(e, "promoting " + target()); // the words the staging path uses
            }
        }
        ledger.recordLoaded(connection, table.name(), runId, files);
        ledger.recordSchemaChanges(connection, runId, ddl.changes());
        connection.commit();
        committed = true;
        return new PromotionResult(merged.written(), rejected, ddl.added(), ddl.created(), ddl.ignored(),
                merged.merged(), merged.notes());
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
        if (connection == null) {
            return;
        }
        try (Connection open = connection) {
            connection = null;
            // Before the rollback: no chunk is in flight from here on, and an open COPY is cancelled, or the
            // rollback would wait for the connection without end.
            if (chunks != null) {
                chunks.close();
            }
            if (staging != null) {
                staging.close();
            }
            if (!committed) {
                open.rollback();
            }
        } catch (SQLException e) {
            // The server rolls back a transaction whose connection is gone; nothing of it was committed.
            LOG.warn("closing the direct copy into {} failed: {}", target(), e.getMessage());
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
        if (table.mode() == LoadMode.APPEND) {
            String copySql = "COPY " + Sql.qualified(targetSchema, table.name()) + " (" + Sql.identList(names)
                    + ") FROM STDIN (FORMAT text)";
            staging = new ChunkStaging(connection, targetSchema, table, runId, ledger, columns);
            chunks = new ChunkedCopy(connection, copySql, encoder, table.nulPolicy(), checksOffsets, staging,
                    table.name(), target());
        } else {
            // The merge decides for the whole load: a chunk the load table refuses leaves it to staging.
            merge = LoadTableMerge.create(connection, targetSchema, table, names, columns);
            chunks = new ChunkedCopy(connection, merge.copySql(), encoder, table.nulPolicy(), checksOffsets, null,
                    LoadTableMerge.TABLE.name(), target());
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

    /**
     * A value or key the server refused that its chunk's staging could not keep as a reject either (a table's own
     * CHECK constraint fails the staged insert again) leaves the load to staging, which fails or loads as it
     * decides ({@link RejectingApply} takes the same SQLSTATEs); any other failure is the load's.
     */
    private RuntimeException dataErrorOr(SQLException e, String doing) {
        if (RejectingApply.isRejectable(e)) {
            return new StagingRequired(doing + ": " + e.getMessage(), e);
        }
        return Sql.translate(e, doing);
    }


    private String target() {
        return targetSchema + "." + table.name();
    }
}
