package dev.lakeload.core.pipeline;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.UnreachableException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * What kind of failure ended a table's load, so that the command line and embedders can act on it without reading
 * the message: who fixes it, and whether running again may help. Derived from the exception that ended the load.
 */
public enum ErrorKind {
    /** The files: a value, a record or a file that cannot be loaded as it is ({@link DataException}). */
    DATA,
    /** The manifest or the code that built the table: fix it, then run again ({@link ConfigException}). */
    CONFIGURATION,
    /** The database or the source could not be reached ({@link UnreachableException}); run again when it is. */
    UNREACHABLE,
    /** A passing failure that outlasted the retries ({@link RetriableException}, an I/O error); run again. */
    TRANSIENT,
    /** Anything else: a bug in lakeload or in a transformer. The message names the exception; report it. */
    INTERNAL;

    /** The kind of failure {@code failure} is. */
    public static ErrorKind of(Throwable failure) {
        if (failure instanceof DataException) {
            return DATA;
        }
        if (failure instanceof ConfigException) {
            return CONFIGURATION;
        }
        if (failure instanceof UnreachableException) {
            return UNREACHABLE;
        }
        if (failure instanceof UncheckedIOException io) {
            // Compressed bytes cut short or not in their format: the file is bad, and reading it again won't help.
            return io.getCause() instanceof ZipException || io.getCause() instanceof EOFException ? DATA : TRANSIENT;
        }
        return failure instanceof RetriableException ? TRANSIENT : INTERNAL;
    }

    /** The name used in reports and the ledger: {@code data}, {@code configuration}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
