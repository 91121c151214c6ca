package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;

/**
 * A declared column of a target table.
 *
 * @param name the column name, used as it is (quoted) in PostgreSQL; at most 63 bytes
 * @param type a PostgreSQL type, for example {@code bigint}, {@code numeric(12,2)}, {@code timestamptz}; only a
 *     type name by {@linkplain PostgresRules#isTypeName PostgreSQL's grammar} passes
 */
public record ColumnSpec(String name, String type) {
    public ColumnSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a column needs a name");
        }
        PostgresRules.requireIdentifier("column name", name);
        if (type == null || type.isBlank()) {
            throw new ConfigException("column '" + name + "' needs a type");
        }
        if (!PostgresRules.isTypeName(type)) {
            throw new ConfigException("column '" + name + "' has an invalid type '" + type
                    + "' (expected a PostgreSQL type such as bigint, numeric(12,2), timestamptz, text[])");
        }
        type = type.trim();
    }
}
