package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * {@code target.postgres.sslMode}: whether the connection to PostgreSQL uses TLS and what it checks, with the
 * meanings of libpq's and PgJDBC's {@code sslmode}. Only {@link #VERIFY_FULL} protects against a server that
 * impersonates the real one; {@link #REQUIRE} encrypts but trusts any certificate.
 */
public enum SslMode {
    /** No TLS. */
    DISABLE,
    /** TLS only when the server insists. */
    ALLOW,
    /** TLS when the server offers it (PgJDBC's default when nothing is set). */
    PREFER,
    /** TLS always, any certificate accepted. */
    REQUIRE,
    /** TLS always, the certificate signed by the root certificate. */
    @JsonProperty("verify-ca")
    VERIFY_CA,
    /** TLS always, the certificate signed by the root certificate and naming the host connected to. */
    @JsonProperty("verify-full")
    VERIFY_FULL;

    /** The name in manifests and JDBC URLs: {@code require}, {@code verify-full}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }
}
