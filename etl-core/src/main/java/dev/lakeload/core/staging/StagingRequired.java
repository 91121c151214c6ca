package dev.lakeload.core.staging;

import dev.lakeload.core.LakeloadException;

/**
 * Thrown by a direct load ({@link StagingLoader#openDirect}) when its rows must go through staging after all: a
 * value does not convert, a key is taken, a row needs a reject, or the files' columns are not the table's. Nothing
 * of the direct load was committed; the caller closes it and loads the table again through
 * {@link StagingLoader#open}, which then finds the same rows and rejects as if it had been used from the start. The
 * message says why, naming the file and line where known.
 */
public final class StagingRequired extends LakeloadException {
    public StagingRequired(String message) {
        super(message);
    }

    public StagingRequired(String message, Throwable cause) {
        super(message, cause);
    }
}
