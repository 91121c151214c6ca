package dev.lakeload.s3;

import dev.lakeload.core.LakeloadException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The bytes of one S3 object, downloaded ahead of the reader by a background thread so that the network and the
 * parsing of the previous bytes overlap.
 *
 * <p>Why a thread and not a large {@code BufferedInputStream}: a buffer only fills when the reader asks, so the
 * download would stall while the reader parses. The thread keeps up to {@code chunks} buffers of
 * {@code chunkSize} bytes filled (their total is the only memory a download holds; buffers are recycled), and
 * when the connection breaks it resumes with a ranged GET from the first byte it has not received, under the
 * source's retry policy. The reader never sees a break, only the bytes, in order, exactly once.
 *
 * <p>Failures the thread cannot cure reach the reader from its next {@code read} as the same unchecked
 * {@link LakeloadException} ({@code DataException} for an object changed since listed, {@code RetriableException}
 * when retries are spent).
 *
 * <p>Lifecycle: {@link #start} opens the thread, which ends after the last byte is queued, after a failure, or on
 * {@link #close()}. Closing (by the reader, or by {@link S3Source#close()}) aborts the connection and waits for
 * the thread. Reads must come from one thread at a time; {@code close} may come from any.
 */
final class ReadAheadInputStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(S3Source.class);
    private static final AtomicLong THREADS = new AtomicLong();
    private static final long JOIN_MILLIS = 10_000;
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private final ObjectDownload download;
    private final Attempts attempts;
    private final int chunkSize;
    private final int chunks;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final Consumer<ReadAheadInputStream> onClose;
    private final Thread thread;
    private volatile boolean closed;
    private volatile ResponseInputStream<?> body;

    // Read side: touched by the reading thread only.
    private Chunk current;
    private int position;
    private RuntimeException failure;

    // Download side: touched by the background thread only.
    private int allocated;

    private ReadAheadInputStream(ObjectDownload download, ResponseInputStream<?> body, Attempts attempts,
                                 int chunkSize, int chunks, Consumer<ReadAheadInputStream> onClose) {
        this.download = download;
        this.body = body;
        this.attempts = attempts;
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        // One slot more than buffers exist, so the end marker or a failure never waits for the reader.
        this.filled = new ArrayBlockingQueue<>(chunks + 1);
        this.free = new ArrayBlockingQueue<>(chunks);
        this.onClose = onClose;
        this.thread = new Thread(this::fetch, "lakeload-s3-read-" + THREADS.incrementAndGet());
        // A reader that forgets to close must not keep the JVM alive; S3Source.close() still stops the thread.
        thread.setDaemon(true);
    }

    /**
     * Starts the background download of an object whose first GET already answered.
     *
     * @param body the answered GET, from byte 0; the stream takes it over
     * @param attempts the download's failure count, carried on from the first GET
     * @param chunkSize the size of each read-ahead buffer
     * @param chunks how many buffers may be filled ahead of the reader
     * @param onClose told once when the stream closes
     */
    static ReadAheadInputStream start(ObjectDownload download, ResponseInputStream<?> body, Attempts attempts,
                                      int chunkSize, int chunks, Consumer<ReadAheadInputStream> onClose) {
        if (chunkSize < 1 || chunks < 1) {
            throw new IllegalArgumentException("chunkSize and chunks must be positive");
        }
        ReadAheadInputStream stream = new ReadAheadInputStream(download, body, attempts, chunkSize, chunks,
                onClose);
        stream.thread.start();
        return stream;
    }

    @Override
    public int read() throws IOException {
        if (!ensureBytes()) {
            return -1;
        }
        return current.data[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!ensureBytes()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current.data, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current == null || closed ? 0 : current.length - position;
    }

    /** Makes the current chunk hold unread bytes; false at the end of the object. */
    private boolean ensureBytes() throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("reading " + download.uri() + ": the stream is closed");
            }
            if (failure != null) {
                // Later reads fail the same way rather than wait on a queue nobody fills any more.
                throw failure;
            }
            if (current == END) {
                return false;
            }
            if (current != null && position < current.length) {
                return true;
            }
            if (current != null) {
                free.offer(current.data);
            }
            try {
                current = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + download.uri());
            }
            position = 0;
            failure = current.failure;
        }
    }

    /** The background thread's work: fills buffers until the object ends, fails, or the stream closes. */
    private void fetch() {
        long received = 0;
        long size = download.file().size();
        boolean complete = false;
        try {
            while (!closed) {
                byte[] buffer = freeBuffer(size - received);
                int length = 0;
                boolean ended = false;
                Exception broken = null;
                try {
                    while (length < buffer.length) {
                        int n = body.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            ended = true;
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | SdkException e) {
                    broken = e;
                }
                if (closed) {
                    return;
                }
                if (length > 0) {
                    // Bytes that arrived before a break are good: TCP delivered them in order.
                    filled.put(new Chunk(buffer, length, null));
                    received += length;
                    attempts.progressed();
                } else {
                    free.offer(buffer);
                }
                if (broken == null && ended && received < size) {
                    broken = new EOFException("the response ended after " + received + " of " + size + " bytes");
                }
                if (broken == null) {
                    if (ended) {
                        complete = true;
                        filled.put(END);
                        return;
                    }
                    continue;
                }
                if (!S3Failures.isTransient(broken)) {
                    throw download.permanent(broken);
                }
                if (received >= size) {
                    // Every byte arrived before the connection broke: there is nothing left to resume.
                    complete = true;
                    filled.put(END);
                    return;
                }
                body.abort();
                attempts.failed(broken, ", resuming at byte " + received);
                body = download.open(received, attempts);
            }
        } catch (InterruptedException e) {
            // close() interrupted a wait for the reader: nothing more to do
        } catch (RuntimeException e) {
            // LakeloadExceptions say what failed; anything else is a bug, passed on rather than lost.
            if (!closed) {
                filled.offer(new Chunk(END.data, 0, e));
            }
        } finally {
            finish(complete);
        }
    }

    // A fully read response gives its connection back to the pool; any other is aborted, dropping it.
    private void finish(boolean complete) {
        if (complete) {
            try {
                body.close();
            } catch (IOException | RuntimeException e) {
                // an interrupt from close() makes the SDK refuse a clean close; dropping the connection is fine
                body.abort();
            }
        } else {
            body.abort();
        }
    }

    /** A recycled buffer, a new one while fewer than {@code chunks} exist, or else the next one the reader frees. */
    private byte[] freeBuffer(long remaining) throws InterruptedException {
        byte[] buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        if (allocated < chunks) {
            allocated++;
            // One byte more than what remains lets the read that fills it also see the end of the object.
            return new byte[(int) Math.max(1, Math.min(chunkSize, remaining + 1))];
        }
        return free.take();
    }

    /** Stops the download (aborting its connection) and waits for the background thread to end. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        body.abort();
        try {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("the download thread of {} did not stop within {} s", download.uri(), JOIN_MILLIS / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Wakes a read blocked on the queue from another thread; it then sees the stream closed.
            filled.clear();
            filled.offer(END);
            free.clear();
            onClose.accept(this);
        }
    }

    /** Whether the background thread still runs (for tests). */
    boolean downloading() {
        return thread.isAlive();
    }

    private record Chunk(byte[] data, int length, RuntimeException failure) {
    }
}
