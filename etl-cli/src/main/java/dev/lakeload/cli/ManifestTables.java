package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import dev.lakeload.cli.manifest.TableConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a manifest as {@link TableSpec}s: the entry point for a service that embeds lakeload and keeps
 * its tables in a manifest. It reads the manifest as {@code lakeload validate} does (includes, defaults, every
 * check, errors naming file, line and key) and connects nowhere; the service brings its own source and data
 * source to a {@link dev.lakeload.postgres.PostgresWarehouse}. Depending on {@code etl-cli} for it brings neither
 * the command's logging backend nor its embedded PostgreSQL (both optional there). Thread-safe.
 */
public final class ManifestTables {
    private ManifestTables() {
    }

    /**
     * Every table of the manifest at {@code file}, in order.
     *
     * @throws ConfigException naming the file, line and key of what is invalid
     */
    public static List<TableSpec> load(Path file) {
        return of(new ManifestLoader().load(file), file);
    }

    /**
     * Every table of a manifest read before ({@link ManifestLoader#load}), such as to use its
     * {@link Manifest#source()} and {@link Manifest#target()} too.
     *
     * @param file the manifest's file, for the line of an invalid table
     * @throws ConfigException naming the file, line and key of what is invalid
     */
    public static List<TableSpec> of(Manifest manifest, Path file) {
        return select(manifest, file, null);
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
                    throw new ConfigException(ManifestLoader.where(file, i, e) + ": " + e.getMessage(), e);
                }
            }
        }
        return tables;
    }
}
