package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A declared column of a target table.
 *
 * @param name the column name, used as it is (quoted) in PostgreSQL; at most 63 bytes
 * @param type a PostgreSQL type, for example {@code bigint}, {@code numeric(12,2)}, {@code timestamptz}
 */
public record ColumnSpec(String name, String type) {
    // Type names go into SQL text, so only the grammar of real type names passes: words, an optional
    // modifier list of numbers, optional array brackets.
    private static final Pattern TYPE = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z_][A-Za-z0-9_]*)*(?: ?\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\))?"
            + "(?: [A-Za-z_][A-Za-z0-9_]*)*(?:\\[\\])*");

    public ColumnSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a column needs a name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new ConfigException("column name '" + name + "' is longer than PostgreSQL's 63 bytes");
        }
        if (type == null || type.isBlank()) {
            throw new ConfigException("column '" + name + "' needs a type");
        }
        if (!TYPE.matcher(type.trim()).matches()) {
            throw new ConfigException("column '" + name + "' has an invalid type '" + type
                    + "' (expected a PostgreSQL type such as bigint, numeric(12,2), timestamptz, text[])");
        }
        type = type.trim();
    }
}
