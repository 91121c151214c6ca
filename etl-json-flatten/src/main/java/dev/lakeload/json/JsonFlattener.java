package dev.lakeload.json;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.PostgresRules;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.core.transform.TransformContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flattens a JSON document column (MongoDB documents as AWS DMS writes them to {@code _doc}) into typed columns:
 * {@code owner.address.city} becomes column {@code owner_address_city}, a {@code {"$date": ...}} becomes a
 * {@code timestamptz}, and so on; see the module README for every type and naming rule.
 *
 * <p>Each output row holds the input columns except the JSON column (unless {@link FlattenOptions#keep()}), then
 * one column per JSON path seen so far in this load, in the order the paths first appeared (NULL where a document
 * lacks the path). Every flattened {@link Column} carries its PostgreSQL type hint and its JSON path as
 * {@link Column#sourcePath()}. With {@link ArrayMode#TABLE}, each array element also becomes a row of relation
 * {@code <array path>}, emitted into the same sink right after its parent row.
 *
 * <p>The names are stable across loads: {@link #begin} reads the columns the tables already have, reuses the name
 * recorded for each path, and gives no recorded name to another path. This relies on the promoter recording each
 * column's source path and returning it in {@link TransformContext#knownColumns}.
 *
 * <p>A document that is NULL, empty, malformed or not an object goes to {@link RowSink#reject} with the JSON
 * column, its text and the reason; the load goes on. {@link #begin} throws {@link ConfigException} when
 * {@link ArrayMode#TABLE} is asked for a table without a primary key; {@link #transform} throws it when the rows
 * lack the JSON column or an input column clashes with a column recorded for a JSON path.
 *
 * <p>Lifecycle, per table load: {@link #begin}, {@link #transform} for each row, {@link #end}. Not thread-safe: one
 * table load at a time, from one thread.
 */
public final class JsonFlattener implements RowTransformer {
    /** The element position column of every child table; reserved, so no JSON key takes it. */
    public static final String INDEX_COLUMN = FlatRelation.INDEX_COLUMN;
    private static final String ID = "_id";

    private final FlattenOptions options;
    private final DocumentReader reader;

    private TransformContext context;
    private PathNode documentRoot;
    private FlatRelation main;
    private ColumnNames relationNames;

    private Schema input;
    private int documentPosition;
    private boolean skipDocumentId;
    private int[] passPositions;

    private Schema keySchema;
    private int[] keyPositions;

    public JsonFlattener(FlattenOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.reader = new DocumentReader(options);
    }

    public FlattenOptions options() {
        return options;
    }

    /**
     * Forgets everything from an earlier load and learns the names and types of the columns the target tables
     * already have.
     *
     * @throws ConfigException when arrays go to child tables but the table has no primary key to link them, or its
     *     name leaves no room for child table names
     */
    @Override
    public void begin(TransformContext transformContext) {
        this.context = Objects.requireNonNull(transformContext, "context");
        List<String> primaryKey = transformContext.primaryKey();
        documentRoot = PathNode.documentRoot();
        main = new FlatRelation("", null, options, transformContext.knownColumns(""), List.of());
        documentRoot.relation = main;
        input = null;
        keySchema = null;
        relationNames = null;
        if (options.arrays() == ArrayMode.TABLE) {
            String table = transformContext.table();
            if (primaryKey.isEmpty()) {
                throw new ConfigException("flatten.arrays: table " + table + " needs primaryKey: its child tables "
                        + "(arrays: table) carry the parent row's key");
            }
            if (primaryKey.contains(INDEX_COLUMN)) {
                throw new ConfigException("flatten.arrays: table " + table + " has a primary key column named "
                        + INDEX_COLUMN + ", which child tables use for the element position");
            }
            // Child tables are named <table>__<relation>, and that name is an identifier too.
            int room = PostgresRules.MAX_IDENTIFIER_BYTES - ColumnNames.utf8Length(table) - 2;
            if (room < 10) {
                throw new ConfigException("flatten.arrays: table name " + table + " leaves " + room + " of "
                        + "PostgreSQL's " + PostgresRules.MAX_IDENTIFIER_BYTES + " bytes for child table names "
                        + "<table>__<array>; shorten it or use arrays: jsonb");
            }
            relationNames = new ColumnNames(room);
            for (Map.Entry<String, List<Column>> known : transformContext.knownColumns().entrySet()) {
                if (!known.getKey().isEmpty()) {
                    learnRelation(known.getKey(), known.getValue());
                }
            }
        }
    }

    /** A child table from an earlier load: its {@code _index} column records the array path it holds. */
    private void learnRelation(String relation, List<Column> columns) {
        relationNames.reserve(relation);
        for (Column column : columns) {
            if (column.name().equals(INDEX_COLUMN) && column.sourcePath() != null) {
                relationNames.pin(column.sourcePath(), relation);
            }
        }
    }

    private static boolean isChangeDataDelete(Row row) {
        int op = row.schema().indexOf(CdcOptions.OP_FIELD);
        return op >= 0 && "D".equals(row.get(op));
    }

    @Override
    public void transform(Row row, RowSink out) {
        if (main == null) {
            throw new IllegalStateException("JsonFlattener.begin was not called before transform");
        }
        if (row.schema() != input) {
            adoptInput(row);
        }
        String text = row.get(documentPosition);
        if (text == null && isChangeDataDelete(row)) {
            // DMS leaves a delete's fields empty for some sources (mode cdc): only its key is used.
            text = "{}";
        }
        String problem = text == null ? "no document" : reader.read(text, documentRoot);
        if (problem != null) {
            out.reject(row, options.column(), text, problem);
            return;
        }
        emit(row, reader.document(), out);
    }

    /** Learns where the JSON column and the passed-through columns are in rows of a new input schema. */
    private void adoptInput(Row row) {
        Schema schema = row.schema();
        if (schema.equals(input)) {
            input = schema;
            return;
        }
        int position = schema.indexOf(options.column());
        if (position < 0) {
            throw new ConfigException("flatten.column: the rows of " + row.file() + " have no column '"
                    + options.column() + "' (their columns: " + schema.names() + ")");
        }
        List<Column> passed = new ArrayList<>();
        int[] positions = new int[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            if (i != position || options.keep()) {
                positions[passed.size()] = i;
                passed.add(schema.column(i));
                main.reserveInput(schema.column(i).name());
            }
        }
        input = schema;
        // DMS with extractDocID=true writes the document's _id as its own column before _doc: the document's
        // copy of it would only repeat that column under another name.
        skipDocumentId = !options.column().equals(ID) && passed.stream().anyMatch(c -> c.name().equals(ID));
        documentPosition = position;
        passPositions = Arrays.copyOf(positions, passed.size());
        main.prefix(List.copyOf(passed));
    }

    /** Turns a parsed document into its row and child rows, adding columns and widening types as needed. */
    private void emit(Row row, ParsedDocument document, RowSink out) {
        for (int r = 1; r < document.records(); r++) {
            relation(document.root(r));
        }
        // Every column and type first, so that each value is written for the type its column has in this row.
        for (int leaf = 0; leaf < document.leaves(); leaf++) {
            if (skipDocumentId && isDocumentId(document.node(leaf))) {
                continue;
            }
            FlatRelation relation = document.root(document.record(leaf)).relation;
            relation.slot(document.node(leaf)).accept(document.type(leaf));
        }
        Schema mainSchema = main.schema();
        String[][] values = new String[document.records()][];
        values[0] = new String[mainSchema.size()];
        for (int i = 0; i < passPositions.length; i++) {
            values[0][i] = row.get(passPositions[i]);
        }
        if (values.length > 1) {
            locateKeys(mainSchema);
        }
        for (int r = 1; r < values.length; r++) {
            FlatRelation relation = document.root(r).relation;
            relation.keys(context.primaryKey(), mainSchema, keyPositions);
            values[r] = new String[relation.schema().size()];
        }
        for (int leaf = 0; leaf < document.leaves(); leaf++) {
            if (skipDocumentId && isDocumentId(document.node(leaf))) {
                continue;
            }
            int record = document.record(leaf);
            FlatRelation.Slot slot = document.node(leaf).slot;
            values[record][document.root(record).relation.prefixSize() + slot.index] =
                    slot.render(document.type(leaf), document.text(leaf), document.json(leaf));
        }
        out.accept(row.withValues(mainSchema, values[0]));
        for (int r = 1; r < values.length; r++) {
            String[] child = values[r];
            for (int k = 0; k < keyPositions.length; k++) {
                child[k] = keyPositions[k] < 0 ? null : values[0][keyPositions[k]];
            }
            child[keyPositions.length] = Integer.toString(document.index(r));
            out.accept(row.withValues(document.root(r).relation.schema(), child));
        }
    }

    /** True for the document's top-level {@code _id} and anything inside it. */
    private static boolean isDocumentId(PathNode node) {
        PathNode top = node;
        while (top.parent() != null && !top.parent().isRoot()) {
            top = top.parent();
        }
        return top.parent() != null && top.parent().path().isEmpty() && ID.equals(top.key());
    }

    /** Finds the primary key columns in the parent rows, whose values every child row repeats. */
    private void locateKeys(Schema mainSchema) {
        if (keySchema != mainSchema) {
            List<String> primaryKey = context.primaryKey();
            keyPositions = new int[primaryKey.size()];
            for (int k = 0; k < keyPositions.length; k++) {
                keyPositions[k] = mainSchema.indexOf(primaryKey.get(k));
            }
            keySchema = mainSchema;
        }
    }

    /** The child relation of an array's elements, named the first time one of its rows is emitted. */
    private FlatRelation relation(PathNode elements) {
        if (elements.relation == null) {
            PathNode array = elements.array();
            String name = relationNames.claim(array.path(), FlatRelation.nameOf(array, options));
            List<String> reserved = new ArrayList<>(context.primaryKey());
            reserved.add(INDEX_COLUMN);
            elements.relation = new FlatRelation(name, array.path(), options, context.knownColumns(name), reserved);
        }
        return elements.relation;
    }
}
