package dev.lakeload.json;

/** Where {@link JsonFlattener} puts a JSON array (manifest key {@code flatten.arrays}). */
public enum ArrayMode {
    /** The whole array becomes one {@code jsonb} column holding its JSON text. */
    JSONB,
    /**
     * Each element becomes a row of a child table {@code <table>__<array path>}, keyed by the parent's primary key
     * and the element's position ({@code _index}). Arrays inside elements stay {@code jsonb}.
     */
    TABLE
}
