package dev.lakeload.examples;

import dev.lakeload.cli.ManifestTables;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.Source;
import dev.lakeload.postgres.PostgresWarehouse;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * An example of embedding lakeload in a service that keeps its tables in a manifest, as the CLI does: the tables
 * come from the manifest ({@link ManifestTables}, with its includes, defaults and checks), the service brings its
 * own source, {@link DataSource} and logging. It depends on {@code etl-cli} for that, which brings neither the
 * CLI's logging backend nor its embedded PostgreSQL.
 *
 * <p>Run it with a manifest, its lake folder and a JDBC URL:
 * {@code java -cp ... dev.lakeload.examples.ManifestLoad examples/quickstart/lakeload.yaml examples/quickstart/lake
 * jdbc:postgresql://localhost/dw} (user and password from {@code PGUSER} and {@code PGPASSWORD}).
 */
public final class ManifestLoad {
    private ManifestLoad() {
    }

    /** Loads the tables of {@code manifest} from {@code lake} into {@code dataSource}'s {@code schema}. */
    static RunReport load(Path manifest, Path lake, DataSource dataSource, String schema) {
        List<TableSpec> tables = ManifestTables.load(manifest);
        try (Source source = new LocalFolderSource(lake)) {
            return new PostgresWarehouse(dataSource, schema).pipeline(source).run(tables);
        }
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ManifestLoad MANIFEST LAKE_FOLDER JDBC_URL");
            System.exit(2);
        }
        System.exit(EmbeddedLoad.print(load(Path.of(args[0]), Path.of(args[1]), EmbeddedLoad.dataSource(args[2]),
                "public")));
    }
}
