package dev.lakeload.core.source;

import dev.lakeload.core.ConfigException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * How a file's bytes are compressed. {@link #AUTO} decides by the key's suffix ({@code .gz}, {@code .zst},
 * {@code .bz2}); anything else is read as is.
 *
 * <p>zstd and bzip2 need {@code com.github.luben:zstd-jni} and {@code org.apache.commons:commons-compress} on
 * the class path (the CLI ships both; an embedding service adds them only if it reads such files).
 */
public enum Compression {
    AUTO, NONE, GZIP, ZSTD, BZIP2;

    /** The compression a key's suffix says, or NONE. */
    public static Compression bySuffix(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz") || lower.endsWith(".gzip")) {
            return GZIP;
        }
        if (lower.endsWith(".zst") || lower.endsWith(".zstd")) {
            return ZSTD;
        }
        if (lower.endsWith(".bz2")) {
            return BZIP2;
        }
        return NONE;
    }

    /**
     * Wraps raw bytes in the matching decompressor. Takes ownership of {@code raw}: closing the result closes it.
     */
    public InputStream decompress(InputStream raw, String key) {
        Compression effective = this == AUTO ? bySuffix(key) : this;
        try {
            return switch (effective) {
                case NONE, AUTO -> raw;
                // Multi-member gzip (concatenated files) is read whole by GZIPInputStream.
                case GZIP -> new GZIPInputStream(raw, 64 * 1024);
                case ZSTD -> codec("com.github.luben.zstd.ZstdInputStream", "com.github.luben:zstd-jni", raw);
                case BZIP2 -> codec("org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream",
                        "org.apache.commons:commons-compress", raw);
            };
        } catch (IOException e) {
            closeQuietly(raw, e);
            throw new UncheckedIOException(key + ": cannot read " + effective.name().toLowerCase(Locale.ROOT)
                    + " data: " + e.getMessage(), e);
        }
    }

    // Reflection keeps the codecs optional for embedders that never read zstd or bzip2 files.
    private static InputStream codec(String className, String artifact, InputStream raw) throws IOException {
        try {
            Class<?> type = Class.forName(className);
            return (InputStream) type.getConstructor(InputStream.class).newInstance(new BufferedInputStream(raw));
        } catch (ClassNotFoundException e) {
            closeQuietly(raw, e);
            throw new ConfigException("reading this file needs " + artifact + " on the class path", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            closeQuietly(raw, e);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (ReflectiveOperationException e) {
            closeQuietly(raw, e);
            throw new IOException(e);
        }
    }

    private static void closeQuietly(InputStream raw, Exception primary) {
        try {
            raw.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
