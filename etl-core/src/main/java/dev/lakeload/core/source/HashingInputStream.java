package dev.lakeload.core.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) the bytes read through it, so that a file's {@link FileContent} comes from the
 * same single read that loads it. Skipped bytes are read and hashed too. Not thread-safe.
 *
 * <p>Closing it leaves the wrapped stream open: a reader on top may close what it reads before {@link #finish()}
 * reads the rest. Whoever opened the wrapped stream closes it.
 */
public final class HashingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private long bytes;

    public HashingInputStream(InputStream in) {
        super(in);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            bytes += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public void close() {
        // the wrapped stream is its opener's to close
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset is not supported");
    }

    /** How many bytes were read through it so far. */
    public long bytesRead() {
        return bytes;
    }

    /**
     * Reads what is left to the end (a decompressor may stop before the stored file does), then returns the
     * content read. Call it once.
     */
    public FileContent finish() throws IOException {
        transferTo(OutputStream.nullOutputStream());
        return new FileContent(bytes, HexFormat.of().formatHex(digest.digest()));
    }
}
