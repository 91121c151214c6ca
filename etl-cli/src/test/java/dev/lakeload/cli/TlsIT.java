package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.cli.manifest.ManifestLoader;
import dev.lakeload.testkit.process.ChildProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to PostgreSQL: a server started with {@code ssl=on} and a self-signed certificate for {@code localhost},
 * made here with the JDK's keytool. {@code sslMode} and {@code sslRootCert} in the manifest, or the url's
 * {@code sslmode} and {@code sslrootcert}, decide what the connection checks.
 */
@Tag("reliability")
class TlsIT {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path certificates;

    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerWithTls() throws IOException, GeneralSecurityException {
        String[] server = pem(selfSigned("server"));
        Files.writeString(certificates.resolve("root.crt"), server[0]);
        Files.writeString(certificates.resolve("other-root.crt"), pem(selfSigned("other"))[0]);
        TlsIT.server = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", "server.crt")
                .setServerConfig("ssl_key_file", "server.key")
                .setDataDirectoryCustomizer(data -> writeServerFiles(data.toPath(), server))
                .start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A key pair and self-signed certificate for localhost in a new PKCS#12 key store, by keytool. */
    private static Path selfSigned(String name) {
        Path store = certificates.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ChildProcess.Result result = ChildProcess.run(certificates, Duration.ofMinutes(1), List.of(
                keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return store;
    }

    /** The certificate and the private key (PKCS#8) of a one-entry key store, as PEM. */
    private static String[] pem(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        String alias = keyStore.aliases().nextElement();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return new String[] {
            "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(keyStore.getCertificate(alias).getEncoded())
                    + "\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(keyStore.getKey(alias, PASSWORD.toCharArray())
                    .getEncoded()) + "\n-----END PRIVATE KEY-----\n"};
    }

    /** PostgreSQL refuses a key that others can read, and needs both files owned by the server's user. */
    private static void writeServerFiles(Path data, String[] certificateAndKey) {
        try {
            Path certificate = Files.writeString(data.resolve("server.crt"), certificateAndKey[0]);
            Path key = Files.writeString(data.resolve("server.key"), certificateAndKey[1]);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.setOwner(certificate, Files.getOwner(data));
            Files.setOwner(key, Files.getOwner(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url(String parameters) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres" + parameters;
    }

    private Path manifest(String url, String tlsKeys, String schema) throws IOException {
        Files.createDirectories(dir.resolve("lake/shop/orders"));
        Files.writeString(dir.resolve("lake/shop/orders/LOAD00000001.csv"), "1\n2\n");
        Files.copy(certificates.resolve("root.crt"), dir.resolve("root.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certificates.resolve("other-root.crt"), dir.resolve("other-root.crt"),
                StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(dir.resolve("lakeload.yaml"), """
                source:
                  local: { path: lake }
                target:
                  postgres:
                    url: "%s"
                    user: postgres
                    schema: %s
                %s
                tables:
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                """.formatted(url, schema, tlsKeys.indent(4)));
    }

    /** Whether the manifest's own connection, as lakeload opens it, is encrypted, by the server's own view. */
    private String sslOfOwnBackend(Path manifest) throws IOException, SQLException {
        try (TargetDatabase database = TargetDatabase.open(new ManifestLoader().load(manifest).target().postgres(),
                dir, 0);
             Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void verifyFullWithTheRightRootCertificateLoadsOverTls() throws IOException, SQLException {
        Path manifest = manifest(url(""), "sslMode: verify-full\nsslRootCert: root.crt", "tls_verify_full");

        CliRun run = CliRun.of("run", manifest.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("orders\\s+loaded\\s+1\\s+2\\s+2");
        assertThat(sslOfOwnBackend(manifest)).isEqualTo("t");
    }

    @Test
    void theJdbcUrlCanSayTheSameAndTheManifestKeysWinOverIt() throws IOException, SQLException {
        Path viaUrl = manifest(url("?sslmode=verify-full&sslrootcert=" + dir.resolve("root.crt")), "", "tls_url");

        assertThat(sslOfOwnBackend(viaUrl)).isEqualTo("t");

        Path overridden = manifest(url("?sslmode=verify-full&sslrootcert=" + dir.resolve("other-root.crt")),
                "sslRootCert: root.crt", "tls_url");
        assertThat(sslOfOwnBackend(overridden)).isEqualTo("t");
    }

    @Test
    void aWrongRootCertificateFailsEveryTableNamingTls() throws IOException {
        Path report = dir.resolve("report.json");
        Path manifest = manifest(url(""), "sslMode: verify-full\nsslRootCert: other-root.crt", "tls_wrong_root");

        CliRun run = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("error: orders: the run could not start: ")
                .contains("TLS to the server failed: ")
                .contains("check the root certificate and sslmode (target.postgres.sslRootCert and sslMode");
        JsonNode orders = new ObjectMapper().readTree(report.toFile()).get("tables").get(0);
        assertThat(orders.get("errorKind").asText()).isEqualTo("configuration");
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificateAndDisableDoesNot() throws IOException, SQLException {
        Path require = manifest(url(""), "sslMode: require", "tls_require");

        CliRun run = CliRun.of("run", require.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(sslOfOwnBackend(require)).isEqualTo("t");
        assertThat(sslOfOwnBackend(manifest(url("?sslmode=require"), "sslMode: disable", "tls_require")))
                .isEqualTo("f");
    }

    @Test
    void aMissingRootCertificateAndTlsKeysForTheEmbeddedDatabaseAreManifestErrors() throws IOException {
        Path missing = manifest(url(""), "sslMode: verify-full\nsslRootCert: nowhere.crt", "tls_missing");

        CliRun run = CliRun.of("run", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("error: orders: the run could not start: target.postgres.sslRootCert: "
                + dir.resolve("nowhere.crt") + " does not exist or cannot be read");

        Files.writeString(missing, Files.readString(missing).replace("url: \"" + url("") + "\"", ""));
        CliRun embedded = CliRun.of("validate", missing.toString());
        assertThat(embedded.exitCode()).isEqualTo(2);
        assertThat(embedded.err()).contains("line 4").contains("sslMode and sslRootCert need target.postgres.url");
    }
}
