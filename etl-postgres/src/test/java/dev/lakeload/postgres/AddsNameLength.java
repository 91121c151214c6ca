package dev.lakeload.postgres;

import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.RowTransformer;
import java.util.Arrays;

/** Adds {@code name_length}, the length of {@code name}, with a type hint, as flattening adds typed columns. */
final class AddsNameLength implements RowTransformer {
    private final String typeHint;
    private Schema input;
    private Schema output;

    AddsNameLength(String typeHint) {
        this.typeHint = typeHint;
    }

    @Override
    public void transform(Row row, RowSink out) {
        if (row.schema() != input) {
            input = row.schema();
            output = input.withColumn(new Column("name_length", typeHint, null));
        }
        String[] values = Arrays.copyOf(row.copyValues(), output.size());
        String name = row.get(input.indexOf("name"));
        values[values.length - 1] = name == null ? null : String.valueOf(name.length());
        out.accept(row.withValues(output, values));
    }
}
