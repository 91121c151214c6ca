package dev.lakeload.postgres;

import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LoadedFile;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The ledger in the target database's {@code lakeload} schema:
 * <ul>
 *   <li>{@code lakeload.files}: every loaded file per target table (key, version tag, size, rows, when, run),
 *       written by {@link PostgresPromoter} in the promotion's transaction;</li>
 *   <li>{@code lakeload.runs} and {@code lakeload.run_tables}: each run and each table's outcome in it;</li>
 *   <li>{@code lakeload.rejects}: rows that could not be loaded, with file, line, column, raw value and reason;</li>
 *   <li>{@code lakeload.columns}: where transformer-made columns come from (for example a JSON path), so their
 *       names stay the same across runs.</li>
 * </ul>
 * Tables are keyed by the qualified target name ({@code schema.table}), so several target schemas share one
 * ledger. Thread-safe; every call takes its own connection from the data source.
 */
public final class PostgresLedger implements Ledger {
    private static final String DDL = """
            CREATE SCHEMA IF NOT EXISTS lakeload;
            CREATE TABLE IF NOT EXISTS lakeload.runs (
                run_id      text PRIMARY KEY,
                started_at  timestamptz NOT NULL,
                finished_at timestamptz,
                source      text,
                succeeded   boolean
            );
            CREATE TABLE IF NOT EXISTS lakeload.run_tables (
                run_id        text NOT NULL REFERENCES lakeload.runs,
                target_table  text NOT NULL,
                status        text NOT NULL,
                files         integer NOT NULL,
                rows_read     bigint NOT NULL,
                rows_loaded   bigint NOT NULL,
                rows_rejected bigint NOT NULL,
                seconds       double precision NOT NULL,
                error         text,
                PRIMARY KEY (run_id, target_table)
            );
            CREATE TABLE IF NOT EXISTS lakeload.files (
                target_table text NOT NULL,
                file_key     text NOT NULL,
                version_tag  text NOT NULL,
                size_bytes   bigint NOT NULL,
                rows_read    bigint NOT NULL,
                loaded_at    timestamptz NOT NULL DEFAULT now(),
                run_id       text NOT NULL,
                PRIMARY KEY (target_table, file_key, version_tag)
            );
            CREATE TABLE IF NOT EXISTS lakeload.rejects (
                run_id       text NOT NULL,
                target_table text NOT NULL,
                file_key     text NOT NULL,
                line         bigint NOT NULL,
                column_name  text,
                raw_value    text,
                reason       text NOT NULL,
                rejected_at  timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS rejects_by_table ON lakeload.rejects (target_table, run_id);
            CREATE TABLE IF NOT EXISTS lakeload.columns (
                target_table text NOT NULL,
                column_name  text NOT NULL,
                source_path  text NOT NULL,
                PRIMARY KEY (target_table, column_name)
            );
            """;

    private final DataSource dataSource;
    private final String targetSchema;

    /**
     * @param dataSource the target database
     * @param targetSchema the schema of the target tables, part of each table's ledger name
     */
    public PostgresLedger(DataSource dataSource, String targetSchema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.targetSchema = Objects.requireNonNull(targetSchema, "targetSchema");
    }

    @Override
    public void prepare() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Concurrent first runs would race on CREATE ... IF NOT EXISTS; the lock serialises them.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('lakeload.ledger'))");
                statement.execute(DDL);
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(targetSchema));
            }
            connection.commit();
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot create the ledger schema 'lakeload'");
        }
    }

    @Override
    public Map<String, LoadedFile> loadedFiles(String table) {
        String sql = """
                SELECT DISTINCT ON (file_key) file_key, version_tag, size_bytes, rows_read, loaded_at, run_id
                FROM lakeload.files WHERE target_table = ? ORDER BY file_key, loaded_at DESC""";
        Map<String, LoadedFile> files = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ledgerName(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), new LoadedFile(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getLong(4), rs.getTimestamp(5).toInstant(), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return Map.of(); // no ledger yet: nothing was ever loaded here
            }
            throw Sql.translate(e, "cannot read the ledger for " + table);
        }
        return files;
    }

    @Override
    public void runStarted(String runId, String description) {
        update("INSERT INTO lakeload.runs (run_id, started_at, source) VALUES (?, now(), ?)", runId, description);
    }

    @Override
    public void runFinished(RunReport report) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement run = connection.prepareStatement(
                    "UPDATE lakeload.runs SET finished_at = ?, succeeded = ? WHERE run_id = ?");
                 PreparedStatement table = connection.prepareStatement("""
                         INSERT INTO lakeload.run_tables (run_id, target_table, status, files, rows_read,
                             rows_loaded, rows_rejected, seconds, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                run.setTimestamp(1, Timestamp.from(report.finishedAt()));
                run.setBoolean(2, report.succeeded());
                run.setString(3, report.runId());
                run.executeUpdate();
                for (TableResult result : report.tables()) {
                    table.setString(1, report.runId());
                    table.setString(2, ledgerName(result.name()));
                    table.setString(3, result.status().label());
                    table.setInt(4, result.files());
                    table.setLong(5, result.rowsRead());
                    table.setLong(6, result.rowsLoaded());
                    table.setLong(7, result.rowsRejected());
                    table.setDouble(8, result.seconds());
                    table.setString(9, result.error() == null ? null : result.error().replace('\0', ' '));
                    table.addBatch();
                }
                table.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot record the end of run " + report.runId());
        }
    }

    /** The name a table has in the ledger: qualified by the target schema. */
    String ledgerName(String table) {
        return targetSchema + "." + table;
    }

    private void update(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot write the ledger");
        }
    }
}
