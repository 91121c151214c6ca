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
    // Type names go into SQL text, so only PostgreSQL's type-name grammar passes: a (schema-qualified) name or one
    // of the SQL standard's multi-word names, an optional modifier of numbers, optional array bounds. Anything
    // else ("text default pg_sleep(5)") would be refused by the database at run time, so validate refuses it.
    private static final String MODIFIER = "(?:\\s*\\(\\s*\\d+(?:\\s*,\\s*-?\\d+)?\\s*\\))?";
    private static final String IDENT = "[a-z_][a-z0-9_$]*";
    private static final Pattern TYPE = Pattern.compile("(?:"
            + "(?:timestamp|time)" + MODIFIER + "(?:\\s+with(?:out)?\\s+time\\s+zone)?"
            + "|interval(?:\\s+(?:year|month|day|hour|minute|second)(?:\\s+to\\s+(?:month|hour|minute|second))?)?"
            + MODIFIER
            + "|(?:double\\s+precision|(?:national\\s+)?(?:character|char|nchar)\\s+varying|bit\\s+varying"
            + "|national\\s+(?:character|char)|" + IDENT + "(?:\\." + IDENT + ")?)" + MODIFIER
            + ")(?:(?:\\s*\\[\\s*\\d*\\s*])+|\\s+array(?:\\s*\\[\\s*\\d+\\s*])?)?",
            Pattern.CASE_INSENSITIVE);

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
