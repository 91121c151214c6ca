package dev.lakeload.postgres;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How one {@link LoadMode} writes a load's staged rows into its target tables. {@link PostgresPromoter} calls it
 * in the promotion's transaction, after the tables were prepared ({@link DdlPlanner}) and the staging's rejects
 * recorded, and before the files go into the ledger:
 * <ol>
 *   <li>{@link #clear} once, for what the mode does to the existing rows whatever the staged rows are (replace
 *       empties the tables); rejects are looked for against the tables as it leaves them;</li>
 *   <li>{@link #apply} runs the mode's statements (inserts, updates, deletes), reading staged rows only through
 *       {@link StagedTarget}: values converted as the target's types, rows that are not rejects
 *       ({@link StagedTarget#kept}), keys matched as the target compares them ({@link StagedTarget#sameKey}), load
 *       order by file and line ({@link StagingShape#loadOrder});</li>
 *   <li>when a statement fails on a value or a key, the promotion rolls back to before {@link #apply}, records the
 *       offending rows as rejects and calls {@link #apply} again, now without them ({@link RejectingApply}). So an
 *       applier keeps no state between calls but its {@link #notes}, and every statement leaves out the rows
 *       {@link StagedTarget#kept} excludes.</li>
 * </ol>
 * A new mode is one implementation and one line in {@link #forMode}.
 */
interface Applier {
    /**
     * Writes the staged rows of every target, the loaded table's first.
     *
     * @return how many rows were written to the loaded table (not counting its child tables)
     * @throws SQLException as the server reports it; a data exception (SQLSTATE class 22), a NOT NULL or check
     *     violation, or a unique violation makes the promotion look for rejects and try again
     */
    long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException;

    /**
     * Runs once before {@link #apply}, on the loaded table and its child tables as they exist after DDL (also those
     * this load stages no rows for). Does nothing by default.
     *
     * @param tables the tables, quoted for SQL, the loaded table first
     */
    default void clear(Connection connection, List<String> tables) throws SQLException {
    }

    /**
     * The loaded table's key on which this mode merges rows: a staged row whose key the table has updates that
     * row, so it is never a duplicate-key reject. Before each {@link #apply} of a mode with such a key, the last
     * row of each key is found once ({@link StagedTarget#findLatestPerKey}), so that its statements can read the
     * latest row per key ({@link StagedTarget#latestPerKey}) without each sorting the staged rows again. Empty (the
     * default) for a mode that only inserts.
     */
    default List<String> mergeKey(TableSpec table) {
        return List.of();
    }

    /**
     * Whether {@link #apply} fails with a cardinality violation (SQLSTATE 21000) whenever two rows it writes have
     * the same {@link #mergeKey}, instead of writing a result the load order did not decide. Then, while no staged
     * row is a reject, an apply first runs without looking for the latest rows ({@link
     * StagedTarget#assumeOnePerKey}): most loads have one row per key, and the statement itself proves it. False
     * (the default) for a mode that does not write every staged row (change data's deletes).
     */
    default boolean refusesRepeatedKeys(TableSpec table, StagedTarget main) {
        return false;
    }

    /**
     * What the last successful {@link #apply} found that an operator should know, for the run summary (the only
     * state an applier keeps: each apply replaces it). Empty by default.
     */
    default List<String> notes() {
        return List.of();
    }

    /** The applier of {@code mode}. */
    static Applier forMode(LoadMode mode) {
        return switch (mode) {
            case APPEND -> new AppendApplier();
            case UPSERT -> new UpsertApplier();
            case CDC -> new CdcApplier();
            case REPLACE -> new ReplaceApplier();
        };
    }
}
