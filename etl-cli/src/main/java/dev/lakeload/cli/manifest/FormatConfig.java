package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.source.Compression;
import java.util.List;

/**
 * {@code format:} of a table. Every key is optional; the defaults are what AWS DMS writes with its defaults.
 *
 * @param type the file type; only {@code csv} so far
 * @param header whether files start with a header record
 * @param delimiter the field separator, one character
 * @param quote the quote character, one character
 * @param nullString an unquoted field equal to this is NULL ({@code ""}: an unquoted empty field)
 * @param compression {@code auto} (by suffix), {@code none}, {@code gzip}, {@code zstd}, {@code bzip2}
 * @param fields the field names of files without a header, when they differ from the table's columns
 * @param maxFieldBytes the largest field a file may hold, in bytes (default 64 MiB)
 */
public record FormatConfig(String type, Boolean header, String delimiter, String quote, String nullString,
                           Compression compression, List<String> fields, Integer maxFieldBytes) {
    public FormatConfig {
        if (type != null && !type.equals("csv")) {
            throw new ConfigException("format.type '" + type + "' is not supported; use csv");
        }
        oneCharacter("delimiter", delimiter);
        oneCharacter("quote", quote);
    }

    private static void oneCharacter(String key, String value) {
        if (value != null && value.length() != 1) {
            throw new ConfigException("format." + key + " must be exactly one character, got '" + value + "'");
        }
    }

    /** The CSV format this describes, with DMS defaults for what is not set. */
    public CsvFormat toCsvFormat() {
        CsvFormat defaults = CsvFormat.DMS_DEFAULT;
        return new CsvFormat(header != null ? header : defaults.header(),
                delimiter != null ? delimiter.charAt(0) : defaults.delimiter(),
                quote != null ? quote.charAt(0) : defaults.quote(),
                nullString != null ? nullString : defaults.nullString(),
                compression != null ? compression : defaults.compression(),
                fields != null ? fields : List.of(),
                maxFieldBytes != null ? maxFieldBytes : defaults.maxFieldBytes());
    }
}
