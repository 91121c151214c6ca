package dev.lakeload.core.infer;

import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.LoadMode;
import java.util.List;
import java.util.Objects;

/**
 * What {@link TableInference} suggests for one DMS table folder: a suggestion to review, never applied to a table
 * by itself. Immutable.
 *
 * @param folder the folder's key, ending in '/' (the table's {@code from:})
 * @param header whether the files start with a header record (DMS {@code AddColumnName=true})
 * @param fields the data fields of each record in file order, without {@code Op}
 * @param columns the columns to declare, with suggested types: every field, or for a MongoDB collection only
 *     {@code _id} (flattening makes the rest)
 * @param mode {@code cdc} when change files carry {@code Op} and a key was found, else {@code append}
 * @param primaryKey the key {@code cdc} merges on; empty for {@code append}
 * @param includeOpForFullLoad whether full-load files start with {@code Op} too (DMS {@code IncludeOpForFullLoad})
 * @param flattenColumn the JSON document column of a MongoDB collection ({@code _doc}), or null
 * @param include glob patterns of the files to load, empty for all (set when change files cannot load with the
 *     full-load files)
 * @param exclude the files under the folder that are neither full-load nor change files, by key relative to it
 * @param sampled the keys of the files read
 * @param sampledRows how many rows were read from them
 * @param notes why each choice was made, one sentence each, for the manifest's comments
 */
public record InferredTable(String folder, boolean header, List<String> fields, List<ColumnSpec> columns,
                            LoadMode mode, List<String> primaryKey, boolean includeOpForFullLoad,
                            String flattenColumn, List<String> include, List<String> exclude, List<String> sampled, long sampledRows,
                            List<String> notes) {
    public InferredTable {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(mode, "mode");
        fields = List.copyOf(fields);
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        sampled = List.copyOf(sampled);
        notes = List.copyOf(notes);
    }

    /** Whether the declared columns name every field, so {@code format.fields} is not needed. */
    public boolean columnsNameFields() {
        return columns.stream().map(ColumnSpec::name).toList().equals(fields);
    }
}
