package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.csv.CsvRowReader;
import dev.lakeload.core.format.FileFormat;
import dev.lakeload.core.format.RowReader;
import dev.lakeload.core.source.Compression;
import java.util.List;
import java.util.Objects;

/**
 * How a table's CSV files are written ({@code format.type: csv}), the first {@link FileFormat}. The defaults match
 * AWS DMS with its default settings: no header, ',' and '"' (RFC 4180, a value is quoted only when it must be),
 * NULL as an unquoted empty field.
 *
 * @param header whether the first record of every file names the columns (DMS {@code AddColumnName=true})
 * @param delimiter the field separator
 * @param quote the quote character; inside quotes it is doubled. Backslash is never an escape.
 * @param nullString an unquoted field equal to this is SQL NULL. A quoted field is never NULL, so with the
 *     default {@code ""} an unquoted empty field is NULL and a quoted {@code ""} is the empty string.
 * @param compression how files are compressed; {@link Compression#AUTO} decides by suffix
 * @param fields the names of the fields in each record when there is no header, or empty to use the table's
 *     declared column names in order
 * @param maxFieldBytes the largest field a file may hold, in bytes as written in the file (UTF-8, with a quoted
 *     field's quotes and doubled quotes). A larger field fails the file: reading one takes a few times its
 *     size in memory. At most {@link PostgresRules#MAX_VALUE_BYTES}, PostgreSQL's limit for one value.
 */
public record CsvFormat(boolean header, char delimiter, char quote, String nullString, Compression compression,
                        List<String> fields, int maxFieldBytes) implements FileFormat {
    /** 64 MiB: a MongoDB document (at most 16 MiB as BSON) fits even with every quote doubled. */
    public static final int DEFAULT_MAX_FIELD_BYTES = 64 * 1024 * 1024;
    public static final CsvFormat DMS_DEFAULT = new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of());

    /** A format with the default {@link #maxFieldBytes}. */
    public CsvFormat(boolean header, char delimiter, char quote, String nullString, Compression compression,
                     List<String> fields) {
        this(header, delimiter, quote, nullString, compression, fields, DEFAULT_MAX_FIELD_BYTES);
    }

    public CsvFormat {
        Objects.requireNonNull(nullString, "nullString");
        Objects.requireNonNull(compression, "compression");
        fields = List.copyOf(fields);
        if (delimiter == quote) {
            throw new ConfigException("format.delimiter and format.quote cannot both be '" + delimiter + "'");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new ConfigException("format.delimiter and format.quote cannot be line breaks");
        }
        if (header && !fields.isEmpty()) {
            throw new ConfigException("format.fields is for files without a header; with header: true the "
                    + "header names the fields");
        }
        if (maxFieldBytes < 1 || maxFieldBytes > PostgresRules.MAX_VALUE_BYTES) {
            throw ConfigException.forKey("format.maxFieldBytes", "format.maxFieldBytes must be between 1 and "
                    + PostgresRules.MAX_VALUE_BYTES + " (PostgreSQL stores no value over 1 GB), got " + maxFieldBytes);
        }
    }

    /** With a header, each file names its fields. */
    @Override
    public boolean namesFields() {
        return header;
    }

    @Override
    public RowReader reader(List<String> fieldNames) {
        return new CsvRowReader(this, fieldNames, SchemaEvolution.FAIL);
    }

    @Override
    public RowReader reader(List<String> fieldNames, SchemaEvolution schemaEvolution) {
        return new CsvRowReader(this, fieldNames, schemaEvolution);
    }
}
