package dev.lakeload.core.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import de.siegmar.fastcsv.reader.RecordType;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.SchemaEvolution;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.format.RowReader;
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
 * <p>Every line is accounted for, so no value is silently dropped or doubled. An empty line is a record of one
 * unquoted empty field, as PostgreSQL's {@code COPY} reads it: a row (NULL with the default null string) when
 * the file has one column, which is how DMS writes a NULL there; with several columns it cannot be a record and
 * is skipped, and noted in the {@link ReadResult}. The line ending the last record ends the file; it does not
 * start an empty one.
 *
 * <p>Strict by design, so no row is silently altered: invalid UTF-8, a record with the wrong number of fields, a
 * quote left open at the end of the file and a field over {@link CsvFormat#maxFieldBytes()} stop the file with a
 * {@link DataException} naming the file and line. A UTF-8 byte order mark at the start is skipped. Thread-safe;
 * each {@link #read} call is independent.
 */
public final class CsvRowReader implements RowReader {
    /** FastCSV 4.3 reads this many characters at a time; its buffer starts at twice that and doubles. */
    private static final int READ_CHARS = 8192;
    private static final char[] NO_CHARS = {};

    private final CsvFormat format;
    private final Schema fixedSchema;
    private final SchemaEvolution evolution;
    /** The columns a header named, for a reader of the records after it ({@link #afterHeader}); else null. */
    private final Schema named;

    /**
     * @param format how the files are written
     * @param fieldNames the names of the fields when files have no header (ignored with a header)
     */
    public CsvRowReader(CsvFormat format, List<String> fieldNames) {
        this(format, fieldNames, SchemaEvolution.FAIL);
    }

    /**
     * @param format how the files are written
     * @param fieldNames the names of the fields when files have no header (ignored with a header)
     * @param evolution without a header: under {@code addColumns} a record with fewer fields than
     *     {@code fieldNames} has NULL in the missing trailing ones; under {@code ignore} the fields past them are
     *     left out (noted per file); under {@code fail} either is an error
     */
    public CsvRowReader(CsvFormat format, List<String> fieldNames, SchemaEvolution evolution) {
        this(format, format.header() ? null : Schema.ofNames(fieldNames), evolution);
    }

    private CsvRowReader(CsvFormat format, Schema fixedSchema, SchemaEvolution evolution) {
        this(format, fixedSchema, evolution, null);
    }

    private CsvRowReader(CsvFormat format, Schema fixedSchema, SchemaEvolution evolution, Schema named) {
        this.format = format;
        this.fixedSchema = fixedSchema;
        this.evolution = evolution;
        this.named = named;
    }

    /**
     * A reader of the records after a header that named {@code names}, which reads them as {@code headed}, a reader
     * of files with a header, reads them after that header (the same rows, notes and errors).
     */
    static CsvRowReader afterHeader(CsvFormat headed, List<String> names) {
        return new CsvRowReader(withoutHeader(headed), null, SchemaEvolution.FAIL, Schema.ofNames(names));
    }

    /** {@code headed} for the records after its header. */
    static CsvFormat withoutHeader(CsvFormat headed) {
        return new CsvFormat(false, headed.delimiter(), headed.quote(), headed.nullString(), headed.compression(),
                List.of(), headed.maxFieldBytes());
    }

    /**
     * A reader for files whose fields are not known yet, for sampling them: without a header, the first record of
     * each file names its fields {@code col1} to {@code colN} by position, and every later record of that file must
     * have as many. With a header it reads as any other reader.
     */
    public static CsvRowReader positional(CsvFormat format) {
        return new CsvRowReader(format, (Schema) null, SchemaEvolution.FAIL);
    }

    /** {@code col1} to {@code col<count>}: the names {@link #positional} gives to the fields of a headerless file. */
    public static List<String> positionalNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add("col" + i);
        }
        return names;
    }

    /**
     * Streams every record of one file into {@code rows}. Reads {@code in} to its end and closes it.
     *
     * @return how many rows were read, and a note naming the empty lines that were skipped
     * @throws DataException when the file is not CSV of this format, naming file, line and column where known
     */
    @Override
    public ReadResult read(InputStream in, String file, Consumer<Row> rows) {
        return read(in, file, 1, 0, rows);
    }

    /**
     * Reads one file as {@link #read(InputStream, String, Consumer)} does, with the same rows, counts, notes and
     * errors, but hands {@code raw} the records that its database is certain to read exactly as this reader would,
     * as the file's bytes in chunks ({@link RawCsvSink}); the others, and those of chunks {@code raw} did not load,
     * go to {@code rows}. A file with a header, or of a format the database cannot read as it is, goes all to
     * {@code rows}. Reads {@code in} to its end and closes it.
     */
    public ReadResult read(InputStream in, String file, RawCsvSink raw, Consumer<Row> rows) {
        if (!CsvRecordScanner.supports(format) || (fixedSchema == null && !format.header())) {
            return read(in, file, rows);
        }
        if (fixedSchema == null) {
            return CsvPassThrough.readWithHeader(this, format, in, file, raw, rows);
        }
        if (!raw.takesRaw(format, fixedSchema.names())) {
            return read(in, file, rows);
        }
        return CsvPassThrough.read(this, format, fixedSchema.size(), in, file, 1, 0, raw, rows);
    }

    /**
     * Reads the part of a file that starts at a record boundary: at line {@code firstLine} and byte {@code offset}
     * of the file (a byte order mark is skipped only at offset 0).
     */
    ReadResult read(InputStream in, String file, long firstLine, long offset, Consumer<Row> rows) {
        RowHandler handler = new RowHandler(file, firstLine - 1);
        long count = 0;
        try (CsvReader<Row> reader = CsvReader.builder()
                .fieldSeparator(format.delimiter())
                .quoteCharacter(format.quote())
                .skipEmptyLines(false)
                .allowUnclosedQuote(false)
                // Field counts are checked by the handler, which can name the columns.
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .maxBufferSize(bufferChars(format.maxFieldBytes()))
                .build(handler, new StrictUtf8Reader(in, firstLine, offset))) {
            for (Row row : reader) {
                rows.accept(row);
                count++;
            }
        } catch (CsvParseException e) {
            throw handler.malformed(e);
        } catch (UncheckedIOException e) {
            throw translate(e.getCause(), file, handler.line);
        } catch (IOException e) {
            throw translate(e, file, handler.line);
        }
        List<String> notes = new ArrayList<>();
        if (handler.emptyLines > 0) {
            notes.add(handler.emptyLines + " empty line(s) skipped in " + file + " (first: line "
                    + handler.firstEmptyLine + ")");
        }
        if (handler.longRecords > 0) {
            notes.add(handler.longRecords + " record(s) in " + file + " had more fields than the columns "
                    + fixedSchema.names() + " (first: line " + handler.firstLongRecord + "); the extra ones were "
                    + "left out (schemaEvolution: ignore)");
        }
        return new ReadResult(count, notes);
    }

    /**
     * The most characters FastCSV may buffer: a field of {@code maxFieldBytes} (characters are never more than
     * its UTF-8 bytes) and room for one read. A doubling step cut short by the maximum must also leave room for a
     * read, or FastCSV 4.3 asks its reader for more than its buffer holds (an IndexOutOfBoundsException) instead
     * of saying the field is too large; so the maximum is at least the last doubled size below it plus one read.
     */
    private static int bufferChars(int maxFieldBytes) {
        long needed = (long) maxFieldBytes + READ_CHARS;
        long doubled = 2L * READ_CHARS;
        while (2 * doubled < needed) {
            doubled *= 2;
        }
        return Math.toIntExact(Math.max(needed, doubled + READ_CHARS));
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
        return t.getMessage() == null ? String.valueOf(e.getMessage()) : t.getMessage();
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        // A surrogate is half of a four-byte character.
        return c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /**
     * Turns one file's records into rows: the header (if any) names the columns, every other record becomes a
     * row checked against them. FastCSV wraps what the callbacks throw; {@link #malformed} unwraps it.
     */
    private final class RowHandler extends AbstractBaseCsvCallbackHandler<Row> {
        private final String file;
        private final long linesBefore;
        private Schema schema = fixedSchema != null ? fixedSchema : named;
        private String[] fields = new String[16];
        private long line;
        private long emptyLines;
        private long firstEmptyLine;
        private long longRecords;
        private long firstLongRecord;

        /** @param linesBefore the lines of the file before the part read, which FastCSV counts from 1 */
        RowHandler(String file, long linesBefore) {
            this.file = file;
            this.linesBefore = linesBefore;
            this.line = linesBefore + 1;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = linesBefore + startingLineNumber;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            checkSize(index, buf, offset, len, quoted);
            if (index == fields.length) {
                fields = Arrays.copyOf(fields, index * 2);
            }
            fields[index] = !quoted && isNullString(buf, offset, len) ? null : new String(buf, offset, len);
        }

        @Override
        protected void handleEmpty() {
            handleField(0, NO_CHARS, 0, 0, false);
        }

        @Override
        protected Row buildRecord() {
            int count = getFieldCount();
            if (schema == null && format.header()) {
                schema = headerSchema(Arrays.copyOf(fields, count));
                return null;
            }
            if (schema == null) {
                schema = Schema.ofNames(positionalNames(count));
            }
            if (getRecordType() == RecordType.EMPTY && schema.size() != 1) {
                emptyLines++;
                firstEmptyLine = firstEmptyLine == 0 ? line : firstEmptyLine;
                return null;
            }
            if (count == schema.size()) {
                return new Row(schema, Arrays.copyOf(fields, count), file, line);
            }
            if (schema == fixedSchema && count < schema.size() && evolution == SchemaEvolution.ADD_COLUMNS) {
                // A file from before the source added the trailing columns: they are NULL in its rows.
                return new Row(schema, Arrays.copyOf(Arrays.copyOf(fields, count), schema.size()), file, line);
            }
            if (schema == fixedSchema && count > schema.size() && evolution == SchemaEvolution.IGNORE) {
                longRecords++;
                firstLongRecord = firstLongRecord == 0 ? line : firstLongRecord;
                return new Row(schema, Arrays.copyOf(fields, schema.size()), file, line);
            }
            String expected = "expected " + schema.size() + " fields " + schema.names() + " but found " + count;
            if (schema == fixedSchema && count > schema.size()) {
                // DMS adds a column added at the source after the existing ones, in the files written since.
                throw new DataException(file, line, null, expected + ". If the source table gained a column, "
                        + "declare it at the end of columns and set schemaEvolution: addColumns: older files then "
                        + "load it as NULL and newer ones with their values (or set schemaEvolution: ignore to "
                        + "leave the extra fields out); otherwise check the table's columns or format.fields");
            }
            throw new DataException(file, line, null, expected + "; check the table's columns or format.fields"
                    + (schema == fixedSchema ? " (under schemaEvolution: addColumns, missing trailing fields "
                    + "load as NULL)" : ""));
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

        private void checkSize(int index, char[] buf, int offset, int len, boolean quoted) {
            // Most fields are far below the limit even at the most bytes a character can take in the file (three,
            // six for a doubled quote); only the rest are measured.
            if (6L * len + 6 <= format.maxFieldBytes()) {
                return;
            }
            long bytes = quoted ? 2L * utf8Length(format.quote()) : 0;
            for (int i = offset; i < offset + len; i++) {
                char c = buf[i];
                bytes += quoted && c == format.quote() ? 2L * utf8Length(c) : utf8Length(c);
            }
            if (bytes > format.maxFieldBytes()) {
                throw fieldTooLarge(index, "it has " + bytes + " bytes");
            }
        }

        private DataException fieldTooLarge(int index, String detail) {
            return new DataException(file, line, columnName(index), "field " + (index + 1) + " is larger than "
                    + "format.maxFieldBytes = " + format.maxFieldBytes() + " bytes (" + detail + "); raise "
                    + "format.maxFieldBytes if values this large are expected");
        }

        private String columnName(int index) {
            return schema != null && index < schema.size() ? schema.names().get(index) : null;
        }

        /** What a parse failure means, with the file, line and (where known) column. */
        RuntimeException malformed(CsvParseException e) {
            if (e.getCause() instanceof DataException data) {
                return data;
            }
            // FastCSV says only in words which failure it was; these are its messages in the version we build on.
            String reason = rootMessage(e);
            int field = getFieldCount();
            if (reason.startsWith("The maximum buffer size")) {
                return fieldTooLarge(field, "or a quote opened in it is never closed");
            }
            if (reason.startsWith("Unclosed quoted field")) {
                return new DataException(file, line, columnName(field), "unterminated quoted field: the quote "
                        + "opened in field " + (field + 1) + " of this record is never closed (is the file "
                        + "truncated?)", e);
            }
            return new DataException(file, line, columnName(field), "malformed CSV: " + reason, e);
        }

        private Schema headerSchema(String[] names) {
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
    }
}
