package dev.lakeload.core.row;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shape of a row stream: an ordered list of columns, shared by every row of the stream so that rows stay
 * positional arrays. A schema is immutable; a transformer that discovers a new column makes a new schema with
 * {@link #withColumn(Column)}, which keeps every existing column at its position (schemas only grow).
 *
 * <p>The {@linkplain #relation() relation} tells which table the rows go to: the empty string for the table being
 * loaded, or a suffix naming a child table (a JSON array flattened into {@code <table>__<relation>}).
 *
 * <p>Thread-safe (immutable).
 */
public final class Schema {
    private final String relation;
    private final List<Column> columns;
    private final Map<String, Integer> positions;

    private Schema(String relation, List<Column> columns) {
        this.relation = Objects.requireNonNull(relation, "relation");
        this.columns = List.copyOf(columns);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            if (byName.putIfAbsent(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "column '" + this.columns.get(i).name() + "' appears twice in " + describe(relation));
            }
        }
        this.positions = Collections.unmodifiableMap(byName);
    }

    /** A schema for the loaded table itself. */
    public static Schema of(List<Column> columns) {
        return new Schema("", columns);
    }

    /** A schema for the loaded table itself, with untyped columns of these names. */
    public static Schema ofNames(List<String> names) {
        return of(names.stream().map(Column::named).toList());
    }

    /** A schema for a child table {@code <table>__<relation>}. */
    public static Schema ofRelation(String relation, List<Column> columns) {
        if (relation.isEmpty()) {
            throw new IllegalArgumentException("a child relation needs a name");
        }
        return new Schema(relation, columns);
    }

    private static String describe(String relation) {
        return relation.isEmpty() ? "the row schema" : "the schema of relation '" + relation + "'";
    }

    /** Empty for the loaded table; otherwise the child table suffix. */
    public String relation() {
        return relation;
    }

    public boolean isMain() {
        return relation.isEmpty();
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int position) {
        return columns.get(position);
    }

    /** The position of the named column, or -1 when there is none. */
    public int indexOf(String name) {
        Integer position = positions.get(name);
        return position == null ? -1 : position;
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** A new schema with one more column at the end. */
    public Schema withColumn(Column column) {
        List<Column> grown = new ArrayList<>(columns);
        grown.add(column);
        return new Schema(relation, grown);
    }

    /** True when {@code later} starts with every column of this schema, by name and position. */
    public boolean isPrefixOf(Schema later) {
        if (!relation.equals(later.relation) || later.size() < size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).name().equals(later.columns.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema other && relation.equals(other.relation) && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(relation, columns);
    }

    @Override
    public String toString() {
        return (relation.isEmpty() ? "" : relation + ":") + names();
    }
}
