package dev.lakeload.core.csv;

/**
 * Whole records of a CSV file as its bytes, which the database reads as {@link CsvRowReader} would (a
 * {@link RawCsvSink} takes them). Valid only during {@link RawCsvSink#acceptRaw}: its buffer is then reused.
 */
public final class CsvChunk {
    private final byte[] bytes;
    private final int length;
    private final long firstLine;
    private final CsvRecordScanner scan;

    CsvChunk(byte[] bytes, int length, long firstLine, CsvRecordScanner scan) {
        this.bytes = bytes;
        this.length = length;
        this.firstLine = firstLine;
        this.scan = scan;
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
        return scan.records();
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
        return scan.zoneLike(index);
    }
}
