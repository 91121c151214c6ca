package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.ledger.LedgerEntry.Disposition;
import dev.lakeload.core.pipeline.PlannedFile;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.postgres.TableHistory.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger in the target database's {@code lakeload} schema:
 * <ul>
 *   <li>{@code lakeload.files}: an entry per version of a file per target table: its location, key, listing
 *       stamp, SHA-256 and bytes read, rows, whether it was loaded or skipped, when and by which run. Entries of
 *       loaded files are written in the promotion's transaction ({@link PostgresPromoter} calls
 *       {@link #recordLoaded}); the latest entry of a location is the file's state;</li>
 *   <li>{@code lakeload.runs} and {@code lakeload.run_tables}: each run and each table's outcome in it, with the
 *       {@linkplain dev.lakeload.core.pipeline.ErrorKind kind} of a failure. A run's {@code status} is
 *       {@code running}, {@code finished}, or {@code abandoned} when a later run proved it dead and removed its
 *       staging tables ({@link #cleanUpAfterDeadRuns}); NULL for runs of lakeload versions before it;</li>
 *   <li>{@code lakeload.rejects}: rows that could not be loaded, with file, line, column, raw value and reason;</li>
 *   <li>{@code lakeload.schema_changes}: every table created and column added, by run;</li>
 *   <li>{@code lakeload.columns}: where transformer-made columns come from (for example a JSON path), so their
 *       names stay the same across runs.</li>
 * </ul>
 * Every statement on these tables is in this class; those of a promotion ({@link #recordLoaded}, the rejects, the
 * column paths) run on its connection, in its transaction.
 * Tables are keyed by the qualified target name ({@code schema.table}), so several target schemas share one
 * ledger. A table's entries are written only under its advisory lock ({@link #lockTable}), and a file only while
 * its latest entry is still the one its load was planned from, so two runs never both record a version of a file.
 *
 * <p>Advisory locks, by key space: the ledger's creation takes {@code hashtext('lakeload.ledger')} and a table's
 * promotion {@code hashtext('lakeload:<schema.table>')} (one-bigint keys, for a transaction). Session locks take
 * two-int keys whose first int is a class: a run is live while a session holds ({@link #RUN_LOCK_CLASS},
 * {@code hashtext(run_id)}), taken by {@link #runStarted} on a connection the ledger keeps open until
 * {@link #runFinished}; a run's claim on a table ({@link #tryClaim}) is ({@link #CLAIM_LOCK_CLASS},
 * {@code hashtext('lakeload:<schema.table>')}). Other lakeload locks take other classes.
 *
 * <p>Thread-safe; every call takes its own connection from the data source, except those given the promotion's,
 * and a run's liveness connection, held from {@link #runStarted} to {@link #runFinished}.
 */
public final class PostgresLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresLedger.class);

    /**
     * The first key of a run's liveness lock ({@code pg_advisory_lock(RUN_LOCK_CLASS, hashtext(run_id))}): ASCII
     * "lkrn". A run whose row is {@code running} while nobody holds its lock is dead: its session is gone.
     */
    public static final int RUN_LOCK_CLASS = 0x6c6b726e;
    /** The first key of the two-int advisory locks by which runs claim tables: "lltc" in ASCII. */
    public static final int CLAIM_LOCK_CLASS = 0x6C6C7463;
    /**
     * The first key of the two-int advisory locks by which runs that split a table claim its files: "lltf" in
     * ASCII; the second is {@code hashtext('lakeload:<schema.table>:<location>')}.
     */
    public static final int FILE_CLAIM_LOCK_CLASS = 0x6C6C7466;

    private static final String DDL = """
            CREATE TABLE IF NOT EXISTS lakeload.runs (
                run_id      text PRIMARY KEY,
                started_at  timestamptz NOT NULL,
                finished_at timestamptz,
                source      text,
                succeeded   boolean,
                status      text
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
                error_kind    text,
                PRIMARY KEY (run_id, target_table)
            );
            ALTER TABLE lakeload.run_tables ADD COLUMN IF NOT EXISTS error_kind text;
            ALTER TABLE lakeload.run_tables ADD COLUMN IF NOT EXISTS rows_dropped bigint,
                ADD COLUMN IF NOT EXISTS rows_merged bigint, ADD COLUMN IF NOT EXISTS freshness text,
                ADD COLUMN IF NOT EXISTS files_vanished integer;
            CREATE TABLE IF NOT EXISTS lakeload.files (
                entry_id       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                target_table   text NOT NULL,
                location       text NOT NULL,
                file_key       text NOT NULL,
                version_tag    text NOT NULL,
                content_sha256 text,
                size_bytes     bigint NOT NULL,
                rows_read      bigint NOT NULL,
                disposition    text NOT NULL DEFAULT 'loaded',
                loaded_at      timestamptz NOT NULL DEFAULT now(),
                run_id         text NOT NULL
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
            CREATE TABLE IF NOT EXISTS lakeload.schema_changes (
                run_id       text NOT NULL,
                target_table text NOT NULL,
                change       text NOT NULL,
                column_name  text,
                column_type  text,
                changed_at   timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE IF NOT EXISTS lakeload.columns (
                target_table text NOT NULL,
                column_name  text NOT NULL,
                source_path  text NOT NULL,
                PRIMARY KEY (target_table, column_name)
            );
            """;

    /**
     * Upgrades the {@code lakeload.files} of lakeload 0.1, keyed by (target_table, file_key, version_tag): its
     * entries are numbered in the order they were loaded and located by their run's source (the root as that run
     * described it) and key. Their hashes stay unknown.
     */
    private static final String UPGRADE_FROM_0_1 = """
            ALTER TABLE lakeload.files
                ADD COLUMN location text,
                ADD COLUMN content_sha256 text,
                ADD COLUMN disposition text NOT NULL DEFAULT 'loaded',
                ADD COLUMN entry_id bigint GENERATED BY DEFAULT AS IDENTITY;
            UPDATE lakeload.files f SET entry_id = o.n
                FROM (SELECT entry_id, row_number() OVER (ORDER BY loaded_at, entry_id) AS n FROM lakeload.files) o
                WHERE f.entry_id = o.entry_id;
            UPDATE lakeload.files f SET location = CASE
                    WHEN r.source LIKE 's3://%' THEN r.source || f.file_key
                    ELSE 'file:' || rtrim(r.source, '/') || '/' || f.file_key END
                FROM lakeload.runs r WHERE r.run_id = f.run_id;
            UPDATE lakeload.files SET location = file_key WHERE location IS NULL;
            ALTER TABLE lakeload.files
                ALTER COLUMN location SET NOT NULL,
                DROP CONSTRAINT files_pkey,
                ADD PRIMARY KEY (entry_id);
            """;

    private static final String INDEXES = """
            CREATE INDEX IF NOT EXISTS files_by_location ON lakeload.files (target_table, location, entry_id);
            """;

    /** The dispositions an entry may have; a ledger from before {@code removed} gets the wider check. */
    private static final String DISPOSITIONS = """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'lakeload.files'::regclass
                               AND conname = 'files_disposition_check'
                               AND pg_get_constraintdef(oid) LIKE '%removed%') THEN
                    ALTER TABLE lakeload.files DROP CONSTRAINT IF EXISTS files_disposition_check;
                    ALTER TABLE lakeload.files ADD CONSTRAINT files_disposition_check
                        CHECK (disposition IN ('loaded', 'skipped', 'removed'));
                END IF;
            END $$;
            """;

    /** Ledgers from before run statuses: finished runs are {@code finished}, unfinished ones stay unknown. */
    private static final String RUN_STATUS = """
            ALTER TABLE lakeload.runs ADD COLUMN status text;
            UPDATE lakeload.runs SET status = 'finished' WHERE finished_at IS NOT NULL;
            """;

    private final DataSource dataSource;
    private final String targetSchema;
    private final Map<String, Connection> liveRuns = new ConcurrentHashMap<>();

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
        try {
            Sql.inTransaction(dataSource, connection -> {
                try (Statement statement = connection.createStatement()) {
                    // Concurrent first runs would race on CREATE ... IF NOT EXISTS; the lock serialises them.
                    statement.execute("SELECT pg_advisory_xact_lock(hashtext('lakeload.ledger'))");
                    createSchemaIfMissing(connection, "lakeload");
                    statement.execute(DDL);
                    if (!hasColumn(statement, "files", "location")) {
                        statement.execute(UPGRADE_FROM_0_1);
                    }
                    if (!hasColumn(statement, "runs", "status")) {
                        statement.execute(RUN_STATUS);
                    }
                    // Checked first: ALTER TABLE would wait for every promotion writing these tables right now.
                    if (!hasColumn(statement, "files", "modified_at")) {
                        statement.execute("ALTER TABLE lakeload.files ADD COLUMN modified_at timestamptz");
                    }
                    if (!hasColumn(statement, "rejects", "resolved_at")) {
                        statement.execute("ALTER TABLE lakeload.rejects ADD COLUMN resolved_at timestamptz");
                    }
                    statement.execute(INDEXES);
                    statement.execute(DISPOSITIONS);
                    createSchemaIfMissing(connection, targetSchema);
                }
                return null;
            });
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot create or upgrade the ledger schema 'lakeload'");
        }
    }

    /**
     * {@code CREATE SCHEMA IF NOT EXISTS} needs CREATE on the database even when the schema exists, so a role given
     * only its schemas (the least privileges in the README) asks first.
     */
    private static void createSchemaIfMissing(Connection connection, String schema) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
        }
    }

    /** Whether ledger table {@code lakeload.<table>} has {@code column}; names are constants of this class. */
    private static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_attribute WHERE attrelid = 'lakeload." + table
                + "'::regclass AND attname = '" + column + "' AND NOT attisdropped")) {
            return rs.next();
        }
    }

    @Override
    public Map<String, LedgerEntry> latestEntries(String table) {
        String sql = """
                SELECT DISTINCT ON (location) entry_id, location, file_key, version_tag, content_sha256, size_bytes,
                       rows_read, disposition, loaded_at, run_id
                FROM lakeload.files WHERE target_table = ? ORDER BY location, entry_id DESC""";
        Map<String, LedgerEntry> entries = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ledgerName(table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    entries.put(rs.getString(2), new LedgerEntry(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            Disposition.valueOf(rs.getString(8).toUpperCase(Locale.ROOT)),
                            rs.getTimestamp(9).toInstant(), rs.getString(10)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return Map.of(); // no ledger yet: nothing was ever loaded here
            }
            throw Sql.translate(e, "cannot read the ledger for " + table);
        }
        return entries;
    }

    @Override
    public void recordUnloaded(String table, String runId, List<PlannedFile> skipped, List<PlannedFile> restamped) {
        try {
            Sql.inTransaction(dataSource, connection -> {
                lockTable(connection, table);
                refuseChangedSincePlanned(connection, table,
                        skipped.stream().map(f -> new Planned(f.file(), f.previous())).toList());
                insert(connection, table, runId, skipped.stream()
                        .map(f -> new NewEntry(f.file(), f.content(), 0, Disposition.SKIPPED)).toList());
                restamp(connection, table, restamped);
                return null;
            });
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot record the skipped and unchanged files of " + table + " in the ledger");
        }
    }

    /**
     * Takes the advisory lock of a table's entries until the end of {@code connection}'s transaction: promotions
     * and ledger writes of one table take turns by it.
     */
    void lockTable(Connection connection, String table) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "lakeload:" + ledgerName(table));
            lock.executeQuery().close();
        }
    }

    /**
     * Claims {@code table} for {@code connection}'s session unless another session holds it: a session-level
     * advisory lock, released by {@link #releaseClaim} or when the session ends, however it ends.
     */
    boolean tryClaim(Connection connection, String table, boolean shared) throws SQLException {
        return lock(connection, shared ? "pg_try_advisory_lock_shared" : "pg_try_advisory_lock", CLAIM_LOCK_CLASS,
                "lakeload:" + ledgerName(table));
    }

    /** Releases {@code connection}'s claim on {@code table}. */
    void releaseClaim(Connection connection, String table, boolean shared) throws SQLException {
        lock(connection, shared ? "pg_advisory_unlock_shared" : "pg_advisory_unlock", CLAIM_LOCK_CLASS,
                "lakeload:" + ledgerName(table));
    }

    /**
     * Claims the file at {@code location} of a table that runs split by file, for {@code connection}'s session,
     * unless another session holds it: a session-level advisory lock, like a table's claim.
     */
    boolean tryClaimFile(Connection connection, String table, String location) throws SQLException {
        return lock(connection, "pg_try_advisory_lock", FILE_CLAIM_LOCK_CLASS, fileClaimKey(table, location));
    }

    /** Releases {@code connection}'s claim on the file at {@code location} of {@code table}. */
    void releaseFileClaim(Connection connection, String table, String location) throws SQLException {
        lock(connection, "pg_advisory_unlock", FILE_CLAIM_LOCK_CLASS, fileClaimKey(table, location));
    }

    private String fileClaimKey(String table, String location) {
        return "lakeload:" + ledgerName(table) + ":" + location;
    }

    private static boolean lock(Connection connection, String function, int lockClass, String key)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
            lock.setInt(1, lockClass);
            lock.setString(2, key);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The session holding the claim on a table: its process id, {@code application_name} (a run's names the run:
     * {@link RunSessions#runOf}) and since when the session exists (lakeload opens one for each claim, so for
     * the command line it is when the table was claimed; a pooled connection may be older).
     */
    record ClaimHolder(int pid, String applicationName, Instant since) {
    }

    /** Who holds the claim on {@code table}; null when nobody does (any more). */
    ClaimHolder claimHolder(Connection connection, String table) throws SQLException {
        String sql = """
                SELECT a.pid, a.application_name, a.backend_start
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = ?::int::oid AND l.objid = hashtext(?)::oid""";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, CLAIM_LOCK_CLASS);
            query.setString(2, "lakeload:" + ledgerName(table));
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp since = rs.getTimestamp(3);
                return new ClaimHolder(rs.getInt(1), rs.getString(2), since == null ? null : since.toInstant());
            }
        }
    }

    /**
     * Under the table's lock: fails when the ledger has recorded a staged file since its load was planned (another
     * run loaded or skipped it meanwhile), so that no version of a file is loaded twice.
     *
     * @throws DataException naming the first such file and the run that recorded it
     */
    void refuseRecordedMeanwhile(Connection connection, String table, List<StagedFile> files) throws SQLException {
        refuseChangedSincePlanned(connection, table,
                files.stream().map(f -> new Planned(f.file(), f.previous())).toList());
    }

    /** Records the staged files as loaded, with what was read of them; in the promotion's transaction. */
    void recordLoaded(Connection connection, String table, String runId, List<StagedFile> files)
            throws SQLException {
        insert(connection, table, runId, files.stream()
                .map(f -> new NewEntry(f.file(), f.content(), f.rowsRead(), Disposition.LOADED)).toList());
    }

    /** Records the changes a promotion made to its target tables, in its transaction. */
    void recordSchemaChanges(Connection connection, String runId, List<DdlPlanner.SchemaChange> changes)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lakeload.schema_changes (run_id, "
                + "target_table, change, column_name, column_type) VALUES (?, ?, ?, ?, ?)")) {
            for (DdlPlanner.SchemaChange change : changes) {
                insert.setString(1, runId);
                insert.setString(2, ledgerName(change.table()));
                insert.setString(3, change.change());
                insert.setString(4, change.column());
                insert.setString(5, change.type());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Records as removed every file of {@code table} whose latest entry is not a removal and that is not among
     * {@code files}: the files a {@code replace} load staged, so that the table's rows are exactly theirs. In the
     * promotion's transaction.
     */
    void recordRemoved(Connection connection, String table, String runId, List<StagedFile> files)
            throws SQLException {
        String sql = """
                INSERT INTO lakeload.files (target_table, location, file_key, version_tag, content_sha256,
                    size_bytes, rows_read, disposition, run_id)
                SELECT target_table, location, file_key, version_tag, content_sha256, size_bytes, 0, 'removed', ?
                FROM (SELECT DISTINCT ON (location) * FROM lakeload.files WHERE target_table = ?
                      ORDER BY location, entry_id DESC) latest
                WHERE disposition <> 'removed' AND location <> ALL (?::text[])""";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, runId);
            insert.setString(2, ledgerName(table));
            insert.setArray(3, connection.createArrayOf("text", files.stream().map(f -> f.file().location())
                    .toArray()));
            insert.executeUpdate();
        }
    }

    /**
     * Records rejected rows of {@code table} (the loaded table or one of its child tables) in run {@code runId}, in
     * the promotion's transaction.
     *
     * @param rows a query giving file key, line, column name, raw value and reason per rejected row
     */
    void recordRejects(Connection connection, String table, String runId, Query rows) throws SQLException {
        Query.of("INSERT INTO lakeload.rejects (run_id, target_table, file_key, line, column_name, raw_value, "
                + "reason) SELECT ").value(runId).sql(", ").value(ledgerName(table)).sql(", r.* FROM (").add(rows)
                .sql(") r").update(connection);
    }

    /**
     * Whether run {@code runId} rejected a row of {@code fileKey}, at a line from {@code from} to {@code to}, for a
     * key that {@code table} had already ({@link DuplicateKeys}), in the current transaction.
     */
    boolean rejectedForTakenKey(Connection connection, String table, String runId, String fileKey, long from,
                                long to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM lakeload.rejects "
                + "WHERE run_id = ? AND target_table = ? AND file_key = ? AND line BETWEEN ? AND ? AND "
                + "starts_with(reason, 'duplicate key (') AND strpos(reason, ?) > 0)")) {
            query.setString(1, runId);
            query.setString(2, ledgerName(table));
            query.setString(3, fileKey);
            query.setLong(4, from);
            query.setLong(5, to);
            query.setString(6, DuplicateKeys.ALREADY_IN);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A condition on {@code target_table}: {@code table} or one of its child tables ({@code <table>__...}). */
    private Query tableOrChildren(String table) {
        return Query.of("(target_table = ").value(ledgerName(table)).sql(" OR starts_with(target_table, ")
                .value(ledgerName(table + "__")).sql("))");
    }

    /** A row recorded in {@code lakeload.rejects}. */
    record Reject(String fileKey, long line, String column, String rawValue, String reason) {
    }

    /**
     * The first reject, by file key and line, that run {@code runId} recorded for {@code table} or its child
     * tables; null when there is none.
     */
    Reject firstReject(Connection connection, String table, String runId) throws SQLException {
        List<Reject> first = rejects(connection, table, runId, 1);
        return first.isEmpty() ? null : first.get(0);
    }

    /** The first {@code limit} rejects, by file key and line, that run {@code runId} recorded for {@code table}. */
    List<Reject> rejects(Connection connection, String table, String runId, int limit) throws SQLException {
        try (PreparedStatement query = Query.of("SELECT file_key, line, column_name, raw_value, reason "
                + "FROM lakeload.rejects WHERE run_id = ").value(runId).sql(" AND ").add(tableOrChildren(table))
                .sql(" ORDER BY file_key, line LIMIT " + limit).prepare(connection);
             ResultSet rs = query.executeQuery()) {
            List<Reject> rejects = new ArrayList<>();
            while (rs.next()) {
                rejects.add(new Reject(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
            return rejects;
        }
    }

    /**
     * Records where columns of {@code table} that a transformer made come from (their source paths, such as a JSON
     * path), so that later runs name them the same; a column keeps the path it was first recorded with. In the
     * promotion's transaction.
     */
    void recordColumnPaths(Connection connection, String table, List<Column> columns) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lakeload.columns (target_table, "
                + "column_name, source_path) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Column column : columns) {
                if (column.sourcePath() != null) {
                    insert.setString(1, ledgerName(table));
                    insert.setString(2, column.name());
                    insert.setString(3, column.sourcePath());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * The recorded source paths of the columns of {@code table} and of its child tables ({@code <table>__...}): by
     * table name (unqualified), then column name.
     */
    Map<String, Map<String, String>> columnPaths(Connection connection, String table) throws SQLException {
        Map<String, Map<String, String>> paths = new HashMap<>();
        try (PreparedStatement query = Query.of("SELECT target_table, column_name, source_path FROM lakeload.columns "
                + "WHERE ").add(tableOrChildren(table)).prepare(connection);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                paths.computeIfAbsent(rs.getString(1).substring(targetSchema.length() + 1), t -> new HashMap<>())
                        .put(rs.getString(2), rs.getString(3));
            }
        }
        return paths;
    }

    /** A file and the latest entry its plan saw. */
    private record Planned(SourceFile file, LedgerEntry previous) {
    }

    /** An entry to insert. */
    private record NewEntry(SourceFile file, FileContent content, long rows, Disposition disposition) {
    }

    private void refuseChangedSincePlanned(Connection connection, String table, List<Planned> files)
            throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        String sql = """
                SELECT f.file_key, l.run_id, l.disposition
                FROM unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS f(location, file_key, previous, n)
                LEFT JOIN LATERAL (SELECT entry_id, run_id, disposition FROM lakeload.files
                                   WHERE target_table = ? AND location = f.location
                                   ORDER BY entry_id DESC LIMIT 1) l ON true
                WHERE l.entry_id IS DISTINCT FROM f.previous
                ORDER BY f.n LIMIT 1""";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("text",
                    files.stream().map(f -> f.file().location()).toArray()));
            query.setArray(2, connection.createArrayOf("text", files.stream().map(f -> f.file().key()).toArray()));
            query.setArray(3, connection.createArrayOf("bigint",
                    files.stream().map(f -> f.previous() == null ? null : f.previous().id()).toArray()));
            query.setString(4, ledgerName(table));
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    String by = rs.getString(2) == null ? "its entries in lakeload.files were deleted"
                            : "run " + rs.getString(2) + " recorded it as " + rs.getString(3);
                    throw new DataException(rs.getString(1), 0, null, by + " since this run planned its load; "
                            + "nothing was loaded now, and running again loads only what is still new");
                }
            }
        }
    }

    private void insert(Connection connection, String table, String runId, List<NewEntry> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lakeload.files (target_table, "
                + "location, file_key, version_tag, content_sha256, size_bytes, rows_read, disposition, run_id, "
                + "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewEntry entry : entries) {
                insert.setString(1, ledgerName(table));
                insert.setString(2, entry.file().location());
                insert.setString(3, entry.file().key());
                insert.setString(4, entry.file().versionTag());
                insert.setString(5, entry.content().sha256());
                insert.setLong(6, entry.content().bytes());
                insert.setLong(7, entry.rows());
                insert.setString(8, entry.disposition().name().toLowerCase(Locale.ROOT));
                insert.setString(9, runId);
                insert.setTimestamp(10, Timestamp.from(entry.file().lastModified()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // The stamp is a cache of "this stamp has that content", so an entry superseded since the plan is left alone.
    private void restamp(Connection connection, String table, List<PlannedFile> files) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE lakeload.files SET version_tag = ?, content_sha256 = coalesce(content_sha256, ?)
                WHERE entry_id = ? AND entry_id = (SELECT max(entry_id) FROM lakeload.files
                                                   WHERE target_table = ? AND location = ?)""")) {
            for (PlannedFile file : files) {
                update.setString(1, file.file().versionTag());
                update.setString(2, file.content().sha256());
                update.setLong(3, file.previous().id());
                update.setString(4, ledgerName(table));
                update.setString(5, file.file().location());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Records the start of a run and takes its liveness lock on a connection kept until {@link #runFinished}. The
     * lock comes first, so a run whose row another run can see is live as long as its lock is held.
     */
    @Override
    public void runStarted(String runId, String description) {
        try {
            holdRunLock(runId, "INSERT INTO lakeload.runs (run_id, started_at, source, status) "
                    + "VALUES (?, now(), ?, 'running')", runId, description);
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot record the start of run " + runId + " in lakeload.runs");
        }
    }

    /**
     * Takes the run's lock again when the connection that held it is gone (the backend was terminated, the server
     * restarted), and records the run as {@code running} again, in case another run found it dead in between. A
     * failure is logged, not thrown: the retry that follows meets the same failure and reports it. Synchronized:
     * the tables of a {@code --parallel} run retry on their own threads, and the run must take its lock once.
     */
    @Override
    public synchronized void keepRunLive(String runId) {
        Connection connection = liveRuns.get(runId);
        try {
            if (connection != null && connection.isValid(5)) {
                return;
            }
            endLiveness(runId);
            holdRunLock(runId, "UPDATE lakeload.runs SET status = 'running', finished_at = NULL, succeeded = NULL "
                    + "WHERE run_id = ?", runId);
            LOG.warn("run {} took its lock again after losing its connection", runId);
        } catch (SQLException e) {
            LOG.warn("run {} could not take its lock again: {}", runId, e.getMessage());
        }
    }

    /**
     * On a new connection kept for the run: takes its lock, then runs {@code recordSql} with {@code parameters}, so
     * that the row says {@code running} only while the lock is held.
     */
    private void holdRunLock(String runId, String recordSql, String... parameters) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, RUN_LOCK_CLASS);
                lock.setString(2, runId);
                lock.executeQuery().close();
            }
            try (PreparedStatement record = connection.prepareStatement(recordSql)) {
                for (int i = 0; i < parameters.length; i++) {
                    record.setString(i + 1, parameters[i]);
                }
                record.executeUpdate();
            }
            liveRuns.put(runId, connection);
        } catch (SQLException | RuntimeException e) {
            Sql.closeAfter(connection, e);
            throw e;
        }
    }

    /**
     * Finds runs recorded as {@code running} whose liveness lock nobody holds (their session ended without
     * recording the run's end: the process was killed, or lost the database), drops their staging tables
     * ({@code lakeload.stg_<run>_*} and {@code rej_<run>_*}) and marks them {@code abandoned}, each while holding
     * its lock, so that two runs never clean up one run at once and a live run is never touched. Runs from before
     * run statuses (status NULL) are left alone: nothing proves them dead.
     */
    @Override
    public List<String> cleanUpAfterDeadRuns(String runId) {
        Connection connection = liveRuns.get(runId);
        if (connection == null) {
            throw new IllegalStateException("run " + runId + " was not started on this ledger");
        }
        List<String> notes = new ArrayList<>();
        try (PreparedStatement candidates = connection.prepareStatement("SELECT run_id FROM lakeload.runs "
                + "WHERE status = 'running' AND run_id <> ? ORDER BY started_at")) {
            candidates.setString(1, runId);
            List<String> unfinished = new ArrayList<>();
            try (ResultSet rs = candidates.executeQuery()) {
                while (rs.next()) {
                    unfinished.add(rs.getString(1));
                }
            }
            for (String dead : unfinished) {
                if (runLock(connection, "pg_try_advisory_lock", dead)) {
                    try {
                        List<String> dropped = abandon(connection, dead);
                        notes.add("run " + dead + " ended without finishing (killed, or cut off from the "
                                + "database); marked abandoned" + (dropped.isEmpty() ? ""
                                : ", dropped its staging tables " + String.join(", ", dropped)));
                        LOG.warn("cleaned up after dead run {}: dropped {}", dead, dropped);
                    } finally {
                        runLock(connection, "pg_advisory_unlock", dead);
                    }
                }
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot clean up after dead runs");
        }
        return notes;
    }

    private static boolean runLock(Connection connection, String function, String runId) throws SQLException {
        return lock(connection, function, RUN_LOCK_CLASS, runId);
    }

    /** Drops a dead run's staging tables and marks it abandoned, in one transaction; returns the tables. */
    private static List<String> abandon(Connection connection, String runId) throws SQLException {
        List<String> tables = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement find = connection.prepareStatement("SELECT tablename FROM pg_tables WHERE "
                    + "schemaname = 'lakeload' AND (starts_with(tablename, ?) OR starts_with(tablename, ?)) "
                    + "ORDER BY tablename")) {
                find.setString(1, "stg_" + runId + "_");
                find.setString(2, "rej_" + runId + "_");
                try (ResultSet rs = find.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            try (Statement drop = connection.createStatement()) {
                for (String table : tables) {
                    drop.execute("DROP TABLE IF EXISTS " + Sql.qualified(Sql.LEDGER_SCHEMA, table));
                }
            }
            try (PreparedStatement mark = connection.prepareStatement("UPDATE lakeload.runs SET status = "
                    + "'abandoned', finished_at = now(), succeeded = false WHERE run_id = ?")) {
                mark.setString(1, runId);
                mark.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Sql.rollback(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return tables.stream().map(t -> Sql.LEDGER_SCHEMA + "." + t).toList();
    }

    /** Records the end of a run and its tables' outcomes, then ends its liveness (also when recording fails). */
    @Override
    public void runFinished(RunReport report) {
        try {
            Sql.inTransaction(dataSource, connection -> {
                try (PreparedStatement run = connection.prepareStatement(
                        "UPDATE lakeload.runs SET finished_at = ?, succeeded = ?, status = 'finished' "
                                + "WHERE run_id = ?");
                     PreparedStatement table = connection.prepareStatement("""
                             INSERT INTO lakeload.run_tables (run_id, target_table, status, files, rows_read,
                                 rows_loaded, rows_rejected, seconds, error, error_kind, rows_dropped, rows_merged,
                                 freshness, files_vanished)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
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
                        table.setString(10, result.errorKind() == null ? null : result.errorKind().label());
                        table.setLong(11, result.rowsDropped());
                        table.setLong(12, result.rowsMerged());
                        table.setString(13, result.freshness() == null ? null : result.freshness().level().label());
                        table.setInt(14, result.vanished().size());
                        table.addBatch();
                    }
                    table.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot record the end of run " + report.runId());
        } finally {
            endLiveness(report.runId());
        }
    }

    private void endLiveness(String runId) {
        Connection connection = liveRuns.remove(runId);
        if (connection == null) {
            return;
        }
        // A pool keeps the session open when given the connection back, and with it a lock not released by hand.
        try (connection) {
            runLock(connection, "pg_advisory_unlock", runId);
        } catch (SQLException e) {
            LOG.warn("releasing run {}'s lock failed (it goes with its session): {}", runId, e.getMessage());
        }
    }

    /**
     * The state of reject {@code r}: NULL while open; {@code resolved} once an operator said so
     * ({@link #resolveRejects}); {@code reloaded} once a later run loaded its file again (into its table, or into
     * the parent of its child table), whose rows then replaced or followed the refused ones.
     */
    private static final String REJECT_STATE = """
            CASE WHEN r.resolved_at IS NOT NULL THEN 'resolved'
                 WHEN EXISTS (SELECT 1 FROM lakeload.files f
                              WHERE f.file_key = r.file_key AND f.disposition = 'loaded' AND f.run_id <> r.run_id
                                AND f.loaded_at > r.rejected_at
                                AND (f.target_table = r.target_table
                                     OR starts_with(r.target_table, f.target_table || '__'))) THEN 'reloaded'
            END""";

    /**
     * What the ledger knows of {@code table} across every run and worker: its last load and last outcome, its
     * loaded files and rows, its open rejects, its newest file, and the run loading it now. Reads only.
     */
    public TableHistory history(String table) {
        try (Connection connection = dataSource.getConnection()) {
            Object[] files = firstRow(connection, Query.of("""
                    SELECT count(*), (array_agg(file_key ORDER BY coalesce(modified_at, loaded_at) DESC))[1],
                           max(coalesce(modified_at, loaded_at))
                    FROM (SELECT DISTINCT ON (location) * FROM lakeload.files WHERE target_table = """)
                    .value(ledgerName(table)).sql(" ORDER BY location, entry_id DESC) latest WHERE disposition = "
                            + "'loaded'"));
            Object[] rows = firstRow(connection, Query.of("SELECT coalesce(sum(rows_loaded), 0) FROM "
                    + "lakeload.run_tables WHERE target_table = ").value(ledgerName(table)));
            Object[] rejects = firstRow(connection, Query.of("SELECT count(*) FROM lakeload.rejects r WHERE ")
                    .add(tableOrChildren(table)).sql(" AND (" + REJECT_STATE + ") IS NULL"));
            ClaimHolder holder = claimHolder(connection, table);
            String loading = holder == null ? null : Objects.requireNonNullElse(
                    RunSessions.runOf(holder.applicationName()), "session " + holder.pid());
            Timestamp newestAt = (Timestamp) files[2];
            return new TableHistory(table, outcome(connection, table, true), outcome(connection, table, false),
                    (Long) files[0], ((Number) rows[0]).longValue(), (Long) rejects[0], (String) files[1],
                    newestAt == null ? null : newestAt.toInstant(), loading);
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read the ledger for " + table);
        }
    }

    /** The latest recorded outcome of {@code table}: of any kind, or only one that loaded files. */
    private Outcome outcome(Connection connection, String table, boolean loaded) throws SQLException {
        try (PreparedStatement query = Query.of("""
                SELECT t.run_id, coalesce(r.finished_at, r.started_at), t.status, t.files, t.rows_loaded, t.error,
                       t.error_kind
                FROM lakeload.run_tables t JOIN lakeload.runs r ON r.run_id = t.run_id
                WHERE t.target_table = """).value(ledgerName(table))
                .sql((loaded ? " AND t.status = 'loaded'" : "")
                        + " ORDER BY coalesce(r.finished_at, r.started_at) DESC, t.run_id DESC LIMIT 1")
                .prepare(connection);
             ResultSet rs = query.executeQuery()) {
            return rs.next() ? new Outcome(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                    rs.getInt(4), rs.getLong(5), rs.getString(6), rs.getString(7)) : null;
        }
    }

    private static Object[] firstRow(Connection connection, Query query) throws SQLException {
        try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
            Object[] row = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getObject(i + 1);
            }
            return row;
        }
    }

    /**
     * The rejects of {@code tables} (and of their child tables), oldest first, by file and line.
     *
     * @param runIds only those of these runs; empty for every run
     * @param dealtWith also those {@linkplain RecordedReject#dealtWith() dealt with}
     * @param limit at most this many
     */
    public List<RecordedReject> rejects(List<String> tables, List<String> runIds, boolean dealtWith, int limit) {
        List<RecordedReject> rejects = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = Query.of("SELECT * ").add(rejectSelection(tables, runIds, dealtWith))
                     .sql(" ORDER BY rejected_at, target_table, file_key, line LIMIT " + limit).prepare(connection);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rejects.add(new RecordedReject(rs.getString("target_table").substring(targetSchema.length() + 1),
                        rs.getString("run_id"), rs.getString("file_key"), rs.getLong("line"),
                        rs.getString("column_name"), rs.getString("raw_value"), rs.getString("reason"),
                        rs.getTimestamp("rejected_at").toInstant(), rs.getString("state")));
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read lakeload.rejects");
        }
        return rejects;
    }

    /**
     * The SHA-256 of the content of {@code fileKey} that run {@code runId} loaded into {@code table}: what its
     * rejects were read from. Empty when that run loaded no such file, or its ledger recorded no hashes yet.
     */
    public Optional<String> loadedContentSha256(String table, String runId, String fileKey) {
        String sql = "SELECT content_sha256 FROM lakeload.files WHERE target_table = ? AND run_id = ? AND file_key = ?"
                + " AND disposition = 'loaded' ORDER BY entry_id DESC LIMIT 1";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, ledgerName(table));
            statement.setString(2, runId);
            statement.setString(3, fileKey);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read the ledger for " + table);
        }
    }

    /** The ids among {@code runIds} of no run the ledger knows, in the given order. */
    public List<String> unknownRuns(List<String> runIds) {
        List<String> unknown = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM lakeload.runs WHERE run_id = ?")) {
            for (String runId : runIds) {
                query.setString(1, runId);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        unknown.add(runId);
                    }
                }
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read lakeload.runs");
        }
        return unknown;
    }

    /** How many rejects {@link #rejects} would give without a limit. */
    public long countRejects(List<String> tables, List<String> runIds, boolean dealtWith) {
        try (Connection connection = dataSource.getConnection()) {
            return (Long) firstRow(connection, Query.of("SELECT count(*) ")
                    .add(rejectSelection(tables, runIds, dealtWith)))[0];
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read lakeload.rejects");
        }
    }

    /**
     * Marks the open rejects of {@code tables} (and their child tables) as resolved: an operator dealt with them,
     * for example by loading their fixed rows from a new file. Returns how many.
     *
     * @param runIds only those of these runs; empty for every run
     */
    public long resolveRejects(List<String> tables, List<String> runIds) {
        try {
            return Sql.inTransaction(dataSource, connection -> Query.of("UPDATE lakeload.rejects r SET resolved_at "
                    + "= now() WHERE ").add(rejectFilter(tables, runIds)).sql(" AND (" + REJECT_STATE + ") IS NULL")
                    .update(connection));
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot resolve rejects in lakeload.rejects");
        }
    }

    private Query rejectSelection(List<String> tables, List<String> runIds, boolean dealtWith) {
        return Query.of("FROM (SELECT r.*, " + REJECT_STATE + " AS state FROM lakeload.rejects r WHERE ")
                .add(rejectFilter(tables, runIds)).sql(") x" + (dealtWith ? "" : " WHERE state IS NULL"));
    }

    private Query rejectFilter(List<String> tables, List<String> runIds) {
        Query filter = Query.of("(false");
        tables.forEach(table -> filter.sql(" OR ").add(tableOrChildren(table)));
        filter.sql(")");
        if (!runIds.isEmpty()) {
            filter.sql(" AND (false");
            runIds.forEach(run -> filter.sql(" OR r.run_id = ").value(run));
            filter.sql(")");
        }
        return filter;
    }

    /** The name a table has in the ledger: qualified by the target schema. */
    String ledgerName(String table) {
        return targetSchema + "." + table;
    }
}
