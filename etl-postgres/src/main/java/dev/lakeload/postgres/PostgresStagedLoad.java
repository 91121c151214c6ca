package dev.lakeload.postgres;

import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging area of one table load on PostgreSQL; see {@link PostgresCopyStagingLoader}. Its staging tables are
 * filled through one {@link StagingConnection}, opened with the first table and closed when staging finishes (or
 * the load is closed), so that promotion never waits for a connection that staging still holds. Not thread-safe.
 */
final class PostgresStagedLoad implements StagedLoad {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStagedLoad.class);
    static final Schema REJECT_SCHEMA = Schema.ofNames(List.of("column_name", "raw_value", "reason"));

    private final DataSource dataSource;
    private final String target;
    private final NulPolicy nulPolicy;
    private final String runId;
    private final WaitPolicy waits;
    private final Map<String, StagingTableWriter> writers = new LinkedHashMap<>();
    private final List<StagingTable> created = new ArrayList<>();
    private final List<StagedFile> files = new ArrayList<>();
    private final StagingTable rejectsTable;
    private StagingConnection connection;
    private StagingTableWriter rejects;
    private SourceFile currentFile;
    private LedgerEntry currentPrevious;
    private long fileRows;
    private long fileRejects;
    private long rejectedRows;
    private boolean finished;

    PostgresStagedLoad(DataSource dataSource, String target, NulPolicy nulPolicy, String runId, WaitPolicy waits) {
        this.dataSource = dataSource;
        this.target = target;
        this.nulPolicy = nulPolicy;
        this.runId = runId;
        this.waits = waits;
        this.rejectsTable = new StagingTable(Sql.LEDGER_SCHEMA, "rej_" + runId + "_" + Sql.shortHash(target));
    }

    @Override
    public void beginFile(SourceFile file, LedgerEntry previous) {
        if (finished) {
            throw new IllegalStateException("staging of " + target + " is finished");
        }
        currentFile = file;
        currentPrevious = previous;
        fileRows = 0;
        fileRejects = 0;
    }

    @Override
    public void accept(Row row) {
        StagingTableWriter writer = writers.get(row.schema().relation());
        try {
            if (writer == null) {
                writer = newWriter(row.schema());
            }
            if (writer.write(ordinal(), row)) {
                fileRows++;
            } else {
                reject(row, writer.refusedColumn(), row.get(writer.refusedColumn()), writer.refusal());
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "staging " + target + " from " + row.file() + " line " + row.line());
        }
    }

    @Override
    public void reject(Row origin, String column, String rawValue, String reason) {
        try {
            if (rejects == null) {
                rejects = writer(rejectsTable, "rejects of " + target, REJECT_SCHEMA, NulPolicy.REJECT);
            }
            if (!rejects.write(ordinal(), rejectRow(origin, column, rawValue, reason))) {
                throw new IllegalStateException("a printable reject was refused: " + rejects.refusal());
            }
            fileRejects++;
            rejectedRows++;
        } catch (SQLException e) {
            throw Sql.translate(e, "recording a reject of " + target);
        }
    }

    @Override
    public void endFile(long rowsRead, long rowsDropped, FileContent content) {
        files.add(new StagedFile(ordinal(), currentFile, currentPrevious, content, rowsRead, fileRows,
                fileRejects, rowsDropped));
        currentFile = null;
        currentPrevious = null;
    }

    @Override
    public void finish() {
        try {
            for (StagingTableWriter writer : writers.values()) {
                writer.finish();
            }
            if (rejects != null) {
                rejects.finish();
            }
            finished = true;
            releaseConnection();
        } catch (SQLException e) {
            throw Sql.translate(e, "completing the staging of " + target);
        }
    }

    @Override
    public List<StagedFile> files() {
        return List.copyOf(files);
    }

    @Override
    public List<StagedRelation> relations() {
        requireFinished();
        return writers.values().stream().map(StagingTableWriter::relation).toList();
    }

    @Override
    public StagingTable rejectsTable() {
        requireFinished();
        return rejects == null ? null : rejectsTable;
    }

    @Override
    public long rejectedRows() {
        return rejectedRows;
    }

    @Override
    public long cleanedValues() {
        return writers.values().stream().mapToLong(StagingTableWriter::cleanedValues).sum();
    }

    @Override
    public void close() {
        try {
            releaseConnection();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("closing the staging connection of {} failed: {}", target, e.getMessage());
        }
        dropCreatedTables();
        writers.clear();
        rejects = null;
    }

    /** Gives the staging connection back, abandoning a COPY still open; the tables stay until {@link #close}. */
    private void releaseConnection() throws SQLException {
        if (connection != null) {
            StagingConnection open = connection;
            connection = null;
            open.close();
        }
    }

    private void dropCreatedTables() {
        if (created.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (StagingTable table : created) {
                statement.execute("DROP TABLE IF EXISTS " + Sql.qualified(table.schema(), table.name()));
            }
            created.clear();
        } catch (SQLException e) {
            // The run's id is in the names, so a later cleanup can find what is left.
            LOG.warn("could not drop staging tables {} of {}: {}", created, target, e.getMessage());
        }
    }

    private StagingTableWriter newWriter(Schema schema) throws SQLException {
        String relation = schema.relation();
        StagingTable table = new StagingTable(Sql.LEDGER_SCHEMA,
                "stg_" + runId + "_" + Sql.shortHash(target + "\0" + relation));
        StagingTableWriter writer = writer(table, "staging of " + target
                + (relation.isEmpty() ? "" : " relation " + relation), schema, nulPolicy);
        writers.put(relation, writer);
        return writer;
    }

    private StagingTableWriter writer(StagingTable table, String what, Schema schema, NulPolicy policy)
            throws SQLException {
        if (connection == null) {
            connection = new StagingConnection(dataSource, runId, waits);
        }
        created.add(table); // before creating, so a half-made table is dropped too
        return new StagingTableWriter(connection, table, "lakeload " + what + ", run " + runId, schema, policy);
    }

    private int ordinal() {
        if (currentFile == null) {
            throw new IllegalStateException("rows arrived outside beginFile/endFile");
        }
        return files.size() + 1;
    }

    private void requireFinished() {
        if (!finished) {
            throw new IllegalStateException("call finish() before promoting " + target);
        }
    }

    /** The row of the rejects table ({@link #REJECT_SCHEMA}) that records a reject of {@code origin}. */
    static Row rejectRow(Row origin, String column, String rawValue, String reason) {
        return new Row(REJECT_SCHEMA, new String[] {column, printable(rawValue), printable(reason)}, origin.file(),
                origin.line());
    }

    /** Makes a value storable in the rejects table: NUL and unpaired surrogates become visible escapes. */
    static String printable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            String replacement = c == '\0' || (Character.isSurrogate(c) && !pair)
                    ? String.format("\\u%04x", (int) c) : null;
            if (replacement != null && out == null) {
                out = new StringBuilder(value.substring(0, i));
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                    if (pair) {
                        out.append(value.charAt(++i));
                    }
                }
            } else if (pair) {
                i++;
            }
        }
        return out == null ? value : out.toString();
    }
}
