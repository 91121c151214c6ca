package dev.lakeload.core.csv;

import dev.lakeload.core.config.CsvFormat;
import java.util.Arrays;

/**
 * Finds the whole records in a buffer of CSV bytes without decoding them, and refuses the first record that
 * PostgreSQL's {@code COPY ... (FORMAT csv)} might read otherwise than {@link CsvRowReader}, or whose reading needs
 * the JVM's judgement. What it accepts is RFC 4180: a quote opens a field or does not occur in it, a closing quote
 * is followed by the delimiter, the line end or the end of the input, every record has the file's number of
 * fields, no field is larger than {@link CsvFormat#maxFieldBytes()}, and records end in {@code \n} or in
 * {@code \r\n} alike within one scan (one {@code COPY}: PostgreSQL takes the style of its first line end for all
 * others, FastCSV takes any anywhere; inside quotes both are data to both). It refuses a lone {@code \r} outside
 * quotes, a NUL byte (the {@code nulBytes} policy is the JVM's), a blank line (skipped by the reader, an error or
 * a NULL row to PostgreSQL), a line starting with {@code \.} (the end of data to {@code COPY FROM STDIN} before
 * PostgreSQL 18), and a byte order mark at the start of a file (the reader skips it, PostgreSQL does
 * not). Invalid UTF-8 is the server's to refuse: it checks every byte it reads, and its error sends the records back
 * to the reader. It also notes, per column, whether a value may carry a time zone offset (as
 * {@code CastSql.mayHaveZone} judges text), which a {@code timestamp} column must not silently drop.
 *
 * <p>One scan starts at a record boundary and reports on the records it accepted; not thread-safe.
 */
final class CsvRecordScanner {
    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final int ANY_ENDS = 0;
    private static final int LF_ENDS = 1;
    private static final int CRLF_ENDS = 2;

    private final byte delimiter;
    private final byte quote;
    private final int columns;
    private final int maxFieldBytes;
    private final boolean[] zoneLike;
    private int records;
    private long lines;
    private String refusal;
    /** The line end style of the scan's records so far: {@link #ANY_ENDS} until the first. */
    private int style;

    /** @param columns how many fields every record must have; 0 for any number (a header's) */
    CsvRecordScanner(CsvFormat format, int columns) {
        if (!supports(format)) {
            throw new IllegalArgumentException("no byte scanner for the delimiter or quote of " + format);
        }
        this.delimiter = (byte) format.delimiter();
        this.quote = (byte) format.quote();
        this.columns = columns;
        this.maxFieldBytes = format.maxFieldBytes();
        this.zoneLike = new boolean[columns];
    }

    /**
     * Whether PostgreSQL can read files of {@code format} as they are: its delimiter and quote must be one byte
     * each, and the null string must be one COPY accepts (no line end, delimiter or quote in it).
     */
    static boolean supports(CsvFormat format) {
        String nullString = format.nullString();
        return format.delimiter() < 0x80 && format.quote() < 0x80 && format.delimiter() != '\\'
                && nullString.indexOf('\n') < 0 && nullString.indexOf('\r') < 0
                && nullString.indexOf(format.delimiter()) < 0 && nullString.indexOf(format.quote()) < 0;
    }

    /**
     * Scans the records of {@code buf[0, length)}, which starts at a record boundary, up to the first record that
     * is refused or that does not end within the bytes.
     *
     * @param last whether the input ends at {@code length} (so a last record may end without a line end)
     * @param fileStart whether {@code buf} starts at the file's first byte
     * @return the offset just past the last whole record accepted; {@link #records()}, {@link #lines()},
     *     {@link #zoneLike(int)} describe the records before it, {@link #refusal()} the record at it, if refused
     */
    int scan(byte[] buf, int length, boolean last, boolean fileStart) {
        records = 0;
        lines = 0;
        refusal = null;
        style = ANY_ENDS;
        Arrays.fill(zoneLike, false);
        if (fileStart && byteOrderMark(buf, length)) {
            return 0;
        }
        int end = 0;
        while (end < length) {
            int next = record(buf, end, length, last);
            if (next < 0) {
                return end;
            }
            end = next;
        }
        return end;
    }

    /**
     * Scans the file's first record only, whatever its number of fields: a header.
     *
     * @return the offset just past it, or -1 when it is refused or does not end in the bytes
     */
    int scanFirst(byte[] buf, int length, boolean last) {
        records = 0;
        lines = 0;
        refusal = null;
        style = ANY_ENDS;
        return length == 0 || byteOrderMark(buf, length) ? -1 : record(buf, 0, length, last);
    }

    private boolean byteOrderMark(byte[] buf, int length) {
        if (length >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            refusal = "a byte order mark starts the file";
            return true;
        }
        return false;
    }

    /** The number of records the last scan accepted. */
    int records() {
        return records;
    }

    /** The number of lines the records the last scan accepted take. */
    long lines() {
        return lines;
    }

    /** Why the record after those accepted was refused, or null when it was not (it did not end in the bytes). */
    String refusal() {
        return refusal;
    }

    /**
     * Whether a value of {@code column} in the records the last scan accepted may carry a time zone offset (or one
     * in the record it stopped at: erring on the side of checking).
     */
    boolean zoneLike(int column) {
        return zoneLike[column];
    }

