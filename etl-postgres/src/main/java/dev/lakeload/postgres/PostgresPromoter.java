package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Promotes staged rows into typed tables in one transaction with the ledger rows ({@code append} mode).
 *
 * <p>Steps, all in one transaction: take an advisory lock on the table (concurrent runs load it one at a time);
 * make sure no staged file was loaded by another run meanwhile; create missing target tables from declared
 * columns and staged type hints, and add staged columns an existing table lacks; copy the rejects found while
 * staging into {@code lakeload.rejects}; insert every staged row with casts. When a value does not cast, the
 * inserts are rolled back to a savepoint and the failing values are found in one set-based query per relation,
 * recorded as rejects, and the inserts repeated without their rows (a row's child rows go with it). More rejected
 * rows than {@code maxRejects} fail the table, naming the first one. Finally the files go into the ledger.
 *
 * <p>Child relations (for example a flattened array {@code tags}) go to {@code <table>__<relation>}; an existing
 * child row of a parent that is loaded again is replaced (rows sharing the parent's key columns are deleted).
 *
 * <p>Thread-safe; each call uses its own connection.
 */
public final class PostgresPromoter implements Promoter {
    private static final String BAD_ROWS = "pg_temp.lakeload_bad_rows";
    private static final String FILES = "pg_temp.lakeload_staged_files";

    private final DataSource dataSource;
    private final String targetSchema;
    private final PostgresLedger ledger;

    public PostgresPromoter(DataSource dataSource, String targetSchema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.targetSchema = Objects.requireNonNull(targetSchema, "targetSchema");
        this.ledger = new PostgresLedger(dataSource, targetSchema);
    }

    @Override
    public Map<String, List<Column>> existingColumns(TableSpec table) {
        String sql = """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), p.source_path
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN lakeload.columns p
                       ON p.target_table = n.nspname || '.' || c.relname AND p.column_name = a.attname
                WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                  AND (c.relname = ? OR left(c.relname, ?) = ?)
                ORDER BY c.relname, a.attnum""";
        Map<String, List<Column>> columns = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            String childPrefix = table.name() + "__";
            statement.setString(1, targetSchema);
            statement.setString(2, table.name());
            statement.setInt(3, childPrefix.length());
            statement.setString(4, childPrefix);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String relation = rs.getString(1).equals(table.name()) ? ""
                            : rs.getString(1).substring(childPrefix.length());
                    columns.computeIfAbsent(relation, r -> new ArrayList<>())
                            .add(new Column(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read the columns of " + targetSchema + "." + table.name());
        }
        return columns;
    }

    @Override
    public PromotionResult promote(TableSpec table, StagedLoad staged, String runId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                PromotionResult result = new Promotion(connection, table, staged, runId).run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "promoting " + targetSchema + "." + table.name());
        }
    }

    /** One promotion's state; lives for one transaction. */
    private final class Promotion {
        private final Connection connection;
        private final TableSpec table;
        private final StagedLoad staged;
        private final String runId;
        private final String ledgerName;
        private final List<String> created = new ArrayList<>();
        private final List<String> added = new ArrayList<>();
        private final Map<String, Map<String, TargetColumn>> targets = new LinkedHashMap<>();
        private Boolean inputCheck;

        Promotion(Connection connection, TableSpec table, StagedLoad staged, String runId) {
            this.connection = connection;
            this.table = table;
            this.staged = staged;
            this.runId = runId;
            this.ledgerName = targetSchema + "." + table.name();
        }

        PromotionResult run() throws SQLException {
            ledger.lockTable(connection, table.name());
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE " + FILES + " (ordinal integer PRIMARY KEY, "
                        + "file_key text NOT NULL) ON COMMIT DROP");
                statement.execute("CREATE TEMP TABLE " + BAD_ROWS
                        + " (file integer, line bigint, PRIMARY KEY (file, line)) ON COMMIT DROP");
            }
            recordStagedFiles();
            ledger.refuseRecordedMeanwhile(connection, table.name(), staged.files());
            for (StagedRelation relation : staged.relations()) {
                targets.put(relation.schema().relation(), prepareTarget(relation));
            }
            copyStagingRejects();
            Savepoint beforeInserts = connection.setSavepoint();
            long loaded;
            try {
                loaded = insertAll();
            } catch (SQLException e) {
                if (!isValueError(e)) {
                    throw e;
                }
                connection.rollback(beforeInserts);
                for (StagedRelation relation : staged.relations()) {
                    findBadValues(relation);
                }
                loaded = insertAll();
            }
            long rejected = count("SELECT count(*) FROM " + BAD_ROWS);
            if (rejected > table.maxRejects()) {
                throw tooManyRejects(rejected);
            }
            ledger.recordLoaded(connection, table.name(), runId, staged.files());
            recordColumnPaths();
            return new PromotionResult(loaded, rejected, added, created);
        }

        private void recordStagedFiles() throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + FILES + " VALUES (?, ?)")) {
                for (StagedFile file : staged.files()) {
                    insert.setInt(1, file.ordinal());
                    insert.setString(2, file.file().key());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        /** Creates the target table or adds missing columns; returns its columns afterwards. */
        private Map<String, TargetColumn> prepareTarget(StagedRelation relation) throws SQLException {
            String name = targetName(relation);
            Map<String, TargetColumn> existing = TargetCatalog.columns(connection, targetSchema, name);
            Map<String, String> wanted = wantedTypes(relation);
            if (existing.isEmpty()) {
                createTable(relation, name, wanted);
                created.add(targetSchema + "." + name);
            } else {
                List<String> missing = wanted.keySet().stream().filter(c -> !existing.containsKey(c)).toList();
                for (String column : missing) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("ALTER TABLE " + Sql.qualified(targetSchema, name) + " ADD COLUMN "
                                + Sql.ident(column) + " " + wanted.get(column));
                    }
                    added.add(name + "." + column);
                }
            }
            return TargetCatalog.columns(connection, targetSchema, name);
        }

        /** Declared types first, then the staged columns' type hints, text when there is neither. */
        private Map<String, String> wantedTypes(StagedRelation relation) throws SQLException {
            Map<String, String> types = new LinkedHashMap<>();
            if (relation.schema().isMain()) {
                for (ColumnSpec column : table.columns()) {
                    if (TargetCatalog.resolveType(connection, column.type()) == null) {
                        throw new ConfigException("table " + table.name() + ", column " + column.name()
                                + ": PostgreSQL has no type '" + column.type() + "'");
                    }
                    types.put(column.name(), column.type());
                }
            }
            for (Column column : relation.schema().columns()) {
                types.putIfAbsent(column.name(), column.typeHint() == null ? "text" : column.typeHint());
            }
            return types;
        }

        private void createTable(StagedRelation relation, String name, Map<String, String> types)
                throws SQLException {
            StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                    .append(Sql.qualified(targetSchema, name)).append(" (");
            String separator = "";
            for (Map.Entry<String, String> column : types.entrySet()) {
                ddl.append(separator).append(Sql.ident(column.getKey())).append(' ').append(column.getValue());
                separator = ", ";
            }
            if (relation.schema().isMain() && !table.primaryKey().isEmpty()) {
                ddl.append(", PRIMARY KEY (").append(Sql.identList(table.primaryKey())).append(')');
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl.append(')').toString());
            }
        }

        private void copyStagingRejects() throws SQLException {
            if (staged.rejectsTable() == null) {
                return;
            }
            String rejects = Sql.qualified(staged.rejectsTable().schema(), staged.rejectsTable().name());
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO lakeload.rejects (run_id, target_table, file_key, line, column_name, "
                        + "raw_value, reason) SELECT " + literal(runId) + ", " + literal(ledgerName) + ", f.file_key, "
                        + "r._lakeload_line, r.column_name, r.raw_value, r.reason FROM " + rejects + " r JOIN "
                        + FILES + " f ON f.ordinal = r._lakeload_file");
                statement.executeUpdate("INSERT INTO " + BAD_ROWS + " SELECT DISTINCT _lakeload_file, "
                        + "_lakeload_line FROM " + rejects + " ON CONFLICT DO NOTHING");
            }
        }

        private long insertAll() throws SQLException {
            long mainRows = 0;
            boolean anyBad = count("SELECT count(*) FROM " + BAD_ROWS) > 0;
            for (StagedRelation relation : staged.relations()) {
                long rows = insert(relation, anyBad);
                if (relation.schema().isMain()) {
                    mainRows = rows;
                }
            }
            return mainRows;
        }

        private long insert(StagedRelation relation, boolean excludeBad) throws SQLException {
            String target = Sql.qualified(targetSchema, targetName(relation));
            String stage = Sql.qualified(relation.table().schema(), relation.table().name());
            Map<String, TargetColumn> columns = targets.get(relation.schema().relation());
            List<String> names = relation.schema().names();
            StringBuilder select = new StringBuilder();
            for (Column staged : relation.schema().columns()) {
                select.append(select.isEmpty() ? "" : ", ").append(cast(staged, columns.get(staged.name())));
            }
            String where = excludeBad ? " WHERE NOT EXISTS (SELECT 1 FROM " + BAD_ROWS
                    + " b WHERE b.file = s._lakeload_file AND b.line = s._lakeload_line)" : "";
            try (Statement statement = connection.createStatement()) {
                if (!relation.schema().isMain()) {
                    replaceChildren(statement, relation, target, stage, where);
                }
                return statement.executeUpdate("INSERT INTO " + target + " (" + Sql.identList(names) + ") SELECT "
                        + select + " FROM " + stage + " s" + where);
            }
        }

        /** The staged value converted to its column's type. */
        private String cast(Column staged, TargetColumn column) throws SQLException {
            String value = "s." + Sql.ident(staged.name());
            if (column.type().equals("text")) {
                return value;
            }
            if (isLenientJson(staged, column)) {
                // A transformer may widen a column to jsonb after it emitted plain scalars for it (for example a
                // key holding a string in one document and an object in the next): those become JSON strings.
                String json = hasInputCheck()
                        ? "CASE WHEN pg_input_is_valid(" + value + ", 'jsonb') THEN " + value + "::jsonb ELSE to_jsonb("
                        + value + ") END"
                        : "pg_temp.lakeload_to_jsonb(" + value + ")";
                return "(" + json + ")::" + column.type();
            }
            return value + "::" + column.type();
        }

        private boolean isLenientJson(Column staged, TargetColumn column) {
            return staged.sourcePath() != null && (column.type().equals("jsonb") || column.type().equals("json"));
        }

        /** Whether the server has pg_input_is_valid (PostgreSQL 16); older ones get session-local helpers. */
        private boolean hasInputCheck() throws SQLException {
            if (inputCheck == null) {
                inputCheck = connection.getMetaData().getDatabaseMajorVersion() >= 16;
                if (!inputCheck) {
                    createHelperFunctions();
                }
            }
            return inputCheck;
        }

        /** Deletes the existing children of every parent key being loaded again. */
        private void replaceChildren(Statement statement, StagedRelation relation, String target, String stage,
                                     String where) throws SQLException {
            List<String> keys = table.primaryKey().stream().filter(k -> relation.schema().indexOf(k) >= 0).toList();
            if (keys.isEmpty() || keys.size() != table.primaryKey().size()) {
                return;
            }
            Map<String, TargetColumn> columns = targets.get(relation.schema().relation());
            StringBuilder match = new StringBuilder();
            for (String key : keys) {
                match.append(match.isEmpty() ? "" : " AND ").append("t.").append(Sql.ident(key))
                        .append(" = s.").append(Sql.ident(key)).append("::").append(columns.get(key).type());
            }
            statement.executeUpdate("DELETE FROM " + target + " t USING " + stage + " s"
                    + (where.isEmpty() ? " WHERE " : where + " AND ") + match);
        }

        /** Records every value of a relation that does not convert to its column's type, as rejects. */
        private void findBadValues(StagedRelation relation) throws SQLException {
            Map<String, TargetColumn> columns = targets.get(relation.schema().relation());
            String stage = Sql.qualified(relation.table().schema(), relation.table().name());
            List<String> checks = new ArrayList<>();
            for (Column staged : relation.schema().columns()) {
                String name = staged.name();
                TargetColumn column = columns.get(name);
                String value = "s." + Sql.ident(name);
                String type = literal(column.type());
                boolean anyText = column.acceptsAnyText() || isLenientJson(staged, column);
                String castError = hasInputCheck()
                        ? "CASE WHEN NOT pg_input_is_valid(" + value + ", " + type + ") THEN (pg_input_error_info("
                        + value + ", " + type + ")).message END"
                        : "pg_temp.lakeload_cast_error(" + value + ", " + type + ")";
                String reason = "CASE WHEN " + value + " IS NULL THEN "
                        + (column.notNull() ? literal("NULL in NOT NULL column " + name) : "NULL")
                        + (anyText ? " END" : " ELSE 'not a valid " + column.type().replace("'", "''")
                        + ": ' || " + castError + " END");
                checks.add("(" + literal(name) + ", " + value + ", " + reason + ")");
            }
            if (checks.isEmpty()) {
                return;
            }
            String found = "SELECT s._lakeload_file, s._lakeload_line, v.column_name, v.raw_value, v.reason FROM "
                    + stage + " s CROSS JOIN LATERAL (VALUES " + String.join(", ", checks)
                    + ") v(column_name, raw_value, reason) WHERE v.reason IS NOT NULL";
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS pg_temp.lakeload_bad_values (file integer, "
                        + "line bigint, column_name text, raw_value text, reason text) ON COMMIT DROP");
                statement.execute("TRUNCATE pg_temp.lakeload_bad_values");
                statement.execute("INSERT INTO pg_temp.lakeload_bad_values " + found);
                statement.execute("INSERT INTO lakeload.rejects (run_id, target_table, file_key, line, column_name, "
                        + "raw_value, reason) SELECT " + literal(runId) + ", " + literal(ledgerName + suffix(relation))
                        + ", f.file_key, b.line, b.column_name, b.raw_value, b.reason FROM "
                        + "pg_temp.lakeload_bad_values b JOIN " + FILES + " f ON f.ordinal = b.file");
                statement.execute("INSERT INTO " + BAD_ROWS + " SELECT DISTINCT file, line FROM "
                        + "pg_temp.lakeload_bad_values ON CONFLICT DO NOTHING");
            }
        }

        // PostgreSQL before 16 has no pg_input_is_valid; session-local functions catch the cast errors instead.
        private void createHelperFunctions() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE OR REPLACE FUNCTION pg_temp.lakeload_cast_error(v text, t text) RETURNS text
                        LANGUAGE plpgsql AS $$
                        BEGIN
                            EXECUTE format('SELECT %L::%s', v, t);
                            RETURN NULL;
                        EXCEPTION WHEN others THEN
                            RETURN SQLERRM;
                        END $$""");
                statement.execute("""
                        CREATE OR REPLACE FUNCTION pg_temp.lakeload_to_jsonb(v text) RETURNS jsonb
                        LANGUAGE plpgsql IMMUTABLE AS $$
                        BEGIN
                            RETURN v::jsonb;
                        EXCEPTION WHEN others THEN
                            RETURN to_jsonb(v);
                        END $$""");
            }
        }

        private DataException tooManyRejects(long rejected) throws SQLException {
            String sql = "SELECT file_key, line, column_name, raw_value, reason FROM lakeload.rejects WHERE run_id = ? "
                    + "AND (target_table = ? OR left(target_table, ?) = ?) ORDER BY file_key, line LIMIT 1";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, runId);
                query.setString(2, ledgerName);
                query.setInt(3, ledgerName.length() + 2);
                query.setString(4, ledgerName + "__");
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    String raw = rs.getString(4);
                    return new DataException(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(5)
                            + (raw == null ? "" : " (value: '" + abbreviate(raw) + "')") + "; " + rejected
                            + " row(s) could not be loaded and maxRejects is " + table.maxRejects()
                            + ", so nothing was loaded. Fix the data, or raise maxRejects to load the rest and "
                            + "keep these rows in lakeload.rejects");
                }
            }
        }

        private void recordColumnPaths() throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lakeload.columns (target_table, "
                    + "column_name, source_path) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (StagedRelation relation : staged.relations()) {
                    for (Column column : relation.schema().columns()) {
                        if (column.sourcePath() != null) {
                            insert.setString(1, targetSchema + "." + targetName(relation));
                            insert.setString(2, column.name());
                            insert.setString(3, column.sourcePath());
                            insert.addBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
        }

        private String targetName(StagedRelation relation) {
            return table.name() + suffix(relation);
        }

        private long count(String sql) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String suffix(StagedRelation relation) {
        return relation.schema().isMain() ? "" : "__" + relation.schema().relation();
    }

    /** Data exceptions (class 22) and NOT NULL violations are per-value problems that rejects can take. */
    private static boolean isValueError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.equals("23502"));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
