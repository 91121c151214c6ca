package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.TableConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import java.util.List;

/** The tables of a manifest as {@link TableSpec}s, optionally only some of them. */
final class ManifestTables {
    private ManifestTables() {
    }

    /**
     * @param only table names to keep, or null/empty for all
     * @throws ConfigException when a named table is not in the manifest, or a table is invalid
     */
    static List<TableSpec> select(Manifest manifest, List<String> only) {
        List<String> names = manifest.tables().stream().map(TableConfig::name).toList();
        if (only != null) {
            for (String name : only) {
                if (!names.contains(name)) {
                    throw new ConfigException("--table " + name + ": the manifest has no such table (it has "
                            + String.join(", ", names) + ")");
                }
            }
        }
        return manifest.tables().stream()
                .filter(t -> only == null || only.isEmpty() || only.contains(t.name()))
                .map(TableSpecs::from)
                .toList();
    }
}
