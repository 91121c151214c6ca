package dev.lakeload.json;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.PostgresRules;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The flattened columns of one output relation (the table itself, or one child table), in the order their paths
 * were first seen, with their names and types; and the schema of its rows. Not thread-safe.
 *
 * <p>Columns only ever get appended, and a column's type hint only ever widens, so every schema it hands out
 * starts with the columns of the ones before (for the same prefix).
 */
final class FlatRelation {
    /** What an element of an array that is not an object (a string, a number, ...) is called in a child table. */
    static final String ELEMENT_VALUE = "value";
    /** The element position column of every child table. */
    static final String INDEX_COLUMN = "_index";

    private final String name;
    private final String arrayPath;
    private final FlattenOptions options;
    private final ColumnNames names = new ColumnNames(PostgresRules.MAX_IDENTIFIER_BYTES);
    /** The actual types of the columns the relation's table already has, by name. */
    private final Map<String, String> existingTypes = new HashMap<>();
    private final Set<String> inputNames = new HashSet<>();
    private final List<Slot> slots = new ArrayList<>();
    private int version;
    private List<Column> prefix = List.of();
    private Schema schema;
    private List<Column> schemaPrefix;
    private int schemaVersion;

    /**
     * @param name the relation ("" for the table itself, else the child table suffix)
     * @param arrayPath for a child relation, the path of the array whose elements it holds; else null
     * @param known the columns the relation's table already has (name, actual type, recorded source path)
     * @param reserved names no path may take (a child table's key columns and {@code _index})
     */
    FlatRelation(String name, String arrayPath, FlattenOptions options, List<Column> known,
                 Collection<String> reserved) {
        this.name = name;
        this.arrayPath = arrayPath;
        this.options = options;
        ColumnNames.SYSTEM_COLUMNS.forEach(names::reserve);
        reserved.forEach(names::reserve);
        for (Column column : known) {
            existingTypes.put(column.name(), column.typeHint());
            if (column.sourcePath() == null) {
                names.reserve(column.name());
            } else {
                names.pin(column.sourcePath(), column.name());
            }
        }
    }

    String name() {
        return name;
    }

    /**
     * Keeps an input column's name away from every path. Fails when a path already has it: the table would get the
     * name twice.
     */
    void reserveInput(String inputName) {
        for (Slot slot : slots) {
            if (slot.name.equals(inputName)) {
                throw conflict(inputName, slot.path);
            }
        }
        names.reserve(inputName);
        inputNames.add(inputName);
    }

    private static ConfigException conflict(String inputName, String path) {
        return new ConfigException("flatten: input column '" + inputName + "' clashes with the column of the same "
                + "name that holds JSON path '" + path + "' (recorded when the table was last loaded); rename or drop"
                + " one of them");
    }

    /** The column of {@code node}'s path, added at the end of the relation the first time the path is seen. */
    Slot slot(PathNode node) {
        if (node.slot == null) {
            String path = node.path();
            String column = names.claim(path, node.isRoot() ? ELEMENT_VALUE : nameOf(node, options));
            if (inputNames.contains(column)) {
                throw conflict(column, path);
            }
            // Only a name pinned to this path can be one the table already has: claim never hands out others.
            node.slot = new Slot(slots.size(), column, path, existingTypes.get(column));
            slots.add(node.slot);
            version++;
        }
        return node.slot;
    }

    /**
     * The cleaned keys of {@code node}'s path below its root, joined by the separator: the name before it is made
     * to fit and unique.
     */
    static String nameOf(PathNode node, FlattenOptions options) {
        List<String> keys = new ArrayList<>();
        for (PathNode step = node; !step.isRoot(); step = step.parent()) {
            keys.add(ColumnNames.clean(step.key(), options.lowerCase()));
        }
        StringBuilder joined = new StringBuilder();
        for (int i = keys.size() - 1; i >= 0; i--) {
            joined.append(keys.get(i));
            if (i > 0) {
                joined.append(options.separator());
            }
        }
        return ColumnNames.identifier(joined.toString());
    }

