package dev.lakeload.core.transform;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;

/**
 * Turns each row into zero, one or more rows, possibly with other or more columns: the extension point for tables
 * that need more than a plain copy (JSON flattening, splitting a column, dropping test rows, ...).
 *
 * <p>Lifecycle, per table load: {@link #begin(TransformContext)} once, {@link #transform(Row, RowSink)} for every
 * row of every new file in load order, then {@link #end(RowSink)} once. Each table load makes its own instance with
 * the {@link RowTransformerFactory} its table spec holds, and uses it from one thread: it may keep state between
 * rows without locking.
 *
 * <p>Output rows carry a {@link dev.lakeload.core.row.Schema}; reuse one schema object for every row of the same
 * shape (make a new one only when the shape grows), since the staging loader compares schemas by identity first.
 * A row that cannot be transformed goes to {@link RowSink#reject} with a reason; throw a
 * {@link dev.lakeload.core.DataException} only when the whole table load must stop.
 *
 * <p>Example, a transformer that drops rows whose {@code env} column is {@code test}:
 * <pre>{@code
 * public final class DropTestRows implements RowTransformer {
 *     public void transform(Row row, RowSink out) {
 *         if (!"test".equals(row.get("env"))) {
 *             out.accept(row);
 *         }
 *     }
 * }
 * }</pre>
 */
public interface RowTransformer {
    /** Called before the first row of a table load. The default does nothing. */
    default void begin(TransformContext context) {
    }

    /** Transforms one row, pushing results (or a reject) into {@code out}. */
    void transform(Row row, RowSink out);

    /** Called after the last row of a table load; may push rows it held back. The default does nothing. */
    default void end(RowSink out) {
    }
}
