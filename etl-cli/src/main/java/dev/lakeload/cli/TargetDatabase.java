package dev.lakeload.cli;

import dev.lakeload.cli.manifest.TargetConfig.PostgresConfig;
import dev.lakeload.core.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a manifest targets: a server named by {@code target.postgres.url}, or, without a url, an embedded
 * PostgreSQL whose data directory persists in {@code .lakeload/pgdata} next to the manifest (so a second run sees
 * the first run's tables and ledger). Closing stops the embedded server. Not thread-safe to open; the data source
 * is.
 */
final class TargetDatabase implements AutoCloseable {
    static final String EMBEDDED_USER = "postgres";

    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final Path dataDirectory;

    private TargetDatabase(DataSource dataSource, EmbeddedPostgres embedded, Path dataDirectory) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Connects to the configured server or starts the embedded one.
     *
     * @param port for the embedded server: a fixed port, or 0 for any free one
     */
    static TargetDatabase open(PostgresConfig config, Path manifestDirectory, int port) {
        if (!config.embedded()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(config.url());
            if (config.user() != null && !config.user().isEmpty()) {
                dataSource.setUser(config.user());
            }
            if (config.password() != null && !config.password().isEmpty()) {
                dataSource.setPassword(config.password());
            }
            dataSource.setApplicationName("lakeload");
            return new TargetDatabase(dataSource, null, null);
        }
        Path dataDirectory = manifestDirectory.resolve(".lakeload").resolve("pgdata").toAbsolutePath();
        try {
            Files.createDirectories(dataDirectory.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder.start();
            return new TargetDatabase(server.getPostgresDatabase(), server, dataDirectory);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot start the embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage() + " (is another lakeload run using it? Set target.postgres.url to use a "
                    + "server instead)", e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** The embedded server's data directory; only for an embedded target. */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** The embedded server's port; only for an embedded target. */
    int port() {
        return embedded.getPort();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
