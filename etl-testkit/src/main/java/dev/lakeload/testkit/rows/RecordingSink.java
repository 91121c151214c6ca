package dev.lakeload.testkit.rows;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link RowSink} that keeps every row and reject, for assertions. Not thread-safe. */
public final class RecordingSink implements RowSink {
    /** A rejected row, as {@link RowSink#reject} received it. */
    public record Reject(Row origin, String column, String rawValue, String reason) {
    }

    /** Every accepted row, in order. */
    public final List<Row> rows = new ArrayList<>();
    /** Every reject, in order. */
    public final List<Reject> rejects = new ArrayList<>();

    @Override
    public void accept(Row row) {
        rows.add(row);
    }

    @Override
    public void reject(Row origin, String column, String rawValue, String reason) {
        rejects.add(new Reject(origin, column, rawValue, reason));
    }

    /** The rows of the table itself. */
    public List<Row> main() {
        return relation("");
    }

    /** The rows of one relation ("" for the table itself). */
    public List<Row> relation(String relation) {
        return rows.stream().filter(row -> row.schema().relation().equals(relation)).toList();
    }

    /** The only row of the table itself. */
    public Row single() {
        List<Row> main = main();
        if (main.size() != 1) {
            throw new AssertionError("expected one row, got " + rows + " and rejects " + rejects);
        }
        return main.get(0);
    }
}
