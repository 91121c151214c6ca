package dev.lakeload.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The generated password of the embedded PostgreSQL's superuser, so that other users of the machine cannot connect
 * to it on loopback. It is kept in {@code .lakeload/password} (permissions 0600) next to the data directory, and the
 * server's {@code pg_hba.conf} asks every connection for it (SCRAM).
 *
 * <p>Lifecycle, under the embedded database's lock: {@link #of} before the server starts, {@link #configure} on its
 * builder, then {@link #setIfUnset} once it runs. A data directory whose superuser has no password yet (a new one, or
 * one made before lakeload set passwords) starts once with trust on loopback while the password is set, then asks
 * for it from then on. Not thread-safe.
 */
final class EmbeddedPassword {
    private static final String HBA_PASSWORD = """
            # Written by lakeload at every start of the embedded PostgreSQL: every connection needs the password in
            # ../password.
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;
    private static final String HBA_TRUST = """
            # Written by lakeload for the one start that sets the password; replaced right after.
            host all all 127.0.0.1/32 trust
            host all all ::1/128 trust
            """;

    private final Path file;
    private final String password;
    private final boolean unset;

    private EmbeddedPassword(Path file, String password, boolean unset) {
        this.file = file;
        this.password = password;
        this.unset = unset;
    }

    /**
     * The password kept next to {@code dataDirectory}, or a new one; it is still to be set in the server when it was
     * not kept yet or the data directory is new (initdb leaves the superuser without a password).
     */
    static EmbeddedPassword of(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolveSibling("password");
        boolean newDirectory = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        if (Files.exists(file)) {
            return new EmbeddedPassword(file, Files.readString(file).strip(), newDirectory);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new EmbeddedPassword(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
    }

    /** The file the password is kept in. */
    Path file() {
        return file;
    }

    /** Makes the server ask for the password, or trust loopback for this one start when it is not set yet. */
    void configure(EmbeddedPostgres.Builder builder) {
        builder.setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> writeHba(data.toPath(), unset ? HBA_TRUST : HBA_PASSWORD));
    }

    /** Sets a new password in the running server, keeps it, and makes the server ask for it from now on. */
    void setIfUnset(EmbeddedPostgres server, Path dataDirectory) throws IOException {
        if (!unset) {
            return;
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // The password is base64url: nothing in it needs quoting.
            statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            keep();
            writeHba(dataDirectory, HBA_PASSWORD);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the password of the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Writes the file readable by its owner only, atomically: a half-written password would lock lakeload out. */
    private void keep() throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "password", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, password + System.lineSeparator());
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Rewrites the existing {@code pg_hba.conf} in place, so it keeps the owner the server runs as. */
    private static void writeHba(Path dataDirectory, String content) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDirectory.resolve("pg_hba.conf"), e);
        }
    }

    /** A psql command line that connects to the server on {@code port} with the kept password. */
    String psql(int port) {
        return "PGPASSWORD=\"$(cat '" + file + "')\" psql \"postgresql://postgres@localhost:" + port + "/postgres\"";
    }
}
