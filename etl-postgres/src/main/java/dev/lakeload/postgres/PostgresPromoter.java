package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.staging.StagedLoad;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Promotes staged rows into typed tables in one transaction with the ledger entries. It coordinates roles, in this
 * order, all on one connection in one transaction:
 * <ol>
 *   <li>take the table's advisory lock (concurrent runs promote it one at a time) and refuse a staged file that
 *       another run recorded meanwhile ({@link PostgresLedger});</li>
 *   <li>set the transaction's time zone to the table's and prepare the conversions ({@link CastSql});</li>
 *   <li>check the column names, create missing tables, add the columns transformers made ({@link DdlPlanner});</li>
 *   <li>record the rejects found while staging ({@link PromotionRejects});</li>
 *   <li>insert the staged rows, converted; rows already in the table stay, and a child relation's rows of a parent
 *       loaded again are replaced. When a value does not convert or a key is taken, roll back to before the
 *       inserts, record those rows as rejects ({@link BadValues}, {@link DuplicateKeys}) and insert again without
 *       them (a row's child rows go with it);</li>
 *   <li>fail when more rows were rejected than {@code maxRejects} allows, naming the first;</li>
 *   <li>record the files as loaded and the transformer-made columns' source paths ({@link PostgresLedger});
 *       commit.</li>
 * </ol>
 * On any failure the transaction rolls back (a rollback that fails too is kept as suppressed by the original
 * failure) and the connection goes back to the data source with no transaction open.
 *
 * <p>Thread-safe; each call uses its own connection.
 */
public final class PostgresPromoter implements Promoter {
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
            return Sql.inTransaction(dataSource, connection -> promote(connection, table, staged, runId));
        } catch (SQLException e) {
            throw Sql.translate(e, "promoting " + targetSchema + "." + table.name());
        }
    }

    private PromotionResult promote(Connection connection, TableSpec table, StagedLoad staged, String runId)
            throws SQLException {
        ledger.lockTable(connection, table.name());
        ledger.refuseRecordedMeanwhile(connection, table.name(), staged.files());
        CastSql cast = CastSql.prepare(connection, table.name(), table.timeZone());
        DdlPlanner ddl = new DdlPlanner(connection, targetSchema, table, staged);
        Map<String, Map<String, TargetColumn>> columns = ddl.prepare();
        PromotionRejects rejects = PromotionRejects.open(connection, ledger, runId, staged.files());
        rejects.copyFromStaging(table.name(), staged.rejectsTable());
        List<StagedTarget> targets = staged.relations().stream().map(relation -> {
            String name = StagedTarget.nameOf(table, relation);
            return new StagedTarget(relation, targetSchema, name, columns.get(name), cast, rejects);
        }).toList();
        long loaded = applyKeepingRejects(connection, table, targets, cast, rejects);
        long rejected = rejects.count();
        if (rejected > table.maxRejects()) {
            throw rejects.tooMany(table, rejected);
        }
        ledger.recordLoaded(connection, table.name(), runId, staged.files());
        for (StagedTarget target : targets) {
            ledger.recordColumnPaths(connection, target.name(), target.relation().schema().columns());
        }
        return new PromotionResult(loaded, rejected, ddl.added(), ddl.created());
    }

    /**
     * Inserts the staged rows; rows with a value that does not convert or a key that is taken become rejects. The
     * finders run only after an insert failed, each at most once, so clean loads pay nothing for them.
     */
    private static long applyKeepingRejects(Connection connection, TableSpec table, List<StagedTarget> targets,
                                            CastSql cast, PromotionRejects rejects) throws SQLException {
        boolean valuesChecked = false;
        boolean keysChecked = false;
        while (true) {
            Savepoint beforeApply = connection.setSavepoint();
            try {
                return insertAll(connection, table, targets);
            } catch (SQLException e) {
                connection.rollback(beforeApply);
                if (isValueError(e) && !valuesChecked) {
                    findBadValues(cast, targets, rejects);
                    valuesChecked = true;
                } else if (isUniqueViolation(e) && !keysChecked) {
                    if (!findDuplicateKeys(connection, targets, rejects)) {
                        // A key value that does not convert stopped the search: find those first.
                        if (valuesChecked) {
                            throw e;
                        }
                        findBadValues(cast, targets, rejects);
                        valuesChecked = true;
                        if (!findDuplicateKeys(connection, targets, rejects)) {
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

    private static long insertAll(Connection connection, TableSpec table, List<StagedTarget> targets)
            throws SQLException {
        long mainRows = 0;
        try (Statement statement = connection.createStatement()) {
            for (StagedTarget target : targets) {
                if (!target.isMain()) {
                    replaceChildren(statement, table, target);
                }
                long rows = statement.executeLargeUpdate("INSERT INTO " + target.table() + " ("
                        + target.stagedNames() + ") SELECT " + target.values("s") + " FROM " + target.stage()
                        + " s WHERE " + target.kept("s"));
                if (target.isMain()) {
                    mainRows = rows;
                }
            }
        }
        return mainRows;
    }

    /** Deletes the existing children of every parent key being loaded again. */
    private static void replaceChildren(Statement statement, TableSpec table, StagedTarget child)
            throws SQLException {
        List<String> key = table.primaryKey();
        if (key.isEmpty() || !key.stream().allMatch(k -> child.relation().schema().indexOf(k) >= 0)) {
            return;
        }
        statement.executeLargeUpdate("DELETE FROM " + child.table() + " t USING " + child.stage() + " s WHERE "
                + child.kept("s") + " AND " + child.sameKey(key, "t", "s"));
    }

    private static void findBadValues(CastSql cast, List<StagedTarget> targets, PromotionRejects rejects)
            throws SQLException {
        BadValues values = new BadValues(cast);
        for (StagedTarget target : targets) {
            values.find(target, rejects);
        }
    }

    /** Records the rows whose key is taken; returns false, having recorded nothing, when a key does not convert. */
    private static boolean findDuplicateKeys(Connection connection, List<StagedTarget> targets,
                                             PromotionRejects rejects) throws SQLException {
        Savepoint beforeSearch = connection.setSavepoint();
        try {
            DuplicateKeys keys = new DuplicateKeys(connection);
            for (StagedTarget target : targets) {
                keys.find(target, rejects);
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
}
