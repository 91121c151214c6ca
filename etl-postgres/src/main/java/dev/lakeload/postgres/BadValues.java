package dev.lakeload.postgres;

import dev.lakeload.core.row.Column;
import java.sql.SQLException;
import java.util.List;

/**
 * Finds the staged values that cannot be stored in their target column (the type's input function refuses them, a
 * NULL in a NOT NULL column, a timestamp offset that would be dropped) and records their rows as rejects, each with
 * the reason {@link CastSql#problem} gives: from {@code pg_input_is_valid} on PostgreSQL 16 and later, from a
 * session-local function before 16.
 *
 * <p>The promotion runs this only after a statement failed with a per-value error, so clean loads pay nothing for
 * it; one set-based query per staged relation checks every value. Not thread-safe; lives for one transaction.
 */
final class BadValues {
    private final CastSql cast;
    private final List<String> key;

    /**
     * @param key the loaded table's primary key: of a change-data delete ({@code Op} {@code D}) only the key is
     *     used, so only the key's values are checked, since DMS leaves the other fields of a delete empty
     */
    BadValues(CastSql cast, List<String> key) {
        this.cast = cast;
        this.key = key;
    }

    /** Records every row of {@code target} with a value that cannot be stored, with one reject per such value. */
    void find(StagedTarget target, PromotionRejects rejects) throws SQLException {
        Query checks = new Query();
        String separator = "";
        boolean changeData = target.relation().schema().indexOf(StagingShape.OP) >= 0;
        for (Column staged : StagingShape.valueColumns(target.relation().schema())) {
            String value = "s." + Sql.ident(staged.name());
            Query problem = cast.problem(staged, target.columns().get(staged.name()), value);
            if (changeData && !key.contains(staged.name())) {
                problem = Query.of("CASE WHEN " + StagingShape.op("s") + " = 'D' THEN NULL ELSE ").add(problem)
                        .sql(" END");
            }
            checks.sql(separator + "(").value(staged.name()).sql(", " + value + ", ").add(problem).sql(")");
            separator = ", ";
        }
        if (!separator.isEmpty()) {
            rejects.record(target.name(), Query.of("SELECT " + StagingShape.file("s") + ", "
                    + StagingShape.line("s") + ", v.column_name, v.raw_value, v.reason FROM " + target.stage()
                    + " s CROSS JOIN LATERAL (VALUES ").add(checks)
                    .sql(") v(column_name, raw_value, reason) WHERE v.reason IS NOT NULL"));
        }
    }
}
