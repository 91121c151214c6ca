package dev.lakeload.cli.manifest;

import dev.lakeload.json.ArrayMode;
import dev.lakeload.json.FlattenOptions;

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
public record FlattenConfig(String column, String separator, Integer maxDepth, ArrayMode arrays, Boolean keep,
                            Boolean lowerCase) {
    /** The flattening options this describes, with the defaults for what is not set. */
    public FlattenOptions toOptions() {
        FlattenOptions options = FlattenOptions.DEFAULTS;
        return new FlattenOptions(column != null ? column : options.column(),
                separator != null ? separator : options.separator(),
                maxDepth != null ? maxDepth : options.maxDepth(),
                arrays != null ? arrays : options.arrays(),
                keep != null ? keep : options.keep(),
                lowerCase != null ? lowerCase : options.lowerCase());
    }
}
