package dev.lakeload.testkit.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL server that tests run against, one per JVM, chosen in this order:
 * <ol>
 *   <li>an existing server when {@code LAKELOAD_TEST_JDBC_URL} is set (with {@code LAKELOAD_TEST_USER} and
 *       {@code LAKELOAD_TEST_PASSWORD}); the user must be allowed to create databases;</li>
 *   <li>a Testcontainers container when a Docker daemon is reachable;</li>
 *   <li>otherwise an embedded PostgreSQL from Maven-shipped binaries (the default on a machine with only a JDK).</li>
 * </ol>
 * Every test class takes its own fresh database with {@link #newDatabase(String)}, so tests never see each other's
 * tables. The server stops when the JVM exits. Thread-safe.
 */
public final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final String adminUrl;
    private final String user;
    private final String password;

    private PostgresServer(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The server for this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static PostgresServer start() {
        String url = System.getenv("LAKELOAD_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, System.getenv("LAKELOAD_TEST_USER"),
                    System.getenv("LAKELOAD_TEST_PASSWORD"));
        }
        if (dockerLikelyAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the embedded server's own shutdown hook cleans its folder
                }
            }));
            return new PostgresServer("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres",
                    "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    // Asking Testcontainers itself logs an error when there is no daemon, so look for one first.
    private static boolean dockerLikelyAvailable() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** Creates a new, empty database and returns it. */
    public TestDatabase newDatabase(String hint) {
        String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
                .toLowerCase(java.util.Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        try (Connection connection = dataSource(adminUrl).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new TestDatabase(url, user, password == null ? "" : password, dataSource(url));
    }

    private DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
