package dev.lakeload.postgres;

import dev.lakeload.core.row.Column;
import java.sql.SQLException;

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

    BadValues(CastSql cast) {
        this.cast = cast;
    }

    /** Records every row of {@code target} with a value that cannot be stored, with one reject per such value. */
    void find(StagedTarget target, PromotionRejects rejects) throws SQLException {
        Query checks = new Query();
        String separator = "";
        for (Column staged : target.relation().schema().columns()) {
            String value = "s." + Sql.ident(staged.name());
            checks.sql(separator + "(").value(staged.name()).sql(", " + value + ", ")
                    .add(cast.problem(staged, target.columns().get(staged.name()), value)).sql(")");
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
