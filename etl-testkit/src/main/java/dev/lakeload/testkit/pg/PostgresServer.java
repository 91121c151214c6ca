package dev.lakeload.testkit.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The system property {@code lakeload.test.postgresMajor} names the major version the build runs this JVM's tests
 * against (the build runs the integration tests on two majors); a started server of another major fails fast, so
 * a test run never passes on the wrong server unnoticed.
 *
 * <p>Every test class takes its own fresh database with {@link #newDatabase(String)}, so tests never see each other's
 * tables. An embedded or container server stops when the JVM exits; on an existing server the test databases are
 * dropped then. Thread-safe.
 */
public final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String TOKEN = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static PostgresServer shared;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final List<String> created = new CopyOnWriteArrayList<>();

    private PostgresServer(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The server for this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            shared.checkMajor();
        }
        return shared;
    }

    private void checkMajor() {
        String expected = System.getProperty("lakeload.test.postgresMajor");
        if (expected == null || System.getenv("LAKELOAD_TEST_JDBC_URL") != null) {
            return; // a server named by the environment is the one the developer chose
        }
        try (Connection connection = dataSource(adminUrl).getConnection()) {
            int major = connection.getMetaData().getDatabaseMajorVersion();
            if (major != Integer.parseInt(expected)) {
                throw new IllegalStateException("the test server is PostgreSQL " + major + ", but this test run "
                        + "is for PostgreSQL " + expected + " (lakeload.test.postgresMajor)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask the test server its version: " + e.getMessage(), e);
        }
    }

    private static PostgresServer start() {
        String url = System.getenv("LAKELOAD_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            PostgresServer server = new PostgresServer(url, System.getenv("LAKELOAD_TEST_USER"),
                    System.getenv("LAKELOAD_TEST_PASSWORD"));
            // Someone else's server outlives the tests: leave it as it was.
            Runtime.getRuntime().addShutdownHook(new Thread(server::dropCreatedDatabases));
            return server;
        }
        if (dockerLikelyAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:"
                    + System.getProperty("lakeload.test.postgresMajor", "17"));
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

    /**
     * Creates a new, empty database and returns it. Names carry this JVM's token, so runs against a shared server
     * never collide; the databases are dropped when the JVM exits.
     */
    public TestDatabase newDatabase(String hint) {
        String name = ("lakeload_t_" + TOKEN + "_" + DATABASES.incrementAndGet() + "_"
                + hint.replaceAll("[^A-Za-z0-9]", "_")).toLowerCase(Locale.ROOT);
        name = name.substring(0, Math.min(name.length(), 63));
        execute("CREATE DATABASE \"" + name + "\"");
        created.add(name);
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new TestDatabase(url, user, password == null ? "" : password, dataSource(url));
    }

    private void dropCreatedDatabases() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            } catch (IllegalStateException e) {
                // best effort at exit; a leftover test database does no harm
            }
        }
    }

    private void execute(String sql) {
        try (Connection connection = dataSource(adminUrl).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
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
