package dev.lakeload.core.staging;

/**
 * A table in the target database, by schema and name (both unquoted; quote them when writing SQL).
 */
public record StagingTable(String schema, String name) {
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
