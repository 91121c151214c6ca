package dev.lakeload.postgres;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.csv.CsvChunk;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.staging.StagingRequired;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The row path of a direct copy ({@link PostgresDirectLoad}): rows go into the target table in chunks, one
 * {@code COPY} per chunk under a savepoint, so that a value the copy cannot take costs its chunk and not the load.
 * Per chunk, in order:
 * <ol>
 *   <li>the reading thread encodes its rows and queues them on a {@link CopySender}, keeping the rows themselves
 *       (values, file, line) until the chunk is done; a chunk ends after {@link #rowsPerChunk} rows, {@link
 *       #CHUNK_BYTES} of COPY data, at the end of a file, or at a row the encoder refuses (a NUL character under
 *       {@code nulBytes: reject}, an unpaired surrogate) or whose {@code timestamp} value may carry an offset;</li>
 *   <li>the sender thread sets a savepoint and opens the chunk's {@code COPY} with its first bytes, then ends it
 *       after its last: when the server's count is the chunk's rows, it releases the savepoint;</li>
 *   <li>when the {@code COPY} failed on a value or a key (SQLSTATE class 22, 23502, 23514, 23505) or the reading
 *       thread refused a row, the sender thread rolls back to the savepoint and loads the chunk's rows through
 *       staging in the same transaction ({@link ChunkStaging}), with the staging path's rejects; then goes on
 *       with the next chunk. When the server named the row whose value failed, the chunk's other rows are first
 *       copied again in one {@code COPY} under a savepoint, and only that row is staged (all of them when that
 *       {@code COPY} fails too). A key taken after other chunks went in leaves the whole load to staging
 *       ({@link dev.lakeload.core.staging.StagingRequired}): only staging can name a row of this load that has
 *       the key.</li>
 * </ol>
 * Once most chunks failed, the rest go through staging without a {@code COPY} ({@link #FAILURES_TO_STAGE_REST}).
 * The reading thread never waits for a chunk to end: the sender thread does the savepoints, the ends and the
 * staging between writes, while the next rows are parsed. Memory stays bounded: the reading thread is at most
 * {@link CopySender#CHUNKS} writes or chunk ends ahead, each holding at most one chunk's rows. Every other failure
 * is the load's, thrown by the next {@link #add}, {@link #endFile} or {@link #finish}. Without a {@link
 * ChunkStaging} (the load table of an {@code upsert} or {@code cdc}, whose merge decides for the whole load) a
 * chunk the copy cannot take leaves the whole load to staging instead. Not thread-safe; the owner of the connection
 * closes it after {@link #close}.
 */
final class ChunkedCopy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedCopy.class);
    private static final int FLUSH_BYTES = 1 << 20;
    /** At most this much COPY data per chunk: what a failed chunk loads again through staging. */
    static final long CHUNK_BYTES = 4L << 20;
    /**
     * At most this many rows per chunk, which the reading thread keeps until the chunk is done. Each chunk is a
     * subtransaction: up to 64 per transaction stay in the server's shared memory, so up to about two million
     * rows of a short table need no lookups of other sessions in {@code pg_subtrans}. A knob for tests.
     */
    static volatile int rowsPerChunk = 32_768;
    static final int FAILURES_TO_STAGE_REST = 3;

    private final Connection connection;
    private final String copySql;
    private final CopyTextEncoder encoder;
    private final boolean[] checksOffsets;
    private final ChunkStaging staging;
    private final String target;
    private final CopySender sender = new CopySender();
    /** The sender thread's encoder, for rows it copies again. */
    private final CopyTextEncoder resend;
    private final Pattern copyLine;
    private Chunk current;
    /**
     * Rows in the table, copied or through staging; written by the sender thread (and by {@link #copyRaw} while
     * it is idle), read after {@link #finish}.
     */
    private long loaded;
    /** Whether a chunk is in the table already: the sender thread's, as {@link #loaded}. */
    private boolean anyChunkDone;
    /** Chunks copied, and chunks whose copy failed: written and read by the sender thread only. */
    private int copiedChunks;
    private int failedChunks;
    /**
     * Set by the sender thread once most chunks failed (at least {@link #FAILURES_TO_STAGE_REST}): data this dirty
     * loads faster through staging alone than by a COPY that fails in every chunk, so later chunks go there
     * without one, as the whole load did before the copy went in chunks.
     */
    private volatile boolean stageRest;
    /** The COPY the sender thread has open, for {@link #close} to cancel. */
    private volatile CopyIn open;

    /**
     * @param copySql the {@code COPY ... FROM STDIN (FORMAT text)} of the table, its columns those of the rows;
     *     without {@code staging}, the load table's, whose rows begin with their file ordinal and line
     * @param checksOffsets per column: whether its values go to a {@code timestamp} column, which checks offsets
     * @param staging where a failed chunk's rows go; null to leave the whole load to staging instead
     * @param table the table {@code copySql} names, as the server names it in an error
     */
    ChunkedCopy(Connection connection, String copySql, CopyTextEncoder encoder, NulPolicy nulPolicy,
                boolean[] checksOffsets, ChunkStaging staging, String table, String target) {
        this.connection = connection;
        this.copySql = copySql;
        this.encoder = encoder;
        this.checksOffsets = checksOffsets;
        this.staging = staging;
        this.target = target;
        this.resend = new CopyTextEncoder(nulPolicy);
        this.copyLine = Pattern.compile("COPY " + Pattern.quote(table) + ", line (\\d+)");
    }

    /** Adds a row of the file {@code fileKey}, the {@code fileOrdinal}th of the load. */
    void add(int fileOrdinal, String fileKey, Row row) throws SQLException {
        if (current == null) {
            current = new Chunk(fileOrdinal, fileKey, stageRest);
        }
        current.rows.add(row);
        String refusal = encode(encoder, current.ordinal, row);
        if (current.stageOnly) {
            // Staged whatever its rows hold: encoded only for what the encoder counts and for the chunk's size.
            if (refusal != null) {
                encoder.abortRow();
            }
            current.bytes += encoder.length();
            encoder.clear();
        } else if (refusal != null) {
            encoder.abortRow();
            encoder.clear(); // the chunk goes through staging: what is not sent yet is not needed
            current.refusal = refusal;
            endChunk();
            return;
        } else if (encoder.length() >= FLUSH_BYTES) {
            flush();
        }
        if (current.rows.size() >= rowsPerChunk || current.bytes >= CHUNK_BYTES) {
            endChunk();
        }
    }

    /** Ends the chunk of the current file: chunks hold the rows of one file. */
    void endFile() throws SQLException {
        if (current != null) {
            endChunk();
        }
    }

    /** Waits until every chunk is in the table or staged; throws the load's failure. */
    void finish() throws SQLException {
        endFile();
        sender.drain();
    }

    /**
     * Copies a chunk of a CSV file's bytes on this thread, once the chunks before it are in the table and then
     * {@code before} ran on the connection.
     *
     * @return the rows copied; -1 when the server refused the chunk, and nothing of it remains
     */
    long copyRaw(RawCsvCopy raw, CsvChunk chunk, CopySender.Task before) throws SQLException {
        finish();
        before.run();
        long copied = raw.copy(connection, chunk);
        if (copied > 0) {
            // The sender thread is idle here, and the next task's hand-off publishes these to it.
            loaded += copied;
            anyChunkDone = true;
        }
        return copied;
    }

    /** The rows in the table, copied or through staging, after {@link #finish}. */
    long loaded() {
        return loaded;
    }

    /** Stops the sender thread and cancels a COPY it left open; the owner then rolls back. */
    @Override
    public void close() throws SQLException {
        sender.close();
        CopyIn copy = open;
        open = null;
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    /** Encodes {@code row} into {@code into}; returns why the copy cannot take it, or null. */
    private String encode(CopyTextEncoder into, int fileOrdinal, Row row) {
        if (staging == null) {
            into.beginRow(fileOrdinal, row.line());
        } else {
            into.beginRow();
        }
        for (int i = 0; i < row.size(); i++) {
            String value = row.get(i);
            if (value != null && checksOffsets[i] && CastSql.mayHaveZone(value)) {
                return "line " + row.line() + ", column " + row.schema().names().get(i)
                        + ": a timestamp value that may carry an offset";
            }
            if (!into.value(value)) {
                return "line " + row.line() + ", column " + row.schema().names().get(i) + ": " + into.problem();
            }
        }
        into.endRow();
        return null;
    }

    private void flush() throws SQLException {
        if (encoder.length() == 0) {
            return;
        }
        Chunk chunk = current;
        chunk.bytes += encoder.length();
        sender.send((bytes, offset, length) -> write(chunk, bytes, offset, length), encoder.buffer(),
                encoder.length());
        encoder.clear();
    }

    private void endChunk() throws SQLException {
        flush();
        Chunk chunk = current;
        current = null;
        sender.execute(() -> end(chunk));
    }

    /** On the sender thread: the chunk's first bytes set its savepoint and open its COPY. */
    private void write(Chunk chunk, byte[] bytes, int offset, int length) throws SQLException {
        if (chunk.failure != null) {
            return;
        }
        try {
            if (chunk.copy == null) {
                chunk.savepoint = connection.setSavepoint();
                chunk.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                open = chunk.copy;
            }
            chunk.copy.writeToCopy(bytes, offset, length);
        } catch (SQLException e) {
            chunk.failure = valueError(e);
        }
    }

    /** On the sender thread: completes the chunk's COPY, or rolls it back and stages its rows. */
    private void end(Chunk chunk) throws SQLException {
        if (!chunk.stageOnly && chunk.refusal == null && chunk.failure == null && chunk.copy != null) {
            try {
                long copied = chunk.copy.endCopy();
                // Only now: a COPY that failed to end still holds the connection, for close() to cancel.
                open = null;
                requireCopied(chunk.fileKey, chunk.rows.size(), copied);
                connection.releaseSavepoint(chunk.savepoint);
                loaded += copied;
                anyChunkDone = true;
                copiedChunks++;
                return;
            } catch (SQLException e) {
                chunk.failure = valueError(e);
            }
        }
        if (chunk.copy != null) {
            if (chunk.copy.isActive()) {
                chunk.copy.cancelCopy();
            }
            open = null;
            connection.rollback(chunk.savepoint);
            connection.releaseSavepoint(chunk.savepoint);
        }
        String reason = chunk.stageOnly ? "most chunks before needed staging" : chunk.refusal != null
                ? chunk.refusal : chunk.failure != null ? chunk.failure.getMessage() : "it sent no data";
        if (staging == null) {
            throw new StagingRequired(chunk.fileKey + " from line " + chunk.rows.get(0).line() + ": " + reason,
                    chunk.failure);
        }
        List<Row> staged = chunk.rows;
        int failed = chunk.stageOnly || chunk.refusal != null ? -1 : failedRow(chunk.failure, staged.size());
        if (failed >= 0) {
            // Most chunks that fail hold one bad value: the others copied again cost far less than staging them.
            List<Row> others = new ArrayList<>(staged.subList(0, failed));
            others.addAll(staged.subList(failed + 1, staged.size()));
            if (others.isEmpty() || copyAgain(chunk, others)) {
                loaded += others.size();
                anyChunkDone |= !others.isEmpty();
                staged = List.of(staged.get(failed));
            }
        }
        LOG.info("{}: {} row(s) of {} from line {} go through staging: {}", target, staged.size(),
                chunk.fileKey, staged.get(0).line(), reason);
        loaded += staging.load(chunk.ordinal, chunk.fileKey, staged, anyChunkDone);
        anyChunkDone = true;
        if (!chunk.stageOnly && ++failedChunks >= FAILURES_TO_STAGE_REST && failedChunks > copiedChunks) {
            stageRest = true;
        }
    }

    /**
     * On the sender thread: copies {@code rows} of {@code chunk} in one {@code COPY} under a savepoint; returns
     * false, having rolled it back, when it fails on a value or a key.
     */
    private boolean copyAgain(Chunk chunk, List<Row> rows) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        open = copy;
        try {
            for (Row row : rows) {
                if (encode(resend, chunk.ordinal, row) != null) {
                    throw new IllegalStateException("a row the copy took was refused: " + row.line());
                }
                if (resend.length() >= FLUSH_BYTES || row == rows.get(rows.size() - 1)) {
                    copy.writeToCopy(resend.buffer(), 0, resend.length());
                    resend.clear();
                }
            }
            long copied = copy.endCopy();
            open = null;
            requireCopied(chunk.fileKey, rows.size(), copied);
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            valueError(e);
            resend.clear();
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            open = null;
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            return false;
        }
    }

    /**
     * The position in a chunk of {@code rows} rows of the row a value error of its {@code COPY} names ("COPY
     * orders, line 3, column amount"), or -1: none for a taken key, whose other row staging must see too.
     */
    private int failedRow(SQLException failure, int rows) {
        if (!(failure instanceof PSQLException server) || !RejectingApply.isValueError(failure)
                || server.getServerErrorMessage() == null || server.getServerErrorMessage().getWhere() == null) {
            return -1;
        }
        Matcher line = copyLine.matcher(server.getServerErrorMessage().getWhere());
        if (!line.lookingAt()) {
            return -1;
        }
        long position = Long.parseLong(line.group(1)) - 1; // the chunk's rows are the COPY's lines, one each
        return position >= 0 && position < rows ? (int) position : -1;
    }

    private void requireCopied(String fileKey, long rows, long copied) {
        if (copied != rows) {
            throw new DataException(fileKey, 0, null, "rows do not reconcile: " + rows + " row(s) were copied into "
                    + target + " and the database wrote " + copied + "; nothing was loaded. A trigger on the table "
                    + "that skips rows does this: drop it, or load into a table without it");
        }
    }

    /**
     * A value or key the server refused, which staging finds and keeps as a reject ({@link RejectingApply} takes
     * the same SQLSTATEs); any other failure is the load's, and thrown.
     */
    private static SQLException valueError(SQLException e) throws SQLException {
        if (RejectingApply.isRejectable(e)) {
            return e;
        }
        throw e;
    }

    /** The rows of one file that one COPY takes; the sender thread fills in what it opened. */
    private static final class Chunk {
        final int ordinal;
        final String fileKey;
        /** Whether it goes through staging without a COPY ({@link #stageRest}). */
        final boolean stageOnly;
        final List<Row> rows = new ArrayList<>();
        long bytes;
        /** Why the reading thread refused a row of it, or null. */
        String refusal;
        Savepoint savepoint;
        CopyIn copy;
        SQLException failure;

        Chunk(int ordinal, String fileKey, boolean stageOnly) {
            this.ordinal = ordinal;
            this.fileKey = fileKey;
            this.stageOnly = stageOnly;
        }
    }
}
