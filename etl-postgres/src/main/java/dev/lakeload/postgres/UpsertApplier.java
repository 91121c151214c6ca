package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code upsert}: merges the staged rows into the loaded table on its primary key. Of the rows of one key in a
 * load, the last in load order (file, then line) wins ({@link StagedTarget#latestPerKey}); it inserts the key or
 * updates the row that has it, and a row whose values would not change is not written at all, so a replay leaves
 * no dead tuples. Child relations ({@code <table>__<relation>}) follow their parent: the children of every merged
 * key are deleted, also when the parent's array is now empty or absent, and the winning row's children inserted.
 *
 * <p>The table needs a primary key or unique index on exactly the key's columns ({@code ON CONFLICT} names it): a
 * table lakeload creates has it; for another one the failure gives the DDL to add it.
 */
final class UpsertApplier implements Applier {
    private static final String EVERY_ROW = "true";

    private final String written;
    private final Map<String, String> extra;
    private final String deleted;

    UpsertApplier() {
        this(EVERY_ROW, Map.of(), null);
    }

    /**
     * @param written a condition on the last staged row of a key, {@code s}: true when it is written; the key of
     *     another row only loses its children, and its row too when {@code deleted} is given
     * @param extra columns of the loaded table written besides the staged values, in order, each with its value
     *     as SQL over the staged row {@code s} (change data that the table keeps)
     * @param deleted null, or a condition on {@code s} true for the rows {@code written} is false for: the table's
     *     row of each key whose last row it is true for is deleted (change data's deletes)
     */
    UpsertApplier(String written, Map<String, String> extra, String deleted) {
        this.written = written;
        this.extra = extra;
        this.deleted = deleted;
    }

    @Override
    public List<String> mergeKey(TableSpec table) {
        return table.primaryKey();
    }

    /**
     * True when every staged row is written and a conflict updates: {@code ON CONFLICT DO NOTHING} (every column is
     * key) skips a repeated key where {@code DO UPDATE} fails on it, and a condition on the written rows would
     * leave out rows (change data's deletes) that the key's last row may be.
     */
    @Override
    public boolean refusesRepeatedKeys(TableSpec table, StagedTarget main) {
        return written.equals(EVERY_ROW) && !updated(main, table.primaryKey(), extra).isEmpty();
    }

    @Override
    public long apply(Connection connection, TableSpec table, List<StagedTarget> targets) throws SQLException {
        List<String> key = table.primaryKey();
        StagedTarget main = targets.get(0);
        requireUniqueKey(connection, table, main, key);
        long rows;
        try (Statement statement = connection.createStatement()) {
            rows = writeLatest(connection, statement, main, key);
            deleteChildren(connection, statement, table, main, key);
            for (StagedTarget child : targets.subList(1, targets.size())) {
                statement.executeLargeUpdate("INSERT INTO " + child.table() + " (" + child.stagedNames()
                        + ") SELECT " + child.values("c") + " FROM " + child.stage() + " c WHERE " + child.kept("c")
                        + " AND EXISTS (SELECT 1 FROM " + main.latestPerKey(key) + " s WHERE " + written + " AND "
                        + StagingShape.file("s") + " = " + StagingShape.file("c") + " AND "
                        + StagingShape.line("s") + " = " + StagingShape.line("c") + ")");
            }
        }
        return rows;
    }

    /**
     * Deletes the children of every merged key from every existing child table that holds the key, staged in this
     * load or not: a load in which no row has an array stages no relation for it, and its children must still go.
     */
    private static void deleteChildren(Connection connection, Statement statement, TableSpec table,
                                       StagedTarget main, List<String> key) throws SQLException {
        Map<String, Map<String, TargetColumn>> tables = TargetCatalog.columns(connection, main.schema(), table.name());
        for (Map.Entry<String, Map<String, TargetColumn>> child : tables.entrySet()) {
            if (!child.getKey().equals(table.name()) && child.getValue().keySet().containsAll(key)) {
                statement.executeLargeUpdate("DELETE FROM " + Sql.qualified(main.schema(), child.getKey())
                        + " t USING " + main.latestPerKey(key) + " s WHERE "
                        + main.sameKey(key, "t", "s", child.getValue()));
            }
        }
    }

    /** Whether this is {@code upsert} itself: every row written, nothing besides the staged values. */
    private boolean isPlainUpsert() {
        return written.equals(EVERY_ROW) && extra.isEmpty();
    }

    /** Whether the loaded table has no rows. */
    static boolean isEmpty(Statement statement, StagedTarget main) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + main.table() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Writes the latest rows by the cheapest statement that is right for them, falling back to {@code INSERT ...
     * ON CONFLICT DO UPDATE} ({@link #merge(StagedTarget, List)}) when it meets a key the table holds already (a
     * unique violation rolls back to before it):
     * <ul>
     *   <li>into an empty table (a first load, a backfill), a plain {@code INSERT}, which spares each row the
     *       speculative insertion and conflict check of {@code ON CONFLICT}: about 30 % of the statement. A key is
     *       taken after all when another session inserted it meanwhile, or when it repeats in a load assumed to have
     *       one row per key;</li>
     *   <li>into a table that may hold the keys, when the rows are known to have one per key ({@link
     *       StagedTarget#oneRowPerKey}) and the server has {@code MERGE} (15 on), {@code MERGE}: it joins the rows
     *       with the table and leaves an unchanged row alone, where {@code ON CONFLICT} locks the row it meets
     *       before its {@code WHERE} compares (a replay of a million rows: 1.3 to 1.9 s against 3.0 s), and its join
     *       reads the table in order, as change data does not come. It is not for rows only assumed to have one per
     *       key: of two rows of a key, an earlier different one would win when the later one equals the table. A
     *       key is taken when another session inserted it meanwhile, where {@code ON CONFLICT} waits and
     *       updates;</li>
     *   <li>otherwise {@code ON CONFLICT} itself, and a {@code DELETE} of the deleted keys.</li>
     * </ul>
     * The {@code MERGE} deletes the deleted keys' rows itself, in its own join, where a {@code DELETE} after it
     * joined the latest rows with the table again (0.7 s for 100,000 deletes among a million changes).
     */
    private long writeLatest(Connection connection, Statement statement, StagedTarget main, List<String> key)
            throws SQLException {
        String first = isPlainUpsert() && isEmpty(statement, main)
                ? insert(main, Map.of(), "SELECT", "s", main.latestPerKey(key) + " s")
                : main.oneRowPerKey() && connection.getMetaData().getDatabaseMajorVersion() >= 15
                ? mergeCommand(main, key) : null;
        if (first != null) {
            Savepoint beforeFirst = connection.setSavepoint();
            try {
                long rows = statement.executeLargeUpdate(first);
                connection.releaseSavepoint(beforeFirst);
                return rows;
            } catch (SQLException e) {
                if (!RejectingApply.isUniqueViolation(e)) {
                    throw e;
                }
                RejectingApply.rollback(connection, beforeFirst, e);
            }
        }
        long rows = statement.executeLargeUpdate(merge(main, key));
        return deleted == null ? rows : rows + statement.executeLargeUpdate("DELETE FROM " + main.table()
                + " t USING " + main.latestPerKey(key) + " s WHERE " + deleted + " AND " + main.sameKey(key, "t", "s"));
    }

    /**
     * {@code MERGE INTO target USING (latest rows) ON key WHEN MATCHED AND a value differs THEN UPDATE WHEN NOT
     * MATCHED THEN INSERT}, comparing stored images as {@link #merge(StagedTarget, List, Map, String, String, String)}
     * does; with {@code deleted}, every latest row is joined, and a deleted key's match is deleted first.
     */
    private String mergeCommand(StagedTarget main, List<String> key) {
        List<String> names = new ArrayList<>(main.valueNames());
        names.addAll(extra.keySet());
        List<String> rest = updated(main, key, extra);
        String values = main.values("s") + extra.values().stream().map(v -> ", " + v).collect(Collectors.joining());
        String using = deleted == null ? values + " FROM " + main.latestPerKey(key) + " s WHERE " + written
                : values + ", (" + deleted + ") IS TRUE FROM " + main.latestPerKey(key) + " s";
        String flag = Sql.ident(StagingShape.DELETED);
        String delete = deleted == null ? "" : " WHEN MATCHED AND m." + flag + " THEN DELETE";
        String matched = rest.isEmpty() ? "" : " WHEN MATCHED AND NOT record_image_eq(ROW(" + columns("t", rest)
                + "), ROW(" + columns("m", rest) + ")) THEN UPDATE SET " + rest.stream()
                .map(c -> Sql.ident(c) + " = m." + Sql.ident(c)).collect(Collectors.joining(", "));
        return "MERGE INTO " + main.table() + " t USING (SELECT " + using + ") m (" + Sql.identList(names)
                + (deleted == null ? "" : ", " + flag) + ") ON " + key.stream()
                .map(k -> "t." + Sql.ident(k) + " = m." + Sql.ident(k)).collect(Collectors.joining(" AND "))
                + delete + matched + " WHEN NOT MATCHED" + (deleted == null ? "" : " AND NOT m." + flag)
                + " THEN INSERT (" + Sql.identList(names) + ") VALUES (" + columns("m", names) + ")";
    }

    private String merge(StagedTarget main, List<String> key) {
        return merge(main, key, extra, "SELECT", "s", main.latestPerKey(key) + " s WHERE " + written);
    }

    /**
     * A statement that inserts rows into the loaded table, or updates the row with their key where a value
     * differs: {@code INSERT INTO target (staged values, extra) <select> <values of alias>, <extra> FROM <from>
     * ON CONFLICT (key) DO UPDATE ...}. The rows must have distinct keys.
     *
     * @param extra columns written besides the staged values, with their values as SQL
     * @param select {@code SELECT}, or {@code SELECT DISTINCT ON (...)}
     * @param alias the staged row whose values are written
     * @param from what follows {@code FROM}: relations and conditions
     */
    static String merge(StagedTarget main, List<String> key, Map<String, String> extra, String select, String alias,
                        String from) {
        List<String> rest = updated(main, key, extra);
        String insert = insert(main, extra, select, alias, from) + " ON CONFLICT (" + Sql.identList(key) + ") DO ";
        if (rest.isEmpty()) {
            return insert + "NOTHING";
        }
        // record_image_eq (the *= operator) compares stored images, unlike IS DISTINCT FROM: it works for types
        // without an equality operator (json, xml, point), and it rewrites a value equal but written differently
        // (1.0 -> 1.00), as a replica must. NULLs are equal to each other. Called as a function because the
        // operator between two ROW(...) would be applied column by column.
        return insert + "UPDATE SET " + rest.stream().map(c -> Sql.ident(c) + " = EXCLUDED." + Sql.ident(c))
                .collect(Collectors.joining(", ")) + " WHERE NOT record_image_eq(ROW(" + columns("t", rest)
                + "), ROW(" + columns("EXCLUDED", rest) + "))";
    }

    /** {@code INSERT INTO target (staged values, extra) <select> <values of alias>, <extra> FROM <from>}. */
    private static String insert(StagedTarget main, Map<String, String> extra, String select, String alias,
                                 String from) {
        String names = main.stagedNames() + extra.keySet().stream().map(c -> ", " + Sql.ident(c))
                .collect(Collectors.joining());
        return "INSERT INTO " + main.table() + " AS t (" + names + ") " + select + " " + main.values(alias)
                + extra.values().stream().map(v -> ", " + v).collect(Collectors.joining()) + " FROM " + from;
    }

    /** The columns a conflict updates: the staged values' but the key's, then the extra ones. */
    private static List<String> updated(StagedTarget main, List<String> key, Map<String, String> extra) {
        List<String> rest = new ArrayList<>(main.valueNames().stream().filter(c -> !key.contains(c)).toList());
        rest.addAll(extra.keySet());
        return rest;
    }

    private static String columns(String alias, List<String> names) {
        return names.stream().map(c -> alias + "." + Sql.ident(c)).collect(Collectors.joining(", "));
    }

    /**
     * Refuses a load whose rows lack a key column, and a table without a unique index on exactly the key.
     *
     * @throws ConfigException naming the table, the key and the DDL that adds the index
     */
    private static void requireUniqueKey(Connection connection, TableSpec table, StagedTarget main,
                                         List<String> key) throws SQLException {
        for (String k : key) {
            if (main.relation().schema().indexOf(k) < 0) {
                throw new ConfigException("table " + table.name() + ": primaryKey column '" + k + "' is not among "
                        + "the loaded columns " + main.valueNames() + ", so mode " + mode(table) + " cannot merge "
                        + "rows and nothing was loaded: name the key columns in primaryKey");
            }
        }
        if (TargetCatalog.uniqueKeys(connection, main.table()).stream()
                .noneMatch(unique -> Set.copyOf(unique).equals(Set.copyOf(key)))) {
            String columns = Sql.identList(key);
            throw new ConfigException("table " + table.name() + ": mode " + mode(table) + " merges rows on primaryKey ("
                    + String.join(", ", key) + "), but " + main.qualifiedName() + " has no primary key or unique "
                    + "index on exactly those columns, so nothing was loaded. Add one, then run again: ALTER TABLE "
                    + main.table() + " ADD PRIMARY KEY (" + columns + "); or, to keep another primary key, "
                    + "CREATE UNIQUE INDEX ON " + main.table() + " (" + columns + ");");
        }
    }

    private static String mode(TableSpec table) {
        return table.mode().name().toLowerCase(Locale.ROOT);
    }
}
