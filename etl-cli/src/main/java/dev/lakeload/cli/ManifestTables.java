package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import dev.lakeload.cli.manifest.TableConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tables of a manifest as {@link TableSpec}s, optionally only some of them. */
final class ManifestTables {
    private ManifestTables() {
    }

    /**
     * @param file the manifest's file, for the line of an invalid table
     * @param only table names to keep, or null/empty for all
     * @throws ConfigException when a named table is not in the manifest, or a table is invalid
     */
    static List<TableSpec> select(Manifest manifest, Path file, List<String> only) {
        List<String> names = manifest.tables().stream().map(TableConfig::name).toList();
        if (only != null) {
            for (String name : only) {
                if (!names.contains(name)) {
                    throw new ConfigException("--table " + name + ": the manifest has no such table (it has "
                            + String.join(", ", names) + ")");
                }
            }
        }
        List<TableSpec> tables = new ArrayList<>();
        for (int i = 0; i < manifest.tables().size(); i++) {
            TableConfig table = manifest.tables().get(i);
            if (only == null || only.isEmpty() || only.contains(table.name())) {
                try {
                    tables.add(TableSpecs.from(table));
                } catch (ConfigException e) {
                    throw new ConfigException(ManifestLoader.where(file, "/tables/" + i) + " (tables[" + i
                            + "]): " + e.getMessage(), e);
                }
            }
        }
        return tables;
    }
}
