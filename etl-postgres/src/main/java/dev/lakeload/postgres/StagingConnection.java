package dev.lakeload.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The one connection through which a staged load fills all its staging tables. A connection runs one COPY at a
 * time and the rows of a flattened document's relations come interleaved, so a writer that flushes while another
 * writer's COPY is open ends that COPY first; each writer's rows are buffered, so COPYs change rarely. Runs in
 * autocommit: no transaction is ever open on it. The staged load closes it as soon as staging ends, so a load holds
 * one connection while staging and none of its own while promoting. Rows are sent from a {@link CopySender}, so
 * that reading the next rows and storing these overlap. Not thread-safe.
 */
final class StagingConnection implements AutoCloseable {
    private final Connection connection;
    private final boolean owned;
    private final CopySender sender = new CopySender();
    private Object copyOwner;
    private CopyIn copy;

    StagingConnection(DataSource dataSource, String runId, WaitPolicy waits) throws SQLException {
        connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            RunSessions.configure(connection, runId, waits, false);
        } catch (SQLException | RuntimeException e) {
            Sql.closeAfter(connection, e);
            throw e;
        }
        owned = true;
    }

    /**
     * Fills staging tables through {@code borrowed}, in its transaction (a direct copy's, {@link ChunkStaging}):
     * {@link #close} ends what this began on it and leaves it open, to its owner.
     */
    StagingConnection(Connection borrowed) {
        connection = borrowed;
        owned = false;
    }

    /**
     * Sends {@code bytes[0, length)} into the open COPY of {@code owner} (unless it has one, ends the open COPY and
     * starts {@code sql}), from the connection's {@link CopySender}: this returns while the server still stores
     * them.
     */
    void write(Object owner, String sql, byte[] bytes, int length) throws SQLException {
        sender.send(copyIn(owner, sql), bytes, length);
    }

    private CopyIn copyIn(Object owner, String sql) throws SQLException {
        if (copy != null && copyOwner == owner) {
            return copy;
        }
        endCopy();
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        copyOwner = owner;
        return copy;
    }

    /** Ends the COPY of {@code owner} if it is the open one: its rows are then in its table. */
    void endCopy(Object owner) throws SQLException {
        if (copyOwner == owner) {
            endCopy();
        }
    }

    /** Runs a statement, after ending the open COPY. */
    void execute(String sql) throws SQLException {
        endCopy();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void endCopy() throws SQLException {
        if (copy != null) {
            sender.drain();
            copy.endCopy();
            // Only now: a COPY that failed to end still holds the connection, for close() to cancel.
            copy = null;
            copyOwner = null;
        }
    }

    /** Abandons an open COPY and gives the connection back (a borrowed one stays open). */
    @Override
    public void close() throws SQLException {
        sender.close(); // no chunk is in flight from here on
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } finally {
            copy = null;
            copyOwner = null;
            if (owned) {
                connection.close();
            }
        }
    }
}
