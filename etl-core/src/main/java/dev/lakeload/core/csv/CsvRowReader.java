package dev.lakeload.core.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads CSV (RFC 4180, as AWS DMS writes it) into {@link Row}s, keeping NULL and the empty string apart: an
 * unquoted field equal to the format's null string is NULL, a quoted field never is.
 *
 * <p>Strict by design, so no row is silently altered: invalid UTF-8, a record with the wrong number of fields and
 * an unterminated quote stop the file with a {@link DataException} naming the file and line. A UTF-8 byte order
 * mark at the start is skipped. Thread-safe; each {@link #read} call is independent.
 */
public final class CsvRowReader {
    private final CsvFormat format;
    private final Schema fixedSchema;

    /**
     * @param format how the files are written
     * @param fieldNames the names of the fields when files have no header (ignored with a header)
     */
    public CsvRowReader(CsvFormat format, List<String> fieldNames) {
        this.format = format;
        this.fixedSchema = format.header() ? null : Schema.ofNames(fieldNames);
    }

    /**
     * Streams every record of one file into {@code rows}. Reads {@code in} to its end and closes it.
     *
     * @param in the decompressed bytes of the file
     * @param file the file's key, for row origins and error messages
     * @return the number of records read (the header excluded)
     */
    public long read(InputStream in, String file, Consumer<Row> rows) {
        RowHandler handler = new RowHandler();
        StrictUtf8Reader text = new StrictUtf8Reader(in, format.quote());
        Records records = new Records(file, rows);
        try (CsvReader<String[]> reader = CsvReader.builder()
                .fieldSeparator(format.delimiter())
                .quoteCharacter(format.quote())
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .build(handler, text)) {
            // Each record is handled once the next one is parsed, so that a quote left open at the end of the
            // file is reported as that, not as a record with too few fields.
            String[] pending = null;
            long pendingLine = 0;
            for (String[] values : reader) {
                if (pending != null) {
                    records.take(pending, pendingLine);
                }
                pending = values;
                pendingLine = handler.line();
            }
            // FastCSV ends a quoted field that is never closed at the end of the file; every quote character of
            // RFC 4180 comes in pairs, so an odd count with a quoted last field means the file was cut short.
            if (text.countedSeen() % 2 == 1 && handler.lastFieldQuoted()) {
                throw new DataException(file, pendingLine, null, "unterminated quoted field: the quote opened in "
                        + "this record is never closed (is the file truncated?)");
            }
            if (pending != null) {
                records.take(pending, pendingLine);
            }
        } catch (CsvParseException e) {
            throw new DataException(file, handler.line(), null, "malformed CSV: " + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            throw translate(e.getCause(), file, handler.line());
        } catch (IOException e) {
            throw translate(e, file, handler.line());
        }
        return records.count;
    }

    /** Turns parsed records into rows: the header (if any) first, then data records checked against it. */
    private final class Records {
        private final String file;
        private final Consumer<Row> rows;
        private Schema schema = fixedSchema;
        private long count;

        Records(String file, Consumer<Row> rows) {
            this.file = file;
            this.rows = rows;
        }

        void take(String[] values, long line) {
            if (schema == null) {
                schema = headerSchema(values, file, line);
                return;
            }
            if (values.length != schema.size()) {
                throw new DataException(file, line, null, "expected " + schema.size() + " fields "
                        + schema.names() + " but found " + values.length
                        + "; check the table's columns or format.fields");
            }
            rows.accept(new Row(schema, values, file, line));
            count++;
        }
    }

    private static RuntimeException translate(IOException e, String file, long line) {
        if (e instanceof StrictUtf8Reader.InvalidUtf8Exception invalid) {
            return new DataException(file, invalid.line(), null, e.getMessage()
                    + " (lakeload reads DMS files as UTF-8, as DMS writes them)", e);
        }
        return new UncheckedIOException(file + ": read failed near line " + line + ": " + e.getMessage(), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? e.getMessage() : t.getMessage();
    }

    private Schema headerSchema(String[] names, String file, long line) {
        List<String> columns = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null || names[i].isEmpty()) {
                throw new DataException(file, line, null, "header field " + (i + 1) + " is empty");
            }
            if (columns.contains(names[i])) {
                throw new DataException(file, line, names[i], "the header names this column twice");
            }
            columns.add(names[i]);
        }
        return Schema.ofNames(columns);
    }

    /** Builds a String[] per record: NULL for an unquoted null string, the text otherwise. */
    private final class RowHandler extends AbstractBaseCsvCallbackHandler<String[]> {
        private String[] fields = new String[16];
        private int count;
        private boolean lastQuoted;
        private long line = 1;

        long line() {
            return line;
        }

        boolean lastFieldQuoted() {
            return lastQuoted;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            count = 0;
            line = startingLineNumber;
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            if (count == fields.length) {
                fields = Arrays.copyOf(fields, count * 2);
            }
            lastQuoted = quoted;
            fields[count++] = !quoted && isNullString(buf, offset, len) ? null : new String(buf, offset, len);
        }

        private boolean isNullString(char[] buf, int offset, int len) {
            String nullString = format.nullString();
            if (len != nullString.length()) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (buf[offset + i] != nullString.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected String[] buildRecord() {
            return getRecordType() == RecordType.DATA ? Arrays.copyOf(fields, count) : null;
        }
    }
}
