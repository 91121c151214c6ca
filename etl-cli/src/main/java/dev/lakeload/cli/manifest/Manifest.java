package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A lakeload manifest: where files come from, where they go, and the tables. Bound from YAML by
 * {@link ManifestLoader}; every part validates itself, so an invalid manifest cannot exist.
 */
public record Manifest(SourceConfig source, TargetConfig target, List<TableConfig> tables) {
    public Manifest {
        if (source == null) {
            throw new ConfigException("'source' is missing: say where the files are (source.local or source.s3)");
        }
        if (target == null) {
            target = new TargetConfig(null);
        }
        if (tables == null || tables.isEmpty()) {
            throw new ConfigException("'tables' is missing or empty: list at least one table");
        }
        tables = List.copyOf(tables);
        Set<String> names = new HashSet<>();
        for (TableConfig table : tables) {
            if (!names.add(table.name())) {
                throw new ConfigException("table '" + table.name() + "' is listed twice");
            }
        }
    }
}
