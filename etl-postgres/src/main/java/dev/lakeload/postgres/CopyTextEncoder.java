package dev.lakeload.postgres;

import dev.lakeload.core.config.NulPolicy;
import java.util.Arrays;

/**
 * Encodes rows into PostgreSQL's COPY text format as UTF-8, straight into one growing byte buffer (no String or
 * byte[] per value): tab between columns, newline after the row, {@code \N} for NULL, and backslash escapes for
 * backslash, tab, newline and carriage return.
 *
 * <p>Values PostgreSQL cannot store are handled here, the last point every row passes: NUL characters by the
 * table's {@link NulPolicy}, unpaired UTF-16 surrogates by refusing the row. A refused row leaves the buffer as it
 * was before the row started. Not thread-safe.
 */
final class CopyTextEncoder {
    private static final byte[] NULL = {'\\', 'N'};

    private final NulPolicy nulPolicy;
    private byte[] buffer = new byte[1 << 16];
    private int length;
    private int rowStart;
    private boolean firstValue;
    private long cleanedValues;
    private String problemColumnReason;

    CopyTextEncoder(NulPolicy nulPolicy) {
        this.nulPolicy = nulPolicy;
    }

    /** Starts a row, with its origin columns (file ordinal and line) first, as staging tables have them. */
    void beginRow(int fileOrdinal, long line) {
        beginRow();
        appendAscii(Integer.toString(fileOrdinal));
        appendByte('\t');
        appendAscii(Long.toString(line));
        firstValue = false;
    }

    /** Starts a row whose first column is the first {@link #value}. */
    void beginRow() {
        rowStart = length;
        problemColumnReason = null;
        firstValue = true;
    }

    /**
     * Appends one value. Returns false when the value cannot be stored; the caller then calls {@link #abortRow()}
     * and {@link #problem()} says why.
     */
    boolean value(String value) {
        if (!firstValue) {
            appendByte('\t');
        }
        firstValue = false;
        if (value == null) {
            append(NULL);
            return true;
        }
        boolean cleaned = false;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> append2('\\', '\\');
                    case '\t' -> append2('\\', 't');
                    case '\n' -> append2('\\', 'n');
                    case '\r' -> append2('\\', 'r');
                    case '\0' -> {
                        if (nulPolicy == NulPolicy.REJECT) {
                            problemColumnReason = "contains a NUL character (U+0000), which PostgreSQL cannot "
                                    + "store; set nulBytes: strip or replace to load it";
                            return false;
                        }
                        cleaned = true;
                        if (nulPolicy == NulPolicy.REPLACE) {
                            appendCodePoint(0xFFFD);
                        }
                    }
                    default -> appendByte(c);
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                appendCodePoint(Character.toCodePoint(c, value.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                problemColumnReason = "contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c)
                        + "), which is not valid Unicode";
                return false;
            } else {
                appendCodePoint(c);
            }
        }
        if (cleaned) {
            cleanedValues++;
        }
        return true;
    }

    void endRow() {
        appendByte('\n');
    }

    /** Forgets the current row. */
    void abortRow() {
        length = rowStart;
    }

    /** Why the last refused value was refused. */
    String problem() {
        return problemColumnReason;
    }

    long cleanedValues() {
        return cleanedValues;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Bytes of complete rows, ready to send. */
    int length() {
        return length;
    }

    void clear() {
        length = 0;
        rowStart = 0;
    }

    private void appendCodePoint(int cp) {
        ensure(4);
        if (cp < 0x800) {
            buffer[length++] = (byte) (0xC0 | (cp >> 6));
            buffer[length++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buffer[length++] = (byte) (0xE0 | (cp >> 12));
            buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            buffer[length++] = (byte) (0xF0 | (cp >> 18));
            buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    private void appendAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void append2(char a, char b) {
        ensure(2);
        buffer[length++] = (byte) a;
        buffer[length++] = (byte) b;
    }

    private void appendByte(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
