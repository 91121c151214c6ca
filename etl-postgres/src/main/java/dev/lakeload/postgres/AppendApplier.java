package dev.lakeload.postgres;

import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code append}: inserts every staged row that is not a reject; rows already in the table stay. A child relation
 * (a flattened array, {@code <table>__<relation>}) that carries its parent's whole primary key is replaced per
 * parent: the child rows of every parent being loaded again are deleted before the new ones go in.
 */
final class AppendApplier implements Applier {
    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
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
}
