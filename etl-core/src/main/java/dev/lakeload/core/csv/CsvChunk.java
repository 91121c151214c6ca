package dev.lakeload.core.csv;

/**
 * Whole records of a CSV file as its bytes, which the database reads as {@link CsvRowReader} would (a
 * {@link RawCsvSink} takes them). Valid only during {@link RawCsvSink#acceptRaw}: its buffer is then reused.
 */
public final class CsvChunk {
    private final byte[] bytes;
    private final int length;
    private final long firstLine;
    private final long records;
    private final long lines;
    private final boolean[] zoneLike;

    /** The records {@code scan} accepted last, in {@code bytes[0, length)}; copies what it found. */
    CsvChunk(byte[] bytes, int length, long firstLine, CsvRecordScanner scan) {
        this.bytes = bytes;
        this.length = length;
        this.firstLine = firstLine;
        this.records = scan.records();
        this.lines = scan.lines();
        this.zoneLike = scan.zoneLike();
    }

    /** The buffer holding the records in {@code [0, length())}; not to be changed. */
    public byte[] bytes() {
        return bytes;
    }

    /** How many bytes of {@link #bytes()} the records take. */
    public int length() {
        return length;
    }

    /** How many records the bytes hold. */
    public long records() {
        return records;
    }

    /** How many lines the records take. */
    long lines() {
        return lines;
    }

    /** The line of the file the first record starts on. */
    public long firstLine() {
        return firstLine;
    }

    /**
     * Whether a value of field {@code index} (from 0) may carry a time zone offset, as
     * {@code CastSql.mayHaveZone} judges text: a {@code timestamp} column would silently drop it.
     */
    public boolean mayHaveZone(int index) {
        return zoneLike[index];
    }
}
