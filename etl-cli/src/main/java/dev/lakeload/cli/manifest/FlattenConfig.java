package dev.lakeload.cli.manifest;

/**
 * {@code flatten:} of a table: opens a JSON document column into columns. Every key is optional.
 *
 * @param column the JSON column ({@code _doc})
 * @param separator joins the keys of a path into a column name ({@code _})
 * @param maxDepth deeper objects stay one jsonb column (5)
 * @param arrays {@code jsonb} (one column) or {@code table} (a child table {@code <table>__<path>})
 * @param keep whether the JSON column itself is kept (false)
 * @param lowerCase whether column names are lower-cased (true)
 */
public record FlattenConfig(String column, String separator, Integer maxDepth, String arrays, Boolean keep,
                            Boolean lowerCase) {
}
