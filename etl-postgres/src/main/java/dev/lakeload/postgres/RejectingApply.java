package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/**
 * Applies staged rows with a mode's {@link Applier} and keeps the rows it cannot write as rejects. When a statement
 * fails on a value (one that does not convert, a NULL in a NOT NULL column, a domain's check) or a taken key, the
 * work rolls back to before the apply, the offending rows are found in set-based queries ({@link BadValues},
 * {@link DuplicateKeys}) and recorded ({@link PromotionRejects}), and the apply runs again without them (a row's
 * child rows go with it). The finders run only after a failure, so clean loads pay nothing for them: the key
 * finder at most once, the value finder at most twice (first up to the first bad value, then the rest). For a
 * mode that merges on a key, each attempt first finds the last staged row of each key
 * ({@link StagedTarget#findLatestPerKey}): a reject found since may leave an earlier row the last of its key. A
 * mode whose merge refuses a repeated key ({@link Applier#refusesRepeatedKeys}) skips that search while no row is
 * a reject, and makes it only after the merge found a key twice. Not thread-safe; lives for one
 * promotion.
 */
final class RejectingApply {
    private final Connection connection;
    private final CastSql cast;
    private final PromotionRejects rejects;

    RejectingApply(Connection connection, CastSql cast, PromotionRejects rejects) {
        this.connection = connection;
        this.cast = cast;
        this.rejects = rejects;
    }

    /**
     * Runs {@code applier} until it succeeds without the rejected rows.
     *
     * @return what the applier returned: the rows written to the loaded table
     * @throws SQLException when a statement fails for another reason, or again after the finders ran
     */
    long apply(Applier applier, TableSpec table, List<StagedTarget> targets) throws SQLException {
        BadValues values = new BadValues(connection, cast, table.primaryKey(), rejects);
        boolean keysChecked = false;
        boolean keysRepeat = false;
        while (true) {
            values.beforeApply(targets);
            Savepoint beforeApply = connection.setSavepoint();
            boolean assumed = false;
            try {
                List<String> mergeKey = applier.mergeKey(table);
                if (!mergeKey.isEmpty()) {
                    assumed = !keysRepeat && rejects.none() && applier.refusesRepeatedKeys(table, targets.get(0));
                    if (assumed) {
                        assumeOnePerKey(connection, targets.get(0), mergeKey);
                    } else {
                        targets.get(0).findLatestPerKey(connection, mergeKey);
                    }
                }
                return applier.apply(connection, table, targets);
            } catch (SQLException e) {
                rollback(connection, beforeApply, e);
                if (assumed && isCardinalityViolation(e)) {
                    keysRepeat = true;
                } else if (isValueError(e) && !values.done()) {
                    values.find(targets);
                } else if (isUniqueViolation(e) && !keysChecked) {
                    if (!findDuplicateKeys(applier.mergeKey(table), targets)) {
                        // A key value that does not convert stopped the search: find those first.
                        if (values.done()) {
                            throw e;
                        }
                        values.findAll(targets);
                        if (!findDuplicateKeys(applier.mergeKey(table), targets)) {
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

    /**
     * Skips the search for the latest rows, which sorts every staged row, until a key repeats. The merge then
     * fails: a second row of a key conflicts with the row the same statement inserted or updated (SQLSTATE 21000).
     * One case writes without failing: the first row of a key leaves the table's row as it is (no update, only a
     * row lock) and a second one updates it. The second is the later one in load order, as it must win, because
     * without rejects the statement reads the staging table in one sequential scan from its first block (never in
     * parallel, since it writes; {@code synchronize_seqscans} off), and staging wrote the rows in load order.
     */
    static void assumeOnePerKey(Connection connection, StagedTarget main, List<String> mergeKey)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('synchronize_seqscans', 'off', true)");
        }
        main.assumeOnePerKey(mergeKey);
    }

    /** Records the rows whose key is taken; returns false, having recorded nothing, when a key does not convert. */
    private boolean findDuplicateKeys(List<String> mergeKey, List<StagedTarget> targets) throws SQLException {
        Savepoint beforeSearch = connection.setSavepoint();
        try {
            DuplicateKeys keys = new DuplicateKeys(connection, mergeKey);
            for (StagedTarget target : targets) {
                keys.find(target, rejects);
            }
            return true;
        } catch (SQLException e) {
            if (!isValueError(e)) {
                throw e;
            }
            rollback(connection, beforeSearch, e);
            return false;
        }
    }

    /**
     * Rolls back to {@code savepoint} after {@code failure}. When that fails too (the connection died: the backend
     * was terminated, the server shut down), {@code failure} is what happened and is thrown, with the rollback's
     * error kept as suppressed, so the cause and its SQLSTATE reach the table's result.
     */
    static void rollback(Connection connection, Savepoint savepoint, SQLException failure) throws SQLException {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * Data exceptions (class 22), NOT NULL violations and check violations (a domain's CHECK) are per-value problems
     * that rejects can take. A table's own CHECK constraint fails the load again after the search.
     */
    static boolean isValueError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.equals("23502") || state.equals("23514"));
    }

    /** "ON CONFLICT DO UPDATE command cannot affect row a second time". */
    static boolean isCardinalityViolation(SQLException e) {
        return "21000".equals(e.getSQLState());
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Whether the server refused a value or a key, which staging finds and keeps as a reject. */
    static boolean isRejectable(SQLException e) {
        return isValueError(e) || isUniqueViolation(e);
    }
}
