package dev.lakeload.core.format;

import dev.lakeload.core.row.Row;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads the records of one file into {@link Row}s, each with its file and line (or record number), keeping NULL
 * apart from the empty string. Made by a {@link FileFormat} for one table load. Thread-safe; each {@link #read} is
 * independent.
 */
public interface RowReader {
    /**
     * Streams every record of one file into {@code rows}. Reads {@code in} and closes it.
     *
     * @param in the file's bytes, decompressed
     * @param file the file's key, for row origins and error messages
     * @return how many rows were read, and what an operator should know about the file
     * @throws dev.lakeload.core.DataException when the file is not of this format, naming file, line and column
     *     where known
     */
    ReadResult read(InputStream in, String file, Consumer<Row> rows);
}