    /** {@link #zoneLike(int)} of every column, a copy. */
    boolean[] zoneLike() {
        return zoneLike.clone();
    }

    /** Scans one record at {@code pos}; returns the offset past it, or -1 when it is refused or incomplete. */
    private int record(byte[] buf, int start, int length, boolean last) {
        int pos = start;
        int lineEnds = 0;
        int field = 0;
        if (endOfDataMarker(buf, pos, length, last)) {
            return -1;
        }
        if (buf[pos] == LF || buf[pos] == CR) {
            return refuse("a blank line");
        }
        while (true) {
            int fieldStart = pos;
            if (pos < length && buf[pos] == quote) {
                pos++;
                while (true) {
                    if (pos >= length) {
                        return last ? refuse("a quote opened in field " + (field + 1) + " is never closed") : -1;
                    }
                    byte b = buf[pos++];
                    if (b == quote) {
                        if (pos < length && buf[pos] == quote) {
                            pos++;
                        } else if (pos < length || last) {
                            break;
                        } else {
                            return -1;
                        }
                    } else if (b == LF || b == CR) {
                        // Data to both readers; FastCSV counts \r\n, a lone \r and a lone \n as a line each.
                        if (b == CR || pos < 2 || buf[pos - 2] != CR) {
                            lineEnds++;
                        }
                        if (endOfDataMarker(buf, pos, length, last)) {
                            return -1;
                        }
                    } else if (b == 0) {
                        return refuse("a NUL byte");
                    }
                }
                if (field < columns) {
                    // Which quoted values may carry an offset is left to the JVM: rare in timestamps.
                    zoneLike[field] = true;
                }
                if (pos < length && buf[pos] != delimiter && buf[pos] != LF && buf[pos] != CR) {
                    return refuse("the quote closing field " + (field + 1) + " is followed by more characters");
                }
            } else {
                boolean spaceOrColon = false;
                boolean zone = false;
                for (; pos < length; pos++) {
                    byte b = buf[pos];
                    if (b == delimiter || b == LF || b == CR) {
                        break;
                    }
                    if (b == quote || b == 0) {
                        return refuse(b == quote ? "a quote inside field " + (field + 1) : "a NUL byte");
                    }
                    // CastSql.mayHaveZone, byte for byte: a non-ASCII byte is no digit either.
                    if (b == '-' && spaceOrColon) {
                        zone = true;
                    }
                    if (b == ' ' || b == ':') {
                        spaceOrColon = true;
                    } else if ((b < '0' || b > '9') && b != '.' && b != '-') {
                        zone = true;
                    }
                }
                if (pos == length && !last) {
                    return -1;
                }
                if (zone && field < columns) {
                    zoneLike[field] = true;
                }
            }
            if (pos - fieldStart > maxFieldBytes) {
                return refuse("field " + (field + 1) + " is larger than format.maxFieldBytes");
            }
            field++;
            if (pos == length) {
                break;
            }
            if (buf[pos] == delimiter) {
                pos++;
                continue;
            }
            int lineEnd = lineEnd(buf, pos, length, last);
            if (lineEnd <= 0) {
                return -1;
            }
            pos += lineEnd;
            lineEnds++;
            break;
        }
        if (field != columns && columns > 0) {
            return refuse("a record of " + field + " field(s), not " + columns);
        }
        records++;
        lines += lineEnds;
        return pos;
    }

    /**
     * The length of the line end at {@code pos} (1 for {@code \n}, 2 for {@code \r\n}); 0 when the bytes end
     * before it is known, -1 when it is refused. PostgreSQL takes the style of a {@code COPY}'s first line end for all
     * its others and refuses any other outside quotes (FastCSV takes any): so the first of a scan, which is a chunk's
     * {@code COPY}, sets it, and a lone {@code \r} (the old Mac style) is refused.
     */
    private int lineEnd(byte[] buf, int pos, int length, boolean last) {
        if (buf[pos] == LF) {
            if (style == CRLF_ENDS) {
                return refuse("a line ending in \\n among lines ending in \\r\\n");
            }
            style = LF_ENDS;
            return 1;
        }
        if (pos + 1 >= length) {
            return last ? refuse("a carriage return at the end of the file") : 0;
        }
        if (buf[pos + 1] != LF) {
            return refuse("a carriage return not followed by \\n");
        }
        if (style == LF_ENDS) {
            return refuse("a line ending in \\r\\n among lines ending in \\n");
        }
        style = CRLF_ENDS;
        return 2;
    }

    /**
     * Whether a line starting at {@code pos} starts with {@code \.}, refused wherever it is (even quoted, PostgreSQL
     * before 18 may end the data there); also true, without a refusal, when the bytes end before it is known.
     */
    private boolean endOfDataMarker(byte[] buf, int pos, int length, boolean last) {
        if (pos >= length || buf[pos] != '\\') {
            return false;
        }
        if (pos + 1 >= length) {
            return !last;
        }
        if (buf[pos + 1] == '.') {
            refuse("a line starting with \\. (the end of data to COPY)");
            return true;
        }
        return false;
    }

    private int refuse(String why) {
        refusal = why;
        return -1;
    }
}
