package dev.lakeload.core.row;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of a row stream: positional text values behind a shared {@link Schema}, and where it came from.
 *
 * <p>Values are the exact text of the source; {@code null} is SQL NULL and is always distinct from the empty
 * string. Typing happens in the database, never here, so no value is altered on the way.
 *
 * <p>Rows are immutable once handed on; the value array is owned by the row (callers must not keep writing to an
 * array they passed in). Not a record because the array needs identity semantics for speed.
 */
public final class Row {
    private final Schema schema;
    private final String[] values;
    private final String file;
    private final long line;

    /**
     * @param schema the shape of the values
     * @param values one entry per schema column; the array is taken over, not copied
     * @param file the key of the source file the row was read from
     * @param line the 1-based line where the record starts in that file
     */
    public Row(Schema schema, String[] values, String file, long line) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.values = Objects.requireNonNull(values, "values");
        this.file = file;
        this.line = line;
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("row of " + values.length + " values for " + schema.size()
                    + " columns " + schema + " (" + file + ", line " + line + ")");
        }
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return values.length;
    }

    /** The value at {@code position}; null is SQL NULL. */
    public String get(int position) {
        return values[position];
    }

    /** The value of the named column; null is SQL NULL. */
    public String get(String column) {
        int position = schema.indexOf(column);
        if (position < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + schema);
        }
        return values[position];
    }

    /** The key of the source file this row came from. */
    public String file() {
        return file;
    }

    /** The 1-based line where this row's record starts in its file. */
    public long line() {
        return line;
    }

    /** A copy of the values, safe to modify. */
    public String[] copyValues() {
        return values.clone();
    }

    /** A row with the same origin and other values, for transformers. */
    public Row withValues(Schema newSchema, String[] newValues) {
        return new Row(newSchema, newValues, file, line);
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + Arrays.toString(values);
    }
}
