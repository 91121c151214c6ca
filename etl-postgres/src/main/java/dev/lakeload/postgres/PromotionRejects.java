package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagingTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The rejected rows of one promotion: those found while staging and those the reject finders ({@link BadValues},
 * {@link DuplicateKeys}) find at promotion. Each is recorded in {@code lakeload.rejects} through the ledger, and
 * kept out of every later statement by its file and line ({@link #kept}), so that a parent row's child rows go
 * with it. Its temporary tables drop at commit; lives for one transaction. Not thread-safe.
 */
final class PromotionRejects {
    private static final String FILES = "pg_temp.lakeload_staged_files";
    private static final String ROWS = "pg_temp.lakeload_rejected_rows";
    private static final String FOUND = "pg_temp.lakeload_found_rejects";
    private static final String ADD_FILE = "INSERT INTO " + FILES + " VALUES (?, ?)";

    private final Connection connection;
    private final PostgresLedger ledger;
    private final String runId;
    private boolean any;

    private PromotionRejects(Connection connection, PostgresLedger ledger, String runId) {
        this.connection = connection;
        this.ledger = ledger;
        this.runId = runId;
    }

    /** Creates the promotion's temporary tables, with the staged files by ordinal. */
    static PromotionRejects open(Connection connection, PostgresLedger ledger, String runId, List<StagedFile> files)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + FILES + " (ordinal integer PRIMARY KEY, file_key text NOT NULL) "
                    + "ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE " + ROWS + " (file integer, line bigint, PRIMARY KEY (file, line)) "
                    + "ON COMMIT DROP");
            statement.execute("CREATE TEMP TABLE " + FOUND + " (file integer, line bigint, column_name text, "
                    + "raw_value text, reason text) ON COMMIT DROP");
        }
        try (PreparedStatement insert = connection.prepareStatement(ADD_FILE)) {
            for (StagedFile file : files) {
                insert.setInt(1, file.ordinal());
                insert.setString(2, file.file().key());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return new PromotionRejects(connection, ledger, runId);
    }

    /** Adds a file by its ordinal, for a promotion that learns its files as it goes (a direct copy's). */
    void addFile(int ordinal, String fileKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(ADD_FILE)) {
            insert.setInt(1, ordinal);
            insert.setString(2, fileKey);
            insert.executeUpdate();
        }
    }

    /** The table of staged files, {@code ordinal} and {@code file_key}, to name a file in a reason. */
    String filesTable() {
        return FILES;
    }

    /**
     * Records rows as rejects of {@code table} (the target table's unqualified name) and keeps them out of later
     * statements.
     *
     * @param found a query giving file ordinal, line, column name, raw value and reason per rejected row
     */
    void record(String table, Query found) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + FOUND);
        }
        Query.of("INSERT INTO " + FOUND + " ").add(found).update(connection);
        ledger.recordRejects(connection, table, runId, Query.of("SELECT f.file_key, b.line, b.column_name, "
                + "b.raw_value, b.reason FROM " + FOUND + " b JOIN " + FILES + " f ON f.ordinal = b.file"));
        try (Statement statement = connection.createStatement()) {
            any |= statement.executeUpdate("INSERT INTO " + ROWS + " SELECT DISTINCT file, line FROM " + FOUND
                    + " ON CONFLICT DO NOTHING") > 0;
        }
    }

    /**
     * Records the rows that staging rejected as rejects of {@code table}.
     *
     * @param rejectsTable the staging's rejects table, null when staging rejected nothing
     */
    void copyFromStaging(String table, StagingTable rejectsTable) throws SQLException {
        if (rejectsTable != null) {
            record(table, Query.of("SELECT " + Sql.identList(StagingShape.leadingNames()) + ", "
                    + Sql.identList(PostgresStagedLoad.REJECT_SCHEMA.names()) + " FROM "
                    + Sql.qualified(rejectsTable.schema(), rejectsTable.name())));
        }
    }

    /** A condition true when the staged row {@code alias} names (by its file and line) is not a reject. */
    String kept(String alias) {
        return !any ? "true" : "NOT EXISTS (SELECT 1 FROM " + ROWS + " b WHERE b.file = " + StagingShape.file(alias)
                + " AND b.line = " + StagingShape.line(alias) + ")";
    }

    /** Whether no staged row is a reject (yet): then {@link #kept} is {@code true} and leaves every row in. */
    boolean none() {
        return !any;
    }

    /** How many staged rows are rejects. */
    long count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + ROWS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The failure of a load with more rejected rows than {@code maxRejects}, naming the first one. */
    DataException tooMany(TableSpec table, long rejected) throws SQLException {
        PostgresLedger.Reject first = ledger.firstReject(connection, table.name(), runId);
        String value = first.rawValue() == null ? "" : " (value: '" + abbreviate(first.rawValue()) + "')";
        return new DataException(first.fileKey(), first.line(), first.column(), first.reason() + value + "; "
                + rejected + " row(s) could not be loaded and maxRejects is " + table.maxRejects() + ", so nothing "
                + "was loaded. Fix the data, or raise maxRejects to load the rest and keep these rows in "
                + "lakeload.rejects");
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
