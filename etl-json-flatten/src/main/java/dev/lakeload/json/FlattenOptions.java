package dev.lakeload.json;

import dev.lakeload.core.ConfigException;

/**
 * How {@link JsonFlattener} flattens documents; the manifest keys are {@code flatten.<component>}. An invalid
 * combination cannot be built: the compact constructor throws a {@link ConfigException} naming the key.
 *
 * <p>Thread-safe (immutable).
 *
 * @param column the input column holding the JSON document (DMS writes MongoDB documents to {@code _doc})
 * @param separator joins the keys of a nested path into a column name ({@code owner.city} becomes
 *     {@code owner_city}); 1 to 8 characters of {@code [a-z0-9_]}, upper-case letters too when not
 *     {@code lowerCase}
 * @param maxDepth how many keys a column's path may have, 1 to 100 (MongoDB nests at most 100 levels); an object
 *     whose keys would lie deeper is kept whole in one {@code jsonb} column
 * @param arrays where arrays go
 * @param keep whether the JSON column itself stays in the output rows
 * @param lowerCase whether column names are lower-cased (PostgreSQL folds unquoted names to lower case, so
 *     lower-case names need no quoting in hand-written SQL)
 */
public record FlattenOptions(String column, String separator, int maxDepth, ArrayMode arrays, boolean keep,
                             boolean lowerCase) {
    /** The defaults: {@code _doc}, {@code _}, depth 5, arrays as {@code jsonb}, JSON column dropped, lower case. */
    public static final FlattenOptions DEFAULTS = new FlattenOptions("_doc", "_", 5, ArrayMode.JSONB, false, true);

    /** MongoDB's own nesting limit; deeper documents cannot exist. */
    private static final int MAX_DEPTH = 100;
    private static final int MAX_SEPARATOR_LENGTH = 8;

    public FlattenOptions {
        if (column == null || column.isBlank()) {
            throw new ConfigException("flatten.column must name the input column that holds the JSON document");
        }
        if (separator == null || separator.isEmpty() || separator.length() > MAX_SEPARATOR_LENGTH) {
            throw new ConfigException("flatten.separator must be 1 to " + MAX_SEPARATOR_LENGTH
                    + " characters, not '" + separator + "'");
        }
        for (int i = 0; i < separator.length(); i++) {
            char c = separator.charAt(i);
            boolean valid = c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                    || (!lowerCase && c >= 'A' && c <= 'Z');
            if (!valid) {
                throw new ConfigException("flatten.separator '" + separator + "' may only contain "
                        + (lowerCase ? "a-z, 0-9 and _ (flatten.lowerCase is on)" : "letters, digits and _")
                        + ", so that column names stay plain identifiers");
            }
        }
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new ConfigException("flatten.maxDepth must be between 1 and " + MAX_DEPTH + ", not " + maxDepth);
        }
        if (arrays == null) {
            throw new ConfigException("flatten.arrays must be one of jsonb, table");
        }
    }

    public FlattenOptions withColumn(String newColumn) {
        return new FlattenOptions(newColumn, separator, maxDepth, arrays, keep, lowerCase);
    }

    public FlattenOptions withSeparator(String newSeparator) {
        return new FlattenOptions(column, newSeparator, maxDepth, arrays, keep, lowerCase);
    }

    public FlattenOptions withMaxDepth(int newMaxDepth) {
        return new FlattenOptions(column, separator, newMaxDepth, arrays, keep, lowerCase);
    }

    public FlattenOptions withArrays(ArrayMode newArrays) {
        return new FlattenOptions(column, separator, maxDepth, newArrays, keep, lowerCase);
    }

    public FlattenOptions withKeep(boolean newKeep) {
        return new FlattenOptions(column, separator, maxDepth, arrays, newKeep, lowerCase);
    }

    public FlattenOptions withLowerCase(boolean newLowerCase) {
        return new FlattenOptions(column, separator, maxDepth, arrays, keep, newLowerCase);
    }
}
