package dev.lakeload.postgres;

import dev.lakeload.core.LakeloadException;
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
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** Queues a copy of {@code bytes[0, length)} for {@code copy}; waits while {@link #CHUNKS} are queued. */
    void send(CopyIn copy, byte[] bytes, int length) throws SQLException {
        send(copy::writeToCopy, bytes, length);
    }

    /**
     * Queues a copy of {@code bytes[0, length)} for {@code sink}, which runs on the sender thread; waits while
     * {@link #CHUNKS} are queued.
     */
    void send(Sink sink, byte[] bytes, int length) throws SQLException {
        rethrow();
        acquire(1);
        byte[] reused = spare.poll();
        byte[] chunk = reused != null && reused.length >= length ? reused : new byte[length];
        System.arraycopy(bytes, 0, chunk, 0, length);
        submit(() -> sink.write(chunk, 0, length), chunk);
    }

    /**
     * Queues {@code task} to run on the sender thread after what is queued before it, as a chunk is written: it
     * counts among the {@link #CHUNKS}, it is skipped after a failed write, and its failure is thrown by the next
     * {@link #send}, {@link #execute} or {@link #drain} (an SQLException, or one of lakeload's unchecked
     * exceptions as it is).
     */
    void execute(Task task) throws SQLException {
        rethrow();
        acquire(1);
        submit(task, null);
    }

    private void submit(Task task, byte[] buffer) {
        thread.execute(() -> {
            try {
                if (failure.get() == null) {
                    task.run();
                }
            } catch (SQLException | LakeloadException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, new SQLException("sending COPY data failed: " + e, e));
            } finally {
                if (buffer != null) {
                    spare.offer(buffer);
                }
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
        Exception failed = failure.get();
        if (failed instanceof LakeloadException unchecked) {
            throw unchecked;
        } else if (failed != null) {
            throw (SQLException) failed;
        }
    }

    /** Where a chunk's bytes go, such as {@link CopyIn#writeToCopy}; called on the sender thread. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /** Work on the connection, run on the sender thread between chunks. */
    @FunctionalInterface
    interface Task {
        void run() throws SQLException;
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
