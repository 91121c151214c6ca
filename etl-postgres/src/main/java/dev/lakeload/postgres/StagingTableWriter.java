package dev.lakeload.postgres;

import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingTable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One all-text UNLOGGED staging table and the rows buffered for it, sent by COPY through the staged load's
 * {@link StagingConnection}, which the writers of a load share.
 *
 * <p>Columns: {@code _lakeload_file} (the file's ordinal in the load), {@code _lakeload_line}, then one text
 * column per name seen. Rows of a new schema are matched to staging columns by name; unseen names add columns
 * (the COPY is ended, the table altered, and a new COPY started). Not thread-safe.
 */
final class StagingTableWriter {
    private static final int FLUSH_BYTES = 1 << 20;

    private final StagingTable table;
    private final StagingConnection connection;
    private final CopyTextEncoder encoder;
    private final List<Column> columns = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<Schema, int[]> mappings = new IdentityHashMap<>();
    /** The columns of some schema rows were written under with a hint other than JSON: not JSON text throughout. */
    private final Set<String> notJson = new HashSet<>();
    private String relation;
    private Schema lastSchema;
    private int[] lastMapping;
    private long rows;
    private String refusedColumn;

    /** Creates the staging table through {@code connection}, which the caller owns. */
    StagingTableWriter(StagingConnection connection, StagingTable table, String comment, Schema first,
                       NulPolicy nulPolicy) throws SQLException {
        this.table = table;
        this.relation = first.relation();
        this.encoder = new CopyTextEncoder(nulPolicy);
        this.connection = connection;
        StringBuilder ddl = new StringBuilder("CREATE UNLOGGED TABLE ")
                .append(Sql.qualified(table.schema(), table.name())).append(" (")
                .append(StagingShape.leadingColumns());
        for (Column column : first.columns()) {
            StagingShape.requireUnreserved(column.name());
            ddl.append(", ").append(Sql.ident(column.name())).append(" text");
            remember(column);
        }
        // A staging name is its run's and table's, so a table already there is what an earlier attempt of this
        // very load could not drop (the database was gone at the time): it is stale.
        connection.execute("DROP TABLE IF EXISTS " + Sql.qualified(table.schema(), table.name()));
        connection.execute(ddl.append(')').toString());
        connection.execute("COMMENT ON TABLE " + Sql.qualified(table.schema(), table.name()) + " IS "
                + literal(comment));
    }

    /**
     * Writes one row. Returns false when a value cannot be stored; {@link #refusedColumn()} and
     * {@link #refusal()} then say which and why, and nothing of the row was written.
     */
    boolean write(int fileOrdinal, Row row) throws SQLException {
        int[] mapping = mappingFor(row.schema());
        encoder.beginRow(fileOrdinal, row.line());
        for (int position : mapping) {
            String value = position < 0 ? null : row.get(position);
            if (!encoder.value(value)) {
                encoder.abortRow();
                refusedColumn = row.schema().column(position).name();
                return false;
            }
        }
        encoder.endRow();
        rows++;
        if (encoder.length() >= FLUSH_BYTES) {
            flush();
        }
        return true;
    }

    String refusedColumn() {
        return refusedColumn;
    }

    String refusal() {
        return encoder.problem();
    }

    long cleanedValues() {
        return encoder.cleanedValues();
    }

    /** Sends what is buffered and ends the COPY; the table then holds every written row. */
    void finish() throws SQLException {
        flush();
        connection.endCopy(this);
    }

    StagedRelation relation() {
        Set<String> json = new HashSet<>(positions.keySet());
        json.removeAll(notJson);
        return new StagedRelation(table, relation.isEmpty() ? Schema.of(columns)
                : Schema.ofRelation(relation, columns), rows, json);
    }

    private int[] mappingFor(Schema schema) throws SQLException {
        if (schema == lastSchema) {
            return lastMapping;
        }
        int[] mapping = mappings.get(schema);
        if (mapping == null) {
            mapping = newMapping(schema);
            mappings.put(schema, mapping);
        }
        lastSchema = schema;
        lastMapping = mapping;
        return mapping;
    }

    /** For each staging column, the position of its value in rows of {@code schema}, or -1 (NULL). */
    private int[] newMapping(Schema schema) throws SQLException {
        List<Column> added = new ArrayList<>();
        for (Column column : schema.columns()) {
            if (!isJson(column.typeHint())) {
                notJson.add(column.name());
            }
            Integer known = positions.get(column.name());
            if (known == null) {
                StagingShape.requireUnreserved(column.name());
                added.add(column);
            } else if (column.typeHint() != null || column.sourcePath() != null) {
                columns.set(known, column); // keep the latest type hint, for example after a widening
            }
        }
        if (!added.isEmpty()) {
            finish(); // rows buffered so far have the old column count
            addColumns(added);
            added.forEach(this::remember);
            mappings.clear(); // earlier mappings are short of the new columns
        }
        int[] mapping = new int[columns.size()];
        for (int i = 0; i < mapping.length; i++) {
            mapping[i] = schema.indexOf(columns.get(i).name());
        }
        return mapping;
    }

    private static boolean isJson(String typeHint) {
        return typeHint != null && switch (typeHint.trim().toLowerCase(Locale.ROOT)) {
            case "jsonb", "json" -> true;
            default -> false;
        };
    }

    private void remember(Column column) {
        positions.put(column.name(), columns.size());
        columns.add(column);
    }

    private void addColumns(List<Column> added) throws SQLException {
        StringBuilder alter = new StringBuilder("ALTER TABLE ").append(Sql.qualified(table.schema(), table.name()));
        for (int i = 0; i < added.size(); i++) {
            alter.append(i == 0 ? " " : ", ").append("ADD COLUMN ").append(Sql.ident(added.get(i).name()))
                    .append(" text");
        }
        connection.execute(alter.toString());
    }

    private void flush() throws SQLException {
        if (encoder.length() == 0) {
            return;
        }
        List<String> names = new ArrayList<>(StagingShape.leadingNames());
        columns.forEach(c -> names.add(c.name()));
        connection.write(this, "COPY " + Sql.qualified(table.schema(), table.name()) + " ("
                + Sql.identList(names) + ") FROM STDIN (FORMAT text)", encoder.buffer(), encoder.length());
        encoder.clear();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
