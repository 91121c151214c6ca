package dev.lakeload.core.format;

import dev.lakeload.core.config.SchemaEvolution;
import dev.lakeload.core.source.Compression;
import java.util.List;

/**
 * How a table's files are written: the seam between a file's bytes and rows. The pipeline takes each file's bytes
 * out of their {@link #compression()} and hands them to the {@link RowReader} this format makes; it assumes nothing
 * else about them, not even that they are text. {@link dev.lakeload.core.config.CsvFormat} is the first format; a
 * manifest chooses one by {@code format.type}. To add one, implement this interface and register it where the
 * manifest's {@code format.type} is read (the README's "Adding a file format" shows both).
 *
 * <p>Implementations are immutable values that cannot be built invalid ({@link dev.lakeload.core.ConfigException}
 * names the key), and thread-safe.
 */
public interface FileFormat {
    /** How the files are compressed around the format's own bytes; {@link Compression#AUTO} decides by suffix. */
    Compression compression();

    /**
     * Whether every file names its fields itself (a CSV header; a self-describing format always does). Otherwise
     * the fields are named by {@link #fields()} or the table's declared columns, in order.
     */
    boolean namesFields();

    /** The names of the fields of files that do not name them, or empty to use the table's declared columns. */
    List<String> fields();

    /**
     * A reader for the files of one table load; the schema it makes is shared by the rows of a file.
     *
     * @param fieldNames the names of the fields of files that do not name them
     *     ({@link dev.lakeload.core.config.TableSpec#fieldNames()}); ignored when {@link #namesFields()}
     */
    RowReader reader(List<String> fieldNames);

    /**
     * A reader as {@link #reader(List)} makes, for a table with the given {@code schemaEvolution} policy: a format
     * whose files do not name their fields may then take records with more or fewer fields (see
     * {@link SchemaEvolution}). By default the policy changes nothing.
     */
    default RowReader reader(List<String> fieldNames, SchemaEvolution schemaEvolution) {
        return reader(fieldNames);
    }
}
