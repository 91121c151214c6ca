package dev.lakeload.core.source;

import java.io.InputStream;
import java.util.List;

/**
 * Where the files of a data lake come from: a local folder, an S3 bucket, anything that lists keys and streams
 * bytes.
 *
 * <p>Implementations must be safe for use by several threads (tables may load in parallel), stream content
 * without holding whole files in memory, and throw {@link dev.lakeload.core.ConfigException} for problems the
 * operator must fix (missing bucket, access denied) and {@link dev.lakeload.core.RetriableException} for transient
 * ones that persisted past their own retries.
 *
 * <p>The source is closed by whoever created it.
 */
public interface Source extends AutoCloseable {
    /**
     * Lists every file whose key starts with {@code prefix}, in any order; {@link TableFiles} filters and orders
     * them the way AWS DMS means them. Folder markers may be included; they are dropped by the caller. Each file's
     * {@linkplain SourceFile#location() location} must be the same whatever root the source was given, since the
     * ledger knows files by it.
     *
     * @param prefix a key prefix relative to the source's root, usually ending in '/'
     */
    List<SourceFile> list(String prefix);

    /**
     * Opens the raw (still compressed) bytes of a file for streaming. The caller closes the stream. Reading it
     * also fails with a {@link dev.lakeload.core.DataException} when the file is found to change while it is read,
     * so that the bytes read are the listed file's.
     *
     * @throws dev.lakeload.core.DataException when the file changed since it was listed (its version tag differs)
     *     or vanished
     */
    InputStream open(SourceFile file);

    /** A short description for logs and reports, for example {@code s3://bucket/prefix/} (never secrets). */
    String describe();

    /** Releases clients and connections. The default does nothing. */
    @Override
    default void close() {
    }
}
