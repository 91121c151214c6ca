package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.cli.manifest.TargetConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL (a manifest without {@code target.postgres.url}) asks every connection for the password
 * kept in {@code .lakeload/password}, readable by its owner only, so other users of the machine cannot connect;
 * lakeload's own commands use it.
 */
@Tag("reliability")
class EmbeddedPasswordIT {
    private static final TargetConfig.PostgresConfig EMBEDDED = new TargetConfig(null).postgres();

    @TempDir
    Path dir;

    private Path passwordFile() {
        return dir.resolve(".lakeload/password");
    }

    private static void connect(int port, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port
                + "/postgres", "postgres", password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private void assertOnlyThePasswordConnects(TargetDatabase database) throws IOException, SQLException {
        String password = Files.readString(passwordFile()).strip();
        assertThatThrownBy(() -> connect(database.port(), "")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> connect(database.port(), "postgres")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"postgres\"");
        connect(database.port(), password);
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void aNewDatabaseGetsAGeneratedPasswordThatOnlyItsOwnerCanRead() throws IOException, SQLException {
        try (TargetDatabase database = TargetDatabase.open(EMBEDDED, dir, 0)) {
            assertThat(Files.getPosixFilePermissions(passwordFile()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(passwordFile()).strip()).matches("[A-Za-z0-9_-]{32}");
            assertOnlyThePasswordConnects(database);
            assertThat(database.psql(54329)).isEqualTo("PGPASSWORD=\"$(cat '" + passwordFile()
                    + "')\" psql \"postgresql://postgres@localhost:54329/postgres\"");
        }
        String first = Files.readString(passwordFile());

        try (TargetDatabase again = TargetDatabase.open(EMBEDDED, dir, 0)) {
            assertOnlyThePasswordConnects(again);
        }
        assertThat(Files.readString(passwordFile())).isEqualTo(first);

        Files.writeString(dir.resolve("lakeload.yaml"), """
                source:
                  local: { path: lake }
                tables:
                  - { name: t, from: t/, columns: [ { name: id, type: bigint } ] }
                """);
        CliRun db = CliRun.of("db", dir.resolve("lakeload.yaml").toString(), "-e", "SELECT current_user AS who");
        assertThat(db.exitCode()).as(db.err()).isZero();
        assertThat(db.out()).contains("postgres").contains("(1 row)");
    }

    @Test
    void aDatabaseMadeBeforePasswordsKeepsItsDataAndGetsOne() throws IOException, SQLException {
        Path data = dir.resolve(".lakeload/pgdata");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .start();
             Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept AS SELECT 42 AS answer");
        }

        try (TargetDatabase database = TargetDatabase.open(EMBEDDED, dir, 0)) {
            assertOnlyThePasswordConnects(database);
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                var rs = statement.executeQuery("SELECT answer FROM kept");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }
}
