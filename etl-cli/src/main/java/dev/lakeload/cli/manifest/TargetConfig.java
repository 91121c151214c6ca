package dev.lakeload.cli.manifest;

/**
 * {@code target:}; only PostgreSQL so far. Omitted entirely, it means the embedded PostgreSQL.
 *
 * @param postgres the PostgreSQL database to load into
 */
public record TargetConfig(PostgresConfig postgres) {
    public TargetConfig {
        if (postgres == null) {
            postgres = new PostgresConfig(null, null, null, null, null, null);
        }
    }

    /**
     * {@code target.postgres:}.
     *
     * @param url a JDBC URL; omitted, lakeload starts an embedded PostgreSQL whose data stays in
     *     {@code .lakeload/} next to the manifest
     * @param user the user (for example {@code ${PGUSER}})
     * @param password the password (for example {@code ${PGPASSWORD}}); never printed
     * @param schema the schema of the target tables, {@code public} by default
     * @param sslMode TLS to the server; null leaves it to the url's {@code sslmode} (PgJDBC's default: prefer)
     * @param sslRootCert the PEM file of the certificate authority that signed the server's certificate, for
     *     {@code verify-ca} and {@code verify-full}; relative to the manifest; null leaves it to the url's
     *     {@code sslrootcert} (PgJDBC's default: {@code ~/.postgresql/root.crt})
     */
    public record PostgresConfig(String url, String user, String password, String schema, SslMode sslMode,
                                 String sslRootCert) {
        public PostgresConfig {
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                throw new dev.lakeload.core.ConfigException("target.postgres.url must start with "
                        + "'jdbc:postgresql:' (got '" + url.replaceAll("password=[^&]*", "password=***") + "')");
            }
            if ((url == null || url.isBlank()) && (sslMode != null || sslRootCert != null)) {
                throw new dev.lakeload.core.ConfigException("target.postgres.sslMode and sslRootCert need "
                        + "target.postgres.url: the embedded PostgreSQL is reached on loopback only, without TLS");
            }
            if (schema == null || schema.isBlank()) {
                schema = "public";
            }
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return "PostgresConfig[url=" + url + ", user=" + user + ", schema=" + schema + ", sslMode=" + sslMode
                    + ", sslRootCert=" + sslRootCert + "]";
        }
    }
}
