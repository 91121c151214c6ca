package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.FileFormat;
import dev.lakeload.core.source.Compression;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code format:} of a table. Every key is optional; the defaults are what AWS DMS writes with its defaults.
 *
 * @param type the file format, one of {@link #TYPES} ({@code csv} by default)
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
    /**
     * The file formats a manifest names by {@code format.type}, each with how it is built from these keys. A new
     * format is registered here: its name, and a method that builds it from the keys that apply to it.
     */
    private static final Map<String, Function<FormatConfig, FileFormat>> TYPES = Map.of("csv",
            FormatConfig::toCsvFormat);

    public FormatConfig {
        if (type != null && !TYPES.containsKey(type)) {
            throw new ConfigException("format.type '" + type + "' is not supported; use one of: "
                    + String.join(", ", TYPES.keySet().stream().sorted().toList()));
        }
        oneCharacter("delimiter", delimiter);
        oneCharacter("quote", quote);
    }

    private static void oneCharacter(String key, String value) {
        if (value != null && value.length() != 1) {
            throw new ConfigException("format." + key + " must be exactly one character, got '" + value + "'");
        }
    }

    /** The file format this describes, with its defaults for what is not set. */
    public FileFormat toFileFormat() {
        return TYPES.get(type == null ? "csv" : type).apply(this);
    }

    /** The CSV format this describes, with DMS defaults for what is not set. */
    private CsvFormat toCsvFormat() {
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
