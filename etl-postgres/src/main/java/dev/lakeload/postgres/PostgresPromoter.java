package dev.lakeload.postgres;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagingRequired;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Promotes staged rows into typed tables in one transaction with the ledger entries. It coordinates roles, in this
 * order, all on one connection in one transaction:
 * <ol>
 *   <li>name the session after the run and set the transaction's lock and statement timeouts
 *       ({@link RunSessions});</li>
 *   <li>take the table's advisory lock (concurrent runs promote it one at a time) and refuse a staged file that
 *       another run recorded meanwhile ({@link PostgresLedger});</li>
 *   <li>set the transaction's time zone to the table's and prepare the conversions ({@link CastSql});</li>
 *   <li>check the column names, create missing tables, add the columns transformers made ({@link DdlPlanner});</li>
 *   <li>record the rejects found while staging ({@link PromotionRejects});</li>
 *   <li>clear what the mode clears ({@link Applier#clear}), then apply the staged rows by the table's mode
 *       ({@link Applier#forMode}), keeping the rows whose value does not
 *       convert or whose key is taken as rejects ({@link RejectingApply});</li>
 *   <li>check that every record read is in staging ({@link Reconciliation}, before step 2) and that every kept row
 *       was written or merged (after step 5);</li>
 *   <li>fail when more rows were rejected than {@code maxRejects} allows, naming the first;</li>
 *   <li>record the files as loaded (for {@code replace}, every other file of the table as removed) and the
 *       transformer-made columns' source paths ({@link PostgresLedger}); commit.</li>
 * </ol>
 * A {@linkplain PostgresDirectLoad direct copy} copied its rows into the table in a transaction of its own, and
 * completes it itself (steps 2 and 9).
 *
 * <p>On any failure the transaction rolls back (a rollback that fails too is kept as suppressed by the original
 * failure) and the connection goes back to the data source with no transaction open. A {@linkplain #rehearsing()
 * rehearsing} promoter (a dry run's) does all of it and rolls back instead of committing, reporting the first
 * rejects it found as notes; it sends a direct copy back to staging, which it can roll back.
 *
 * <p>Thread-safe; each call uses its own connection.
 */
public final class PostgresPromoter implements Promoter {
    /** How many of a rehearsal's rejects its notes show. */
    static final int REHEARSED_REJECTS_SHOWN = 5;

    private final DataSource dataSource;
    private final String targetSchema;
    private final PostgresLedger ledger;
    private final WaitPolicy waits;
    private final boolean rehearsal;

    /** A promoter whose transactions have the {@linkplain WaitPolicy#DEFAULTS default} timeouts. */
    public PostgresPromoter(DataSource dataSource, String targetSchema) {
        this(dataSource, targetSchema, WaitPolicy.DEFAULTS);
    }

    /** A promoter whose transactions have the lock and statement timeouts of {@code waits}. */
    public PostgresPromoter(DataSource dataSource, String targetSchema, WaitPolicy waits) {
        this(dataSource, targetSchema, waits, false);
    }

    private PostgresPromoter(DataSource dataSource, String targetSchema, WaitPolicy waits, boolean rehearsal) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.targetSchema = Objects.requireNonNull(targetSchema, "targetSchema");
        this.ledger = new PostgresLedger(dataSource, targetSchema);
        this.waits = Objects.requireNonNull(waits, "waits");
        this.rehearsal = rehearsal;
    }

    /**
     * This promoter as a rehearsal: each promotion runs every step, casts, rejects, checks and ledger entries
     * included, then rolls back, so that its result (and its failure, such as too many rejects) is what a real
     * promotion would give, and nothing of it stays. It takes the same locks as a real promotion while it runs.
     * Sequences the promotion draws from (the ledger's entry ids) still advance, as in any rolled-back transaction.
     */
    public PostgresPromoter rehearsing() {
        return new PostgresPromoter(dataSource, targetSchema, waits, true);
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
            if (staged instanceof PostgresDirectLoad direct) {
                if (rehearsal) {
                    throw new StagingRequired("a dry run rehearses the promotion through staging");
                }
                return direct.promote(); // its rows are in the table already, in its open transaction
            }
            return rehearsal ? Sql.rolledBack(dataSource, connection -> rehearsed(
                    promote(connection, table, staged, runId), connection, table, runId))
                    : Sql.inTransaction(dataSource, connection -> promote(connection, table, staged, runId));
        } catch (SQLException e) {
            throw Sql.translate(e, "promoting " + targetSchema + "." + table.name());
        }
    }

    /** The result with the first rejects as notes, read before the rollback takes them away. */
    private PromotionResult rehearsed(PromotionResult result, Connection connection, TableSpec table, String runId)
            throws SQLException {
        List<String> notes = new ArrayList<>(result.notes());
        for (PostgresLedger.Reject reject : ledger.rejects(connection, table.name(), runId,
                REHEARSED_REJECTS_SHOWN)) {
            notes.add("would reject " + reject.fileKey() + " line " + reject.line() + (reject.column() == null ? ""
                    : " column " + reject.column()) + (reject.rawValue() == null ? ""
                    : " (value: '" + PromotionRejects.abbreviate(reject.rawValue()) + "')") + ": "
                    + reject.reason());
        }
        if (result.rowsRejected() > REHEARSED_REJECTS_SHOWN) {
            notes.add("... and " + (result.rowsRejected() - REHEARSED_REJECTS_SHOWN) + " more rejected row(s)");
        }
        return new PromotionResult(result.rowsLoaded(), result.rowsRejected(), result.columnsAdded(),
                result.tablesCreated(), result.columnsIgnored(), result.rowsMerged(), notes);
    }

    private PromotionResult promote(Connection connection, TableSpec table, StagedLoad staged, String runId)
            throws SQLException {
        RunSessions.configure(connection, runId, waits, true);
        ledger.lockTable(connection, table.name());
        ledger.refuseRecordedMeanwhile(connection, table.name(), staged.files());
        long stagedRows = Reconciliation.requireStaged(connection, table, staged);
        CastSql cast = CastSql.prepare(connection, table.name(), table.timeZone());
        DdlPlanner ddl = new DdlPlanner(connection, targetSchema, table, staged);
        Map<String, Map<String, TargetColumn>> columns = ddl.prepare();
        PromotionRejects rejects = PromotionRejects.open(connection, ledger, runId, staged.files());
        rejects.copyFromStaging(table.name(), staged.rejectsTable());
        List<StagedTarget> targets = ddl.relations().stream().map(relation -> {
            String name = StagedTarget.nameOf(table, relation);
            return new StagedTarget(relation, targetSchema, name, columns.get(name), cast, rejects);
        }).toList();
        Applier applier = Applier.forMode(table.mode());
        applier.clear(connection, columns.keySet().stream().map(n -> Sql.qualified(targetSchema, n)).toList());
        long loaded = new RejectingApply(connection, cast, rejects).apply(applier, table, targets);
        long merged = 0;
        for (StagedTarget main : targets.stream().filter(StagedTarget::isMain).toList()) {
            merged = Reconciliation.merged(connection, table, main, loaded, stagedRows, rejects.none());
        }
        long rejected = rejects.count();
        if (rejected > table.maxRejects()) {
            throw rejects.tooMany(table, rejected);
        }
        ledger.recordLoaded(connection, table.name(), runId, staged.files());
        ledger.recordSchemaChanges(connection, runId, ddl.changes());
        if (table.mode() == LoadMode.REPLACE) {
            // Every other file the ledger holds for the table has no rows in it any more (also one that another
            // run recorded meanwhile): recorded as removed, it is not removed again, and is new when listed again.
            ledger.recordRemoved(connection, table.name(), runId, staged.files());
        }
        for (StagedTarget target : targets) {
            ledger.recordColumnPaths(connection, target.name(),
                    StagingShape.valueColumns(target.relation().schema()));
        }
        return new PromotionResult(loaded, rejected, ddl.added(), ddl.created(), ddl.ignored(), merged,
                applier.notes());
    }
}
