package dev.lakeload.json;

import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.TransformContext;
import dev.lakeload.testkit.rows.RecordingSink;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link JsonFlattener} over documents, for tests. Not thread-safe. */
final class Flatten {
    /** Input rows with only the document column, as DMS writes MongoDB collections without extractDocID. */
    static final Schema DOC_ONLY = Schema.ofNames(List.of("_doc"));
    /** Input rows as DMS writes them with extractDocID=true. */
    static final Schema WITH_ID = Schema.ofNames(List.of("_id", "_doc"));

    final JsonFlattener flattener;
    final RecordingSink sink = new RecordingSink();
    private long line;

    Flatten(FlattenOptions options, TransformContext context) {
        flattener = new JsonFlattener(options);
        flattener.begin(context);
    }

    Flatten(FlattenOptions options) {
        this(options, context(List.of(), Map.of()));
    }

    Flatten() {
        this(FlattenOptions.DEFAULTS);
    }

    static TransformContext context(List<String> primaryKey, Map<String, List<Column>> known) {
        return new TransformContext("orders", primaryKey, known);
    }

    /** Flattens documents given as rows of {@link #DOC_ONLY}. */
    Flatten docs(String... documents) {
        for (String document : documents) {
            row(DOC_ONLY, document);
        }
        return this;
    }

    Flatten row(Schema schema, String... values) {
        flattener.transform(new Row(schema, values, "LOAD00000001.csv", ++line), sink);
        return this;
    }

    /** One document's only row, as column name to value. */
    static Map<String, String> values(Row row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            values.put(row.schema().column(i).name(), row.get(i));
        }
        return values;
    }

    /** A map of alternating keys and values; unlike {@link Map#of}, values may be null (SQL NULL). */
    static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The type hint of a column of a row. */
    static String type(Row row, String column) {
        int position = row.schema().indexOf(column);
        if (position < 0) {
            throw new AssertionError("no column " + column + " in " + row.schema());
        }
        return row.schema().column(position).typeHint();
    }

    static Column column(Row row, String column) {
        return row.schema().column(row.schema().indexOf(column));
    }
}
