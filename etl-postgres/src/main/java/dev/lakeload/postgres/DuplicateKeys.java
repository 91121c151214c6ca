package dev.lakeload.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the staged rows that a unique constraint or unique index of their target table refuses: their key is in
 * the table already, or an earlier row of this load (by file, then line) has it. Only indexes on plain columns
 * that every staged row brings are checked; a unique violation on another (an expression, a partial index, a
 * column the table fills itself) is left to fail the load as PostgreSQL reports it.
 *
 * <p>The promoter runs this only after an insert failed with a unique violation, so clean loads pay nothing. Keys
 * are converted exactly as the insert converts them ({@link CastSql}), into a temporary table with the target
 * columns' own types, so equal means what the index means. Not thread-safe; lives for one transaction.
 */
final class DuplicateKeys {
    private static final String KEYS = "pg_temp.lakeload_keys";
    /** What a reason says after the key when the target table had the key already. */
    static final String ALREADY_IN = "): already in ";

    private final Connection connection;
    private final Set<String> mergeKey;

    /**
     * @param mergeKey the loaded table's key on which its mode merges rows (updating the row that has it), empty
     *     when the mode only inserts
     */
    DuplicateKeys(Connection connection, List<String> mergeKey) {
        this.connection = connection;
        this.mergeKey = Set.copyOf(mergeKey);
    }

    /**
     * Records every row of {@code target} whose key a unique index of its table refuses.
     *
     * @throws SQLException with a data exception SQLSTATE (class 22) when a key value does not convert; nothing
     *     is recorded then, and the caller rolls back to before this call
     */
    void find(StagedTarget target, PromotionRejects rejects) throws SQLException {
        for (List<String> key : uniqueKeys(target)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + KEYS);
                statement.execute(createKeys(key, target.columns()));
                statement.execute(fillKeys(target, key));
            }
            // File, line, column name, raw value and the start of the reason, "duplicate key (id)=(1)".
            String names = String.join(", ", key);
            Query reject = Query.of("SELECT " + StagingShape.file("k") + ", " + StagingShape.line("k") + ", ")
                    .value(names).sql(", k.raw, ").value("duplicate key (" + names + ")=(").sql(" || " + key.stream()
                    .map(k -> "k." + Sql.ident(k) + "::text").collect(Collectors.joining(" || ', ' || ")) + " || ");
            rejects.record(target.name(), new Query().add(reject).value(ALREADY_IN + target.qualifiedName())
                    .sql(" FROM " + KEYS + " k WHERE EXISTS (SELECT 1 FROM " + target.table() + " t WHERE "
                            + key.stream().map(k -> "t." + Sql.ident(k) + " = k." + Sql.ident(k))
                            .collect(Collectors.joining(" AND ")) + ")"));
            // The first copy in load order stays. Rows found above are rejects by now, and their copies with them.
            String copies = "PARTITION BY " + key.stream().map(k -> "k." + Sql.ident(k))
                    .collect(Collectors.joining(", ")) + " ORDER BY " + StagingShape.loadOrder("k");
            rejects.record(target.name(), new Query().add(reject).sql("'): also in this load at ' || f.file_key "
                    + "|| ', line ' || k.first_line FROM (SELECT k.*, row_number() OVER w AS copy, first_value("
                    + StagingShape.file("k") + ") OVER w AS first_file, first_value(" + StagingShape.line("k")
                    + ") OVER w AS first_line FROM " + KEYS + " k WHERE " + rejects.kept("k") + " WINDOW w AS ("
                    + copies + ")) k JOIN " + rejects.filesTable() + " f ON f.ordinal = k.first_file "
                    + "WHERE k.copy > 1"));
        }
    }

    /**
     * The column lists of the target's unique indexes that can be checked ({@link TargetCatalog#uniqueKeys}) on
     * columns every staged row has, except the loaded table's merge key: a row whose merge key is taken updates
     * that row.
     */
    private List<List<String>> uniqueKeys(StagedTarget target) throws SQLException {
        return TargetCatalog.uniqueKeys(connection, target.table()).stream()
                .filter(key -> key.stream().allMatch(k -> target.relation().schema().indexOf(k) >= 0))
                .filter(key -> !(target.isMain() && Set.copyOf(key).equals(mergeKey)))
                .toList();
    }

    private String createKeys(List<String> key, Map<String, TargetColumn> columns) {
        StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE " + KEYS + " (" + StagingShape.leadingColumns()
                + ", raw text");
        for (String k : key) {
            ddl.append(", ").append(Sql.ident(k)).append(' ').append(columns.get(k).type());
        }
        return ddl.append(") ON COMMIT DROP").toString();
    }

    /**
     * Fills the keys table from the rows not rejected yet. A key with a NULL is never a duplicate (unique
     * indexes treat NULLs as distinct; one made NULLS NOT DISTINCT still fails the insert and is reported as is).
     */
    private String fillKeys(StagedTarget target, List<String> key) {
        List<String> raw = key.stream().map(k -> "s." + Sql.ident(k)).toList();
        String notNull = raw.stream().map(r -> " AND " + r + " IS NOT NULL").collect(Collectors.joining());
        return "INSERT INTO " + KEYS + " SELECT " + StagingShape.file("s") + ", " + StagingShape.line("s") + ", "
                + (raw.size() == 1 ? raw.get(0) : "concat_ws(', ', " + String.join(", ", raw) + ")") + ", "
                + key.stream().map(k -> target.value(k, "s")).collect(Collectors.joining(", ")) + " FROM "
                + target.stage() + " s WHERE " + target.kept("s") + notNull;
    }
}
