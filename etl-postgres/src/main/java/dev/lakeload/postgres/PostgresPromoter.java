package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
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
 * make sure no staged file was loaded by another run meanwhile; set the table's time zone; check the staged
 * column names against the table (or the declared columns of a table to create); create missing target tables
 * from declared columns and staged type hints, and add the columns a transformer made that an existing table
 * lacks; copy the rejects found while staging into {@code lakeload.rejects}; insert every staged row, converted by
 * {@link CastSql}. When a value does not convert or a key is taken, the inserts are rolled back to a savepoint,
 * the failing values ({@link CastSql}) or keys ({@link DuplicateKeys}) are found in set-based queries and recorded
 * as rejects, and the inserts repeated without their rows (a row's child rows go with it). More rejected rows
 * than {@code maxRejects} fail the table, naming the first one. Finally the files go into the ledger.
 *
 * <p>Column names match exactly, as the quoted identifiers they are: a header or declared name that the table
 * does not have fails the table, naming the closest existing name (often the same but for case). Only columns that
 * a transformer adds on purpose, with a type hint or source path, are added to an existing table.
 *
 * <p>Child relations (for example a flattened array {@code tags}) go to {@code <table>__<relation>}; an existing
 * child row of a parent that is loaded again is replaced (rows sharing the parent's key columns are deleted).
 *
 * <p>Thread-safe; each call uses its own connection.
 */
public final class PostgresPromoter implements Promoter {
    private static final String BAD_ROWS = "pg_temp.lakeload_bad_rows";
    private static final String FILES = "pg_temp.lakeload_staged_files";
    private static final String FOUND = "pg_temp.lakeload_found_rejects";

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
        Map<String, List<Column>> columns = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Map<String, String>> paths = ledger.columnPaths(connection, table.name());
            TargetCatalog.columns(connection, targetSchema, table.name()).forEach((name, tableColumns) -> {
                String relation = name.equals(table.name()) ? "" : name.substring(table.name().length() + 2);
                Map<String, String> tablePaths = paths.getOrDefault(name, Map.of());
                columns.put(relation, tableColumns.values().stream()
                        .map(c -> new Column(c.name(), c.type(), tablePaths.get(c.name()))).toList());
            });
        } catch (SQLException e) {
            throw Sql.translate(e, "cannot read the columns of " + targetSchema + "." + table.name());
        }
        return columns;
    }

    @Override
    public PromotionResult promote(TableSpec table, StagedLoad staged, String runId) {
        try {
            return Sql.inTransaction(dataSource, connection -> new Promotion(connection, table, staged, runId).run());
        } catch (SQLException e) {
            throw Sql.translate(e, "promoting " + targetSchema + "." + table.name());
        }
    }

    /** One promotion's state; lives for one transaction. */
    private final class Promotion implements DuplicateKeys.Rejects {
        private final Connection connection;
        private final TableSpec table;
        private final StagedLoad staged;
        private final String runId;
        private final String ledgerName;
        private final Map<String, Map<String, TargetColumn>> targets = new LinkedHashMap<>();
        private CastSql cast;

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
            cast = CastSql.prepare(connection, table.name(), table.timeZone());
            DdlPlanner ddl = new DdlPlanner(connection, targetSchema, table, staged);
            Map<String, Map<String, TargetColumn>> columns = ddl.prepare();
            for (StagedRelation relation : staged.relations()) {
                targets.put(relation.schema().relation(), columns.get(targetName(relation)));
            }
            copyStagingRejects();
            long loaded = insertKeepingRejects();
            long rejected = count("SELECT count(*) FROM " + BAD_ROWS);
            if (rejected > table.maxRejects()) {
                throw tooManyRejects(rejected);
            }
            ledger.recordLoaded(connection, table.name(), runId, staged.files());
            recordColumnPaths();
            return new PromotionResult(loaded, rejected, ddl.added(), ddl.created());
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

        private void copyStagingRejects() throws SQLException {
            if (staged.rejectsTable() == null) {
                return;
            }
            recordRejects(ledgerName, Query.of("SELECT " + Sql.identList(StagingShape.leadingNames()) + ", "
                    + Sql.identList(PostgresStagedLoad.REJECT_SCHEMA.names()) + " FROM "
                    + Sql.qualified(staged.rejectsTable().schema(), staged.rejectsTable().name())));
        }

        /**
         * Inserts the staged rows; rows with a value that does not convert or a key that is taken become rejects.
         * The finders run only after an insert failed, each at most once, so clean loads pay nothing for them.
         */
        private long insertKeepingRejects() throws SQLException {
            boolean valuesChecked = false;
            boolean keysChecked = false;
            while (true) {
                Savepoint beforeInserts = connection.setSavepoint();
                try {
                    return insertAll();
                } catch (SQLException e) {
                    connection.rollback(beforeInserts);
                    if (isValueError(e) && !valuesChecked) {
                        findBadValues();
                        valuesChecked = true;
                    } else if (isUniqueViolation(e) && !keysChecked) {
                        if (!findDuplicateKeys()) {
                            // A key value that does not convert stopped the search: find those first.
                            if (valuesChecked) {
                                throw e;
                            }
                            findBadValues();
                            valuesChecked = true;
                            if (!findDuplicateKeys()) {
                                throw e;
                            }
                        }
                        keysChecked = true;
                    } else {
                        throw e;
                    }
                }
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
                select.append(select.isEmpty() ? "" : ", ").append(cast.value(staged, columns.get(staged.name()),
                        "s." + Sql.ident(staged.name())));
            }
            String where = excludeBad ? " WHERE " + notRejected("s") : "";
            try (Statement statement = connection.createStatement()) {
                if (!relation.schema().isMain()) {
                    replaceChildren(statement, relation, target, stage, where);
                }
                return statement.executeUpdate("INSERT INTO " + target + " (" + Sql.identList(names) + ") SELECT "
                        + select + " FROM " + stage + " s" + where);
            }
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
                Column column = relation.schema().column(relation.schema().indexOf(key));
                match.append(match.isEmpty() ? "" : " AND ").append("t.").append(Sql.ident(key)).append(" = ")
                        .append(cast.value(column, columns.get(key), "s." + Sql.ident(key)));
            }
            statement.executeUpdate("DELETE FROM " + target + " t USING " + stage + " s"
                    + (where.isEmpty() ? " WHERE " : where + " AND ") + match);
        }

        /** Records every value that does not convert to its column's type, as rejects. */
        private void findBadValues() throws SQLException {
            for (StagedRelation relation : staged.relations()) {
                Map<String, TargetColumn> columns = targets.get(relation.schema().relation());
                Query checks = new Query();
                String separator = "";
                for (Column staged : relation.schema().columns()) {
                    String value = "s." + Sql.ident(staged.name());
                    checks.sql(separator + "(").value(staged.name()).sql(", " + value + ", ")
                            .add(cast.problem(staged, columns.get(staged.name()), value)).sql(")");
                    separator = ", ";
                }
                if (!separator.isEmpty()) {
                    recordRejects(ledgerName + suffix(relation), Query.of("SELECT " + StagingShape.file("s") + ", "
                            + StagingShape.line("s") + ", v.column_name, v.raw_value, v.reason FROM "
                            + Sql.qualified(relation.table().schema(), relation.table().name())
                            + " s CROSS JOIN LATERAL (VALUES ").add(checks)
                            .sql(") v(column_name, raw_value, reason) WHERE v.reason IS NOT NULL"));
                }
            }
        }

        /**
         * Records every row whose key a unique index refuses, as rejects; returns false, having recorded nothing,
         * when a key value does not convert.
         */
        private boolean findDuplicateKeys() throws SQLException {
            Savepoint beforeSearch = connection.setSavepoint();
            try {
                DuplicateKeys keys = new DuplicateKeys(connection, cast, FILES);
                for (StagedRelation relation : staged.relations()) {
                    keys.find(relation, Sql.qualified(targetSchema, targetName(relation)), ledgerName
                            + suffix(relation), targets.get(relation.schema().relation()), this);
                }
                return true;
            } catch (SQLException e) {
                if (!isValueError(e)) {
                    throw e;
                }
                connection.rollback(beforeSearch);
                return false;
            }
        }

        @Override
        public void recordRejects(String targetTable, Query found) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + FOUND + " (file integer, line bigint, "
                        + "column_name text, raw_value text, reason text) ON COMMIT DROP");
                statement.execute("TRUNCATE " + FOUND);
                Query.of("INSERT INTO " + FOUND + " ").add(found).update(connection);
                // The ledger takes the table's unqualified name.
                ledger.recordRejects(connection, targetTable.substring(targetSchema.length() + 1), runId,
                        Query.of("SELECT f.file_key, b.line, b.column_name, b.raw_value, b.reason FROM " + FOUND
                                + " b JOIN " + FILES + " f ON f.ordinal = b.file"));
                statement.execute("INSERT INTO " + BAD_ROWS + " SELECT DISTINCT file, line FROM " + FOUND
                        + " ON CONFLICT DO NOTHING");
            }
        }

        @Override
        public String notRejected(String alias) {
            return "NOT EXISTS (SELECT 1 FROM " + BAD_ROWS + " b WHERE b.file = " + StagingShape.file(alias)
                    + " AND b.line = " + StagingShape.line(alias) + ")";
        }

        private DataException tooManyRejects(long rejected) throws SQLException {
            PostgresLedger.Reject first = ledger.firstReject(connection, table.name(), runId);
            String raw = first.rawValue();
            return new DataException(first.fileKey(), first.line(), first.column(), first.reason()
                    + (raw == null ? "" : " (value: '" + abbreviate(raw) + "')") + "; " + rejected
                    + " row(s) could not be loaded and maxRejects is " + table.maxRejects()
                    + ", so nothing was loaded. Fix the data, or raise maxRejects to load the rest and "
                    + "keep these rows in lakeload.rejects");
        }

        private void recordColumnPaths() throws SQLException {
            for (StagedRelation relation : staged.relations()) {
                ledger.recordColumnPaths(connection, targetName(relation), relation.schema().columns());
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

    /**
     * Data exceptions (class 22), NOT NULL violations and check violations (a domain's CHECK) are per-value problems
     * that rejects can take. A table's own CHECK constraint fails the load again after the search.
     */
    private static boolean isValueError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.equals("23502") || state.equals("23514"));
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
