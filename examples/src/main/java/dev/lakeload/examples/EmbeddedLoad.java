package dev.lakeload.examples;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.LoadListener;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.postgres.PostgresWarehouse;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An example of embedding lakeload in a service without YAML: tables are built in code, the service brings its
 * own {@link DataSource}, and the run's report is handled by the service (here: printed, exit code 1 on failure).
 *
 * <p>Run it with a folder laid out like the quickstart lake and a JDBC URL:
 * {@code java -cp ... dev.lakeload.examples.EmbeddedLoad examples/quickstart/lake jdbc:postgresql://localhost/dw}
 * (user and password from {@code PGUSER} and {@code PGPASSWORD}).
 */
public final class EmbeddedLoad {
    private EmbeddedLoad() {
    }

    /**
     * The tables of the quickstart lake, as a service would declare them: once, and loaded as often as needed (a
     * spec holds transformer factories, so every load gets fresh transformers).
     */
    static final List<TableSpec> TABLES = tables();

    private static List<TableSpec> tables() {
        return List.of(
                TableSpec.builder("customers", "shop/customers/")
                        .column("id", "bigint").column("name", "text").column("email", "text")
                        .column("city", "text").column("postal_code", "text").column("created_at", "timestamp")
                        .primaryKey(List.of("id"))
                        .transformer(MaskEmails::new)
                        .build(),
                TableSpec.builder("orders", "shop/orders/")
                        .column("id", "bigint").column("customer_id", "bigint").column("status", "text")
                        .column("amount", "numeric(12,2)").column("currency", "char(3)").column("note", "text")
                        .column("created_at", "timestamp")
                        .primaryKey(List.of("id"))
                        .build());
    }

    /**
     * Loads the quickstart tables from {@code lake} into {@code dataSource}'s {@code schema}, telling
     * {@code listener} what happens as it happens (where a service would count rows for its metrics).
     */
    static RunReport load(Path lake, DataSource dataSource, String schema, LoadListener listener) {
        try (Source source = new LocalFolderSource(lake)) {
            return new PostgresWarehouse(dataSource, schema).pipeline(source).listening(listener).run(TABLES);
        }
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedLoad LAKE_FOLDER JDBC_URL");
            System.exit(2);
        }
        LoadListener log = new LoadListener() {
            @Override
            public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
                System.err.printf("%s: staged %s, %d rows%n", table, file.key(), rows);
            }
        };
        System.exit(print(load(Path.of(args[0]), dataSource(args[1]), "public", log)));
    }

    /** A data source for {@code url}, with user and password from {@code PGUSER} and {@code PGPASSWORD}. */
    static DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(System.getenv("PGUSER"));
        dataSource.setPassword(System.getenv("PGPASSWORD"));
        return dataSource;
    }

    /** Prints a line per table; the exit code: 1 when a table failed. */
    static int print(RunReport report) {
        for (TableResult table : report.tables()) {
            System.out.printf("%-10s %-10s %d rows loaded%s%n", table.name(), table.status().label(),
                    table.rowsLoaded(), table.error() == null ? "" : " - " + table.error());
        }
        return report.succeeded() ? 0 : 1;
    }
}
