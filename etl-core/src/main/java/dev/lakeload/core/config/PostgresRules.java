package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one place where the core knowingly speaks PostgreSQL: the limits and the type-name grammar that a table
 * definition must meet. They are checked here, in the core, because {@code lakeload validate} checks a manifest
 * offline, without a database, and must refuse what {@code run} would refuse. Everything else about PostgreSQL
 * lives in {@code etl-postgres}; elsewhere the core only documents that type names ({@link ColumnSpec#type()},
 * {@link dev.lakeload.core.row.Column#typeHint()}) are PostgreSQL's and why NUL characters need a
 * {@link NulPolicy}. Whether a type name exists is known only to the database, at run time.
 */
public final class PostgresRules {
    /** The longest identifier (table, column) in bytes; the server cuts longer ones with only a NOTICE. */
    public static final int MAX_IDENTIFIER_BYTES = 63;
    /** The largest value PostgreSQL stores, in bytes: just under 1 GB. */
    public static final int MAX_VALUE_BYTES = (1 << 30) - 1;

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

    private PostgresRules() {
    }

    /**
     * Refuses a name longer than {@link #MAX_IDENTIFIER_BYTES}.
     *
     * @param what what the name is, for the message: "table name", "column name"
     * @throws ConfigException naming it
     */
    public static void requireIdentifier(String what, String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConfigException(what + " '" + name + "' is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES
                    + " bytes");
        }
    }

    /** Whether {@code type} (trimmed) is a type name by PostgreSQL's grammar, with nothing after it. */
    public static boolean isTypeName(String type) {
        return TYPE.matcher(type.trim()).matches();
    }
}
