package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.UncoveredFolders;
import dev.lakeload.core.source.GlobFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A lakeload manifest: where files come from, where they go, and the tables. Bound from YAML by
 * {@link ManifestLoader}; every part validates itself, so an invalid manifest cannot exist.
 *
 * @param source where the DMS files are: {@code local} or {@code s3}
 * @param target where they go: {@code postgres}; omitted, an embedded PostgreSQL next to the manifest
 * @param tables the tables to load, each with its name and the key prefix of its files
 * @param ignore glob patterns of source folders that look like DMS tables and are left out on purpose
 * @param uncoveredFolders whether such folders that no table loads and no pattern ignores fail a run
 *     ({@code warn} by default)
 */
public record Manifest(SourceConfig source, TargetConfig target, List<TableConfig> tables, List<String> ignore,
                       UncoveredFolders uncoveredFolders) {
    public Manifest {
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        uncoveredFolders = uncoveredFolders == null ? UncoveredFolders.WARN : uncoveredFolders;
        try {
            new GlobFilter(List.of(), ignore);
        } catch (ConfigException e) {
            throw new ConfigException("ignore: " + e.getMessage(), e);
        }
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