    /** How many columns come before the flattened ones in this relation's rows. */
    int prefixSize() {
        return prefix.size();
    }

    /** Sets the columns that come before the flattened ones (for the table itself: the input columns kept). */
    void prefix(List<Column> columns) {
        prefix = columns;
    }

    /**
     * For a child relation: makes its first columns the parent's primary key, then {@link #INDEX_COLUMN}. Each key
     * column has the child table's own type when the table exists, else the parent column's type hint now.
     *
     * @param parent the parent row schema
     * @param positions the position of each key column in {@code parent}, -1 when it has none
     */
    void keys(List<String> primaryKey, Schema parent, int[] positions) {
        boolean same = prefix.size() == primaryKey.size() + 1;
        for (int k = 0; k < primaryKey.size() && same; k++) {
            same = Objects.equals(prefix.get(k).typeHint(), keyType(primaryKey.get(k), parent, positions[k]));
        }
        if (!same) {
            List<Column> keys = new ArrayList<>(primaryKey.size() + 1);
            for (int k = 0; k < primaryKey.size(); k++) {
                keys.add(new Column(primaryKey.get(k), keyType(primaryKey.get(k), parent, positions[k]), null));
            }
            // The array path on _index lets the next load find which array this existing child table holds.
            keys.add(new Column(INDEX_COLUMN, "bigint", arrayPath));
            prefix = List.copyOf(keys);
        }
    }

    private String keyType(String key, Schema parent, int position) {
        String existing = existingTypes.get(key);
        if (existing != null || position < 0) {
            return existing;
        }
        return parent.column(position).typeHint();
    }

    /** The schema of the relation's rows now: the prefix, then every flattened column. */
    Schema schema() {
        if (schema == null || schemaPrefix != prefix || schemaVersion != version) {
            List<Column> columns = new ArrayList<>(prefix.size() + slots.size());
            columns.addAll(prefix);
            slots.forEach(slot -> columns.add(slot.column()));
            schema = name.isEmpty() ? Schema.of(columns) : Schema.ofRelation(name, columns);
            schemaPrefix = prefix;
            schemaVersion = version;
        }
        return schema;
    }

    /** How a column's values are written, from its PostgreSQL type. */
    private enum Form {
        TEXT, JSON, BYTEA;

        static Form of(String type) {
            if (type == null) {
                return TEXT;
            }
            return switch (type.trim().toLowerCase(Locale.ROOT)) {
                case "jsonb", "json" -> JSON;
                case "bytea" -> BYTEA;
                default -> TEXT;
            };
        }
    }

    /** One flattened column: its name, path, and the type of the values seen (or of the existing column). */
    final class Slot {
        final int index;
        final String name;
        final String path;
        private final String knownType;
        private PgType type = PgType.NONE;
        private Form form;
        private Column column;

        private Slot(int index, String name, String path, String knownType) {
            this.index = index;
            this.name = name;
            this.path = path;
            this.knownType = knownType;
            this.form = Form.of(knownType);
        }

        /**
         * Widens the column's type to hold {@code valueType}. A column the table already has keeps its type: values
         * that do not cast go to the rejects table in the promoter.
         */
        void accept(PgType valueType) {
            if (knownType != null) {
                return;
            }
            PgType joined = type.join(valueType);
            if (joined != type) {
                type = joined;
                form = Form.of(joined.sql);
                column = null;
                version++;
            }
        }

        Column column() {
            if (column == null) {
                column = new Column(name, knownType != null ? knownType : type.sql, path);
            }
            return column;
        }

        /** The text of a value for this column's type: JSON for jsonb, hex for bytea, else the value's text. */
        String render(PgType valueType, String text, String json) {
            if (text == null) {
                return null;
            }
            return switch (form) {
                case JSON -> json != null ? json : valueType.toJson(text);
                case BYTEA -> valueType == PgType.UUID ? "\\x" + text.replace("-", "") : text;
                case TEXT -> text;
            };
        }
    }
}
