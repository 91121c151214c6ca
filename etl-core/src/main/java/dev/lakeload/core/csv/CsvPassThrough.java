package dev.lakeload.core.csv;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.row.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one file in chunks of whole records that a {@link CsvRecordScanner} accepts, for a {@link RawCsvSink} to
 * load as they are. A chunk the sink did not load, the reader reads into rows from memory, at the file's own line
 * numbers. From the first record the scanner refuses (or one larger than a chunk), the reader reads the rest of the
 * file, as it would have read the whole: the scanner then no longer knows where records start as FastCSV does. So
 * every record is read once, as the reader reads it, whichever way it goes.
 *
 * <p>A thread of its own reads (decompressing and hashing on the way) and scans the next chunk while the sink loads
 * this one: the database's parsing and the JVM's reading overlap instead of taking turns. Memory is three chunks at
 * most: the one loading, one scanned, one filling. The reading thread has ended whenever {@link #read} returns.
 */
final class CsvPassThrough {
    private static final Logger LOG = LoggerFactory.getLogger(CsvPassThrough.class);
    /** The first buffer's size: a small file takes no more, a large one doubles it up to the chunk size. */
    private static final int FIRST_BUFFER = 64 * 1024;
    /** How long a failed load waits for the reading thread to see that it must stop. */
    private static final long STOP_WAIT_MILLIS = 10_000;

    /**
     * What the reading thread found in one buffer: whole records ({@code chunk}, or null), then either more to come,
     * the end of the file ({@code done}), the place the reader reads on from ({@code stop}, the bytes from
     * {@code end} to {@code length} and the rest of the stream), or a failure.
     */
    private record Piece(byte[] buf, int length, int end, CsvChunk chunk, long firstLine, long offset,
                         boolean done, String stop, RuntimeException failure) {
        static Piece failed(RuntimeException failure) {
            return new Piece(null, 0, 0, null, 0, 0, true, null, failure);
        }

        /** The line of the file at {@code end}. */
        long endLine() {
            return chunk == null ? firstLine : firstLine + chunk.lines();
        }
    }

    private final CsvRowReader reader;
    private final CsvRecordScanner scanner;
    private final InputStream in;
    private final String file;
    private final int chunkBytes;
    private final long firstLine;
    private final long firstOffset;
    private final BlockingQueue<Piece> scanned = new ArrayBlockingQueue<>(1);
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();

    private CsvPassThrough(CsvRowReader reader, CsvRecordScanner scanner, InputStream in, String file,
                           int chunkBytes, long firstLine, long firstOffset) {
        this.reader = reader;
        this.scanner = scanner;
        this.in = in;
        this.file = file;
        this.chunkBytes = chunkBytes;
        this.firstLine = firstLine;
        this.firstOffset = firstOffset;
    }

    /**
     * Reads the records of a file from line {@code firstLine}, byte {@code offset} on (a record boundary) to its
     * end, with {@code reader} where they do not go to {@code raw}; closes {@code in}.
     */
    static ReadResult read(CsvRowReader reader, CsvFormat format, int columns, InputStream in, String file,
                           long firstLine, long offset, RawCsvSink raw, Consumer<Row> rows) {
        try (in) {
            return new CsvPassThrough(reader, new CsvRecordScanner(format, columns), in, file, raw.chunkBytes(),
                    firstLine, offset).load(raw, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file with a header: when the scanner accepts the header and the sink takes the columns it names, the
     * records after it as {@link #read} does, with a reader of records after that header; otherwise the whole file
     * with {@code whole}, the reader of files with a header, which then also says what is wrong with the header.
     */
    static ReadResult readWithHeader(CsvRowReader whole, CsvFormat format, InputStream in, String file,
                                     RawCsvSink raw, Consumer<Row> rows) {
        try (in) {
            CsvRecordScanner scanner = new CsvRecordScanner(format, 0);
            byte[] buf = new byte[Math.min(FIRST_BUFFER, raw.chunkBytes())];
            int length = 0;
            boolean eof = false;
            int end;
            while (true) {
                while (length < buf.length && !eof) {
                    int n = in.read(buf, length, buf.length - length);
                    eof = n < 0;
                    length += Math.max(n, 0);
                }
                end = scanner.scanFirst(buf, length, eof);
                if (end > 0 || eof || scanner.refusal() != null || buf.length >= raw.chunkBytes()) {
                    break;
                }
                buf = Arrays.copyOf(buf, Math.min(2 * buf.length, raw.chunkBytes()));
            }
            List<String> names = end > 0 ? headerNames(format, buf, end, file) : null;
            if (names == null || !raw.takesRaw(format, names)) {
                return whole.read(new SequenceInputStream(new ByteArrayInputStream(buf, 0, length), in), file, rows);
            }
            CsvRowReader body = CsvRowReader.afterHeader(format, names);
            return read(body, format, names.size(), new SequenceInputStream(new ByteArrayInputStream(buf, end,
                    length - end), in), file, 1 + scanner.lines(), end, raw, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The names a header record gives, or null when they cannot name columns (the whole reader says why). */
    private static List<String> headerNames(CsvFormat format, byte[] buf, int end, String file) {
        List<Row> header = new ArrayList<>(1);
        try {
            CsvRowReader.positional(CsvRowReader.withoutHeader(format)).read(new ByteArrayInputStream(buf, 0, end),
                    file, 1, 0, header::add);
        } catch (DataException e) {
            return null;
        }
        List<String> names = header.size() == 1 ? Arrays.asList(header.get(0).copyValues()) : List.of();
        boolean valid = !names.isEmpty() && names.stream().allMatch(n -> n != null && !n.isEmpty())
                && names.stream().distinct().count() == names.size();
        return valid ? names : null;
    }

    private ReadResult load(RawCsvSink raw, Consumer<Row> rows) throws IOException {
        Thread reading = new Thread(this::readAhead, "lakeload-csv-read-ahead");
        reading.setDaemon(true);
        reading.start();
        long count = 0;
        List<String> notes = new ArrayList<>();
        try {
            while (true) {
                Piece piece = take();
                if (piece.failure() != null) {
                    throw piece.failure();
                }
                if (piece.chunk() != null) {
                    CsvChunk chunk = piece.chunk();
                    if (raw.acceptRaw(chunk)) {
                        count += chunk.records();
                    } else {
                        ReadResult read = reader.read(new ByteArrayInputStream(piece.buf(), 0, piece.end()), file,
                                chunk.firstLine(), piece.offset(), rows);
                        count += read.rows();
                        notes.addAll(read.notes());
                    }
                }
                if (piece.stop() != null) {
                    long line = piece.endLine();
                    LOG.debug("{} line {}: read by the JVM from here: {}", file, line, piece.stop());
                    join(reading); // it has handed over the stream
                    ReadResult read = reader.read(new SequenceInputStream(new ByteArrayInputStream(piece.buf(),
                            piece.end(), piece.length() - piece.end()), in), file, line, piece.offset() + piece.end(),
                            rows);
                    count += read.rows();
                    notes.addAll(read.notes());
                    return new ReadResult(count, notes);
                }
                if (piece.done()) {
                    return new ReadResult(count, notes);
                }
                spare.offer(piece.buf());
            }
        } finally {
            reading.interrupt();
            join(reading);
        }
    }

    /**
     * The reading thread: fills a buffer, scans it and hands it over, carrying the bytes of a record cut at its end
     * into the next buffer; until the end of the file, a refused record, or a record larger than a chunk. Its last
     * piece always says which, or how it failed.
     */
    private void readAhead() {
        byte[] buf = new byte[Math.min(FIRST_BUFFER, chunkBytes)];
        int length = 0;
        boolean eof = false;
        long line = firstLine;
        long offset = firstOffset;
        try {
            while (true) {
                while (length < buf.length && !eof) {
                    int n = in.read(buf, length, buf.length - length);
                    eof = n < 0;
                    length += Math.max(n, 0);
                }
                if (length == 0) {
                    put(new Piece(buf, 0, 0, null, line, offset, true, null, null));
                    return;
                }
                int end = scanner.scan(buf, length, eof, offset == 0);
                CsvChunk chunk = end == 0 ? null : new CsvChunk(buf, end, line, scanner);
                String stop = scanner.refusal() != null ? scanner.refusal()
                        : end == 0 && buf.length >= chunkBytes ? "a record larger than " + chunkBytes + " bytes"
                        : eof && end < length ? "a record the scanner did not end" : null;
                if (stop != null || (eof && end == length)) {
                    put(new Piece(buf, length, end, chunk, line, offset, stop == null, stop, null));
                    return;
                }
                if (end == 0) {
                    // A record does not fit yet: a larger buffer, up to a chunk.
                    buf = Arrays.copyOf(buf, Math.min(2 * buf.length, chunkBytes));
                    continue;
                }
                byte[] next = spare.poll();
                int size = Math.min(2 * buf.length, chunkBytes);
                if (next == null || next.length < size) {
                    next = new byte[size];
                }
                System.arraycopy(buf, end, next, 0, length - end);
                put(new Piece(buf, length, end, chunk, line, offset, false, null, null));
                line += scanner.lines();
                offset += end;
                length -= end;
                buf = next;
            }
        } catch (InterruptedException e) {
            // The load stopped and takes no more pieces.
        } catch (IOException e) {
            putLast(Piece.failed(new UncheckedIOException(file + ": read failed near line " + line + ": "
                    + e.getMessage(), e)));
        } catch (RuntimeException e) {
            putLast(Piece.failed(e));
        }
    }

    private void put(Piece piece) throws InterruptedException {
        scanned.put(piece);
    }

    /** Hands over a failure, unless the load stopped meanwhile (then nobody waits for it). */
    private void putLast(Piece piece) {
        try {
            scanned.put(piece);
        } catch (InterruptedException e) {
            // The load stopped and takes no more pieces.
        }
    }

    private Piece take() throws InterruptedIOException {
        try {
            return scanned.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + file);
        }
    }

    private void join(Thread reading) {
        try {
            reading.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
