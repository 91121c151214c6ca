package dev.lakeload.core.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly and says where it broke: unlike {@link java.io.InputStreamReader}, it first hands out
 * every character before an invalid byte, and the error names the line and byte offset of that byte. Lines are
 * counted as FastCSV counts them ({@code \n}, {@code \r\n} and a lone {@code \r} each end one), so the line of a
 * bad byte agrees with the line of its record. A UTF-8 byte order mark at the very start is skipped.
 *
 * <p>Each read asks for at least two characters, since a character outside the Basic Multilingual Plane is two
 * (FastCSV reads thousands at a time). Not thread-safe; closing closes the stream.
 */
final class StrictUtf8Reader extends Reader {
    private static final int BOM_LENGTH = 3;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private long bytesBefore;
    private long line;
    private boolean lastWasCr;
    private boolean started;
    private boolean eof;
    private boolean flushed;
    private long invalidAt = -1;
    private int invalidByte;

    StrictUtf8Reader(InputStream in) {
        this(in, 1, 0);
    }

    /**
     * A reader of the part of a file that starts at {@code line} and byte {@code offset} (for errors); only a part
     * at offset 0 may start with a byte order mark, anywhere else those bytes are a character of the data.
     */
    StrictUtf8Reader(InputStream in, long line, long offset) {
        this.in = in;
        this.line = line;
        this.bytesBefore = offset;
        this.started = offset > 0;
    }

    /** Thrown for invalid UTF-8; carries the line of the offending byte. */
    static final class InvalidUtf8Exception extends IOException {
        private final long line;

        InvalidUtf8Exception(long line, long offset, int value) {
            super(String.format("invalid UTF-8 at byte offset %d of the file, counted from 0 (byte 0x%02X)", offset,
                    value));
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length < 2) {
            throw new IllegalArgumentException("read at least 2 characters at a time, not " + length);
        }
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        // Loop until a character is produced: a read of 0 would make callers spin, -1 would end the file early.
        while (out.position() == offset && !flushed && invalidAt < 0) {
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                invalidAt = bytesBefore + bytes.position();
                invalidByte = bytes.get(bytes.position()) & 0xff;
            } else if (result.isUnderflow() && eof) {
                // A decoder is flushed exactly once; decoding again after that is an IllegalStateException.
                decoder.flush(out);
                flushed = true;
            } else if (result.isUnderflow()) {
                readMore();
            }
        }
        countLines(buffer, offset, out.position());
        int read = out.position() - offset;
        if (read > 0) {
            return read;
        }
        if (invalidAt >= 0) {
            // Every character before the bad byte was handed out and counted, so the line is the byte's own.
            throw new InvalidUtf8Exception(line, invalidAt, invalidByte);
        }
        return -1;
    }

    private void countLines(char[] buffer, int from, int to) {
        long lines = line;
        boolean cr = lastWasCr;
        for (int i = from; i < to; i++) {
            char c = buffer[i];
            if (c == '\r' || (c == '\n' && !cr)) {
                lines++;
            }
            cr = c == '\r';
        }
        line = lines;
        lastWasCr = cr;
    }

    private void skipByteOrderMark() throws IOException {
        while (bytes.remaining() < BOM_LENGTH && !eof) {
            readMore();
        }
        if (bytes.remaining() >= BOM_LENGTH && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                && (bytes.get(2) & 0xFF) == 0xBF) {
            bytes.position(BOM_LENGTH);
        }
    }

    private void readMore() throws IOException {
        bytesBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
