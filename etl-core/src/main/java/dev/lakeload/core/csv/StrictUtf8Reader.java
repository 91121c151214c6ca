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
 * every character before an invalid byte, and the error names the line and byte offset of that byte. A UTF-8 byte
 * order mark at the very start is skipped. It also counts one character (the CSV quote), so the reader can tell a
 * quote that was never closed. Not thread-safe; closing closes the stream.
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final char counted;
    private long countedSeen;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
    private long bytesBefore;
    private long line = 1;
    private boolean eof;
    private boolean started;
    private IOException pending;

    StrictUtf8Reader(InputStream in, char counted) {
        this.in = in;
        this.counted = counted;
    }

    /** How many times the counted character was read so far. */
    long countedSeen() {
        return countedSeen;
    }

    /** Thrown for invalid UTF-8; carries the physical line of the offending byte. */
    static final class InvalidUtf8Exception extends IOException {
        private final long line;

        InvalidUtf8Exception(long line, long offset) {
            super("invalid UTF-8 at byte offset " + offset);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            if (!bytes.hasRemaining() && !eof) {
                fill();
            }
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                pending = new InvalidUtf8Exception(line + newlines(buffer, offset, out.position()),
                        bytesBefore + bytes.position());
                break;
            }
            if (result.isUnderflow() && eof) {
                decoder.flush(out);
                break;
            }
            if (result.isUnderflow() && out.position() == offset) {
                fill();
            } else if (result.isOverflow()) {
                break;
            }
        }
        int read = out.position() - offset;
        if (read == 0) {
            if (pending != null) {
                throw pending;
            }
            return -1;
        }
        for (int i = offset; i < out.position(); i++) {
            char c = buffer[i];
            if (c == '\n') {
                line++;
            } else if (c == counted) {
                countedSeen++;
            }
        }
        return read;
    }

    private static long newlines(char[] buffer, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private void fill() throws IOException {
        readMore();
        if (!started) {
            started = true;
            skipByteOrderMark();
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

    private void skipByteOrderMark() throws IOException {
        while (bytes.remaining() < 3 && !eof) {
            readMore();
        }
        if (bytes.remaining() >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                && (bytes.get(2) & 0xFF) == 0xBF) {
            bytes.position(3);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
