package dev.lakeload.core.csv;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.row.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one file in chunks of whole records that a {@link CsvRecordScanner} accepts, for a {@link RawCsvSink} to
 * load as they are. A chunk the sink did not load, the reader reads into rows from memory, at the file's own line
 * numbers. From the first record the scanner refuses (or one larger than a chunk), the reader reads the rest of the
 * file, as it would have read the whole: the scanner then no longer knows where records start as FastCSV does. So
 * every record is read once, as the reader reads it, whichever way it goes. Memory is one chunk.
 */
final class CsvPassThrough {
    private static final Logger LOG = LoggerFactory.getLogger(CsvPassThrough.class);

    private CsvPassThrough() {
    }

    static ReadResult read(CsvRowReader reader, CsvFormat format, int columns, InputStream in, String file,
                           RawCsvSink raw, Consumer<Row> rows) {
        CsvRecordScanner scanner = new CsvRecordScanner(format, columns);
        byte[] buf = new byte[raw.chunkBytes()];
        int length = 0;
        boolean eof = false;
        long line = 1;
        long offset = 0;
        long count = 0;
        List<String> notes = new ArrayList<>();
        try (in) {
            while (true) {
                while (length < buf.length && !eof) {
                    int n = in.read(buf, length, buf.length - length);
                    eof = n < 0;
                    length += Math.max(n, 0);
                }
                if (length == 0) {
                    break;
                }
                int end = scanner.scan(buf, length, eof, offset == 0);
                if (end > 0) {
                    if (raw.acceptRaw(new CsvChunk(buf, end, line, scanner))) {
                        count += scanner.records();
                    } else {
                        ReadResult read = reader.read(new ByteArrayInputStream(buf, 0, end), file, line, offset,
                                rows);
                        count += read.rows();
                        notes.addAll(read.notes());
                    }
                    line += scanner.lines();
                    offset += end;
                    System.arraycopy(buf, end, buf, 0, length - end);
                    length -= end;
                }
                if (scanner.refusal() != null || end == 0) {
                    LOG.debug("{} line {}: read by the JVM from here: {}", file, line, scanner.refusal() == null
                            ? "a record larger than " + buf.length + " bytes" : scanner.refusal());
                    ReadResult read = reader.read(new SequenceInputStream(new ByteArrayInputStream(buf, 0, length),
                            in), file, line, offset, rows);
                    count += read.rows();
                    notes.addAll(read.notes());
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read failed near line " + line + ": " + e.getMessage(), e);
        }
        return new ReadResult(count, notes);
    }
}
