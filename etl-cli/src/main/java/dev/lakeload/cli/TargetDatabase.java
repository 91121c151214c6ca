package dev.lakeload.cli;

import dev.lakeload.cli.manifest.TargetConfig.PostgresConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.UnreachableException;
import dev.lakeload.postgres.KeepAliveSocketFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a manifest targets: a server named by {@code target.postgres.url}, or, without a url, an embedded
 * PostgreSQL whose data directory persists in {@code .lakeload/pgdata} next to the manifest (so a second run sees
 * the first run's tables and ledger), asking for the generated password in {@code .lakeload/password} (see
 * {@link EmbeddedPassword}). One lakeload command at a time uses an embedded database; a server that a
 * killed command left running is stopped first. Closing stops the embedded server. Not thread-safe to open; the
 * data source is.
 */
final class TargetDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetDatabase.class);
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int LOGIN_TIMEOUT_SECONDS = 30;

    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final Path dataDirectory;
    private final FileChannel lock;
    private final EmbeddedPassword password;

    private TargetDatabase(DataSource dataSource, EmbeddedPostgres embedded, Path dataDirectory,
                           FileChannel lock, EmbeddedPassword password) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.lock = lock;
        this.password = password;
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
            // Bounds on connecting and on a vanished server or network, unless the URL sets its own. No
            // socketTimeout: it would also end a COPY or promotion that is merely long.
            Properties inUrl = Driver.parseURL(config.url(), null);
            Map.of(PGProperty.CONNECT_TIMEOUT, String.valueOf(CONNECT_TIMEOUT_SECONDS),
                    PGProperty.LOGIN_TIMEOUT, String.valueOf(LOGIN_TIMEOUT_SECONDS),
                    PGProperty.TCP_KEEP_ALIVE, "true",
                    PGProperty.SOCKET_FACTORY, KeepAliveSocketFactory.class.getName()).forEach((property, value) -> {
                        if (inUrl == null || !inUrl.containsKey(property.getName())) {
                            dataSource.setProperty(property, value);
                        }
                    });
            if (config.user() != null && !config.user().isEmpty()) {
                dataSource.setUser(config.user());
            }
            if (config.password() != null && !config.password().isEmpty()) {
                dataSource.setPassword(config.password());
            }
            dataSource.setApplicationName("lakeload");
            // Set after the url, so the manifest's keys win over the url's sslmode and sslrootcert.
            if (config.sslMode() != null) {
                dataSource.setSslMode(config.sslMode().label());
            }
            if (config.sslRootCert() != null) {
                dataSource.setSslRootCert(rootCertificate(config.sslRootCert(), manifestDirectory).toString());
            }
            return new TargetDatabase(dataSource, null, null, null, null);
        }
        Path dataDirectory = manifestDirectory.resolve(".lakeload").resolve("pgdata").toAbsolutePath();
        FileChannel lock = lockExclusively(dataDirectory.getParent());
        try {
            stopServerLeftRunning(dataDirectory);
            EmbeddedPassword password = EmbeddedPassword.of(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false);
            password.configure(builder);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder.start();
            try {
                password.setIfUnset(server, dataDirectory);
            } catch (IOException e) {
                closeQuietly(server, e);
                throw e;
            }
            return new TargetDatabase(server.getPostgresDatabase(), server, dataDirectory, lock, password);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock, e);
            throw new UnreachableException("cannot start the embedded PostgreSQL in " + dataDirectory + ": "
                    + e.getMessage() + " (set target.postgres.url to use a server instead)", e);
        }
    }

    private static Path rootCertificate(String configured, Path manifestDirectory) {
        Path file = manifestDirectory.resolve(configured).toAbsolutePath().normalize();
        if (!Files.isReadable(file)) {
            throw new ConfigException("target.postgres.sslRootCert: " + file + " does not exist or cannot be read; "
                    + "name the PEM file of the certificate authority that signed the server's certificate");
        }
        return file;
    }

    /**
     * Takes the lock that one lakeload command at a time holds on an embedded database. The operating system
     * releases it when the process ends, however it ends, so a held lock always means a live command.
     */
    private static FileChannel lockExclusively(Path folder) {
        try {
            Files.createDirectories(folder);
            FileChannel channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            if (tryLock(channel) == null) {
                channel.close();
                throw new RetriableException("another lakeload command is using the embedded PostgreSQL in "
                        + folder + "; run again when it has ended (or set target.postgres.url to share a server)",
                        null);
            }
            return channel;
        } catch (IOException e) {
            throw new ConfigException("cannot lock " + folder + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process, for example by a command an embedding service runs
        }
    }

    /**
     * Stops a server that a killed lakeload command left running on this data directory: nobody else can be using
     * it, since this process holds the lock, and it would keep the directory from starting again.
     */
    private static void stopServerLeftRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!firstLine.matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(firstLine))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return; // a stale pid file; PostgreSQL itself handles it
        }
        LOG.warn("stopping the embedded PostgreSQL (pid {}) that an interrupted lakeload command left running",
                firstLine);
        server.get().destroy(); // SIGTERM: a smart shutdown, quick since its clients are gone
        try {
            server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.get().destroyForcibly(); // PostgreSQL recovers from its WAL on the next start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping pid " + firstLine, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot stop pid " + firstLine, e);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable, Exception primary) {
        try {
            closeable.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
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

    /** A psql command line that connects to the embedded server on {@code port}, with its password. */
    String psql(int port) {
        return password.psql(port);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            try (lock) {
                embedded.close();
            }
        }
    }
}
