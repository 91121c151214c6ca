package dev.lakeload.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What was read of a file: how many bytes, and their SHA-256. The ledger records it, and compares it to tell a
 * file whose stamp changed but whose content did not (touched) from one rewritten in place.
 *
 * @param bytes how many bytes were read, as stored (compressed for compressed files)
 * @param sha256 the SHA-256 of those bytes, 64 lower-case hex digits
 */
public record FileContent(long bytes, String sha256) {
    public FileContent {
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + bytes);
        }
    }

    /** Reads {@code in} to its end and returns what it held. Does not close it. */
    public static FileContent of(InputStream in) throws IOException {
        return new HashingInputStream(in).finish();
    }
}
