package dev.lakeload.postgres;

import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.copy.CopyIn;

/**
 * Sends COPY data from a thread of its own, so that the reading thread parses and encodes the next rows while the
 * server stores these: on two cores the JVM's CSV work and the backend's COPY then overlap instead of taking turns
 * (a blocking write returns only once the server has taken most of a chunk). At most {@link #CHUNKS} chunks wait or
 * are in flight, so memory stays bounded whatever the file size, and a slow server slows the reader down.
 *
 * <p>The connection is used by one thread at a time: the sender while chunks are in flight, the owner after
 * {@link #drain()}, which every other use of the connection (ending the COPY, another statement) must follow. A
 * failed write is thrown, as it was, by the next {@link #send} or {@link #drain}; later chunks are then dropped.
 * Not thread-safe for its callers; {@link #close} stops the thread.
 */
final class CopySender implements AutoCloseable {
    static final int CHUNKS = 2;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread sender = new Thread(task, "lakeload-copy-sender");
        sender.setDaemon(true);
        return sender;
    });
    private final Semaphore free = new Semaphore(CHUNKS);
    // The chunks' buffers are reused: a megabyte each, new ones would be humongous allocations for G1 in a small
    // heap, and a collection would run every few chunks.
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final AtomicReference<SQLException> failure = new AtomicReference<>();

    /** Queues a copy of {@code bytes[0, length)} for {@code copy}; waits while {@link #CHUNKS} are queued. */
    void send(CopyIn copy, byte[] bytes, int length) throws SQLException {
        rethrow();
        acquire(1);
        byte[] reused = spare.poll();
        byte[] chunk = reused != null && reused.length >= length ? reused : new byte[length];
        System.arraycopy(bytes, 0, chunk, 0, length);
        thread.execute(() -> {
            try {
                if (failure.get() == null) {
                    copy.writeToCopy(chunk, 0, length);
                }
            } catch (SQLException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new SQLException("sending COPY data failed: " + e, e));
            } finally {
                spare.offer(chunk);
                free.release();
            }
        });
    }

    /** Waits until every queued chunk was written; throws the first failed write. */
    void drain() throws SQLException {
        acquire(CHUNKS);
        free.release(CHUNKS);
        rethrow();
    }

    private void acquire(int permits) throws SQLException {
        try {
            free.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while sending COPY data", e);
        }
    }

    private void rethrow() throws SQLException {
        SQLException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Stops the thread after the chunk in flight (a stalled network ends it through the connection's keepalive);
     * waits for it at most 30 seconds, so that closing never hangs.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
