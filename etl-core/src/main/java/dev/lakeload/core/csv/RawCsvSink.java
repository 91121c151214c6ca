package dev.lakeload.core.csv;

import dev.lakeload.core.config.CsvFormat;
import java.util.List;

/**
 * A load that can take a CSV file's records as the file's bytes, for the database to parse them itself:
 * {@link CsvRowReader#read(java.io.InputStream, String, RawCsvSink, java.util.function.Consumer)} hands it chunks of
 * whole records that the database reads exactly as the reader would, and the others as rows.
 *
 * <p>Per file, in order: {@link #takesRaw} once, then chunks ({@link #acceptRaw}) and rows in the file's order. A
 * chunk is loaded whole or not at all; one that was not comes again as rows. Not thread-safe.
 */
public interface RawCsvSink {
    /** Whether the current file's records may come as bytes of {@code format} whose fields are {@code fieldNames}. */
    boolean takesRaw(CsvFormat format, List<String> fieldNames);

    /** How many bytes a chunk holds at most: the memory a file's read takes, and the work one statement does. */
    int chunkBytes();

    /**
     * Loads the records of one chunk, all of them or none.
     *
     * @return false when none was loaded (the database refused a value, or a column must see the values): its
     *     records then come again as rows
     */
    boolean acceptRaw(CsvChunk chunk);
}
