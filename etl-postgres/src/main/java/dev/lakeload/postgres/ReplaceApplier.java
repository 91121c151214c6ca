package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code replace}: the loaded table and its child tables become exactly the staged rows that are not rejects. The
 * existing rows are deleted, then the staged rows appended, in the promotion's one transaction.
 *
 * <p>{@code DELETE}, not {@code TRUNCATE}: a reader never waits and always sees the old or the new content (MVCC),
 * also a {@code REPEATABLE READ} transaction (a report, {@code pg_dump}) whose snapshot predates the commit, which
 * after a {@code TRUNCATE} would see the table empty; and {@code TRUNCATE}'s ACCESS EXCLUSIVE lock would block
 * every reader for the whole promotion. The price is one dead tuple per old row, which autovacuum reclaims. The
 * table itself stays, so its indexes, grants, comments, triggers and dependent views do too.
 */
final class ReplaceApplier implements Applier {
    private final AppendApplier append = new AppendApplier();

    @Override
    public void clear(Connection connection, List<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.executeLargeUpdate("DELETE FROM " + table);
            }
        }
    }

    // The tables are empty by now: appending every kept row makes them the files' rows, and a taken key can only
    // be an earlier row of this load.
    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
        return append.apply(connection, table, targets);
    }
}
