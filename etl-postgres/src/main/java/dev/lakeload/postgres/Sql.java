package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.UnreachableException;
import dev.lakeload.core.WaitTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Identifier quoting, transactions and error translation shared by the PostgreSQL parts. */
final class Sql {
    /** The schema holding the ledger, the rejects table and the staging tables. */
    static final String LEDGER_SCHEMA = "lakeload";

    private Sql() {
    }

    /** A double-quoted identifier; any name is safe, inner quotes are doubled. */
    static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new ConfigException("identifier contains a NUL character: " + name.replace("\0", "\\0"));
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    static String identList(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /** Eight hex characters identifying a text, for short unique names. */
    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Work with a connection, in a transaction that {@link #inTransaction} commits or rolls back. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own, and commits. On failure it rolls back,
     * keeping the failure (a rollback that fails too is added to it as suppressed), so the connection always goes
     * back to the data source with no transaction open.
     */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        return inTransaction(dataSource, work, true);
    }

    /**
     * Runs {@code work} in one transaction as {@link #inTransaction(DataSource, Work)} does, and rolls it back
     * also when it succeeds: what it did is seen by {@code work} alone (a rehearsal, such as a dry run's promotion).
     */
    static <T> T rolledBack(DataSource dataSource, Work<T> work) throws SQLException {
        return inTransaction(dataSource, work, false);
    }

    private static <T> T inTransaction(DataSource dataSource, Work<T> work, boolean commit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    /** Rolls back after {@code failure}; a rollback that fails too is added to the failure, never replaces it. */
    static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes a connection after {@code failure}; a close that fails too is added to it, never replaces it. */
    static void closeAfter(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean causedByTls(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException
                    || cause instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Translates a driver error into lakeload's exceptions by SQLSTATE class: a connection that cannot be made
     * means the database is unreachable; lost connections and fail-over errors are retriable (the pipeline loads
     * the table again): class 08 (a connection reset, or the backend gone mid-COPY, which PgJDBC reports as 08006
     * "An I/O error occurred" or "Database connection failed when writing to copy"), 40001 serialization failure,
     * 40P01 deadlock, 57P01 admin_shutdown ({@code pg_terminate_backend}, a fast shutdown), 57P02 crash_shutdown,
     * 57P03 cannot_connect_now and class 53 (out of resources, too many connections). 55P03 lock_not_available
     * (the session's lock_timeout) is a {@link WaitTimeoutException}, not retried at once. Data errors are data errors; permissions, missing databases and invalid SQL are configuration errors.
     */
    static LakeloadException translate(SQLException e, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = doing + ": " + e.getMessage() + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
        if (causedByTls(e)) {
            // A certificate that does not verify is not a passing fault: running again cannot help.
            return new ConfigException(doing + ": TLS to the server failed: " + e.getMessage() + "; check the root "
                    + "certificate and sslmode (target.postgres.sslRootCert and sslMode, or sslrootcert and sslmode "
                    + "in the url)", e);
        }
        // 08001 and 08004: no connection could be made or the server refused it; 57P03: it is starting or stopping.
        if (state.equals("08001") || state.equals("08004") || state.equals("57P03")) {
            return new UnreachableException(message, e);
        }
        if (state.equals("55P03")) {
            return new WaitTimeoutException(message, e);
        }
        // PgJDBC gives an I/O failure without a SQLSTATE in a few paths; the connection is as lost as with 08006.
        boolean lostWithoutState = state.isEmpty() && e.getCause() instanceof java.io.IOException;
        if (lostWithoutState || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01")) {
            return new RetriableException(message, e);
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return new DataException(null, 0, null, message, e);
        }
        if (state.equals("42501")) {
            return new ConfigException(message + "; grant the role what the README's least privileges list for "
                    + "the table's mode", e);
        }
        return new ConfigException(message, e);
    }
}
