package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a load does with a column that the files bring and the table lacks: a header name that is not a column of
 * the table, or, without a header, a column declared at the end of {@code columns} that the table does not have
 * yet. Every change made to a table is reported and recorded in {@code lakeload.schema_changes}.
 */
public enum SchemaEvolution {
    /** The table fails, naming the column and the closest existing one; nothing is loaded. */
    FAIL("fail"),
    /**
     * The column is added to the table, nullable, with its declared type or {@code text}; rows of files without it
     * have NULL there (without a header, records with fewer fields than the declared columns load the missing
     * trailing ones as NULL).
     */
    ADD_COLUMNS("addColumns"),
    /** The column's values are left out, with a note in the summary; the table does not change. */
    IGNORE("ignore");

    private final String label;

    SchemaEvolution(String label) {
        this.label = label;
    }

    /** The name the manifest uses, such as {@code addColumns}. */
    public String label() {
        return label;
    }

    /** The policy a manifest names, in any case. */
    public static SchemaEvolution of(String label) {
        return Arrays.stream(values()).filter(v -> v.label.toLowerCase(Locale.ROOT)
                .equals(label.toLowerCase(Locale.ROOT).replace("_", ""))).findFirst()
                .orElseThrow(() -> new ConfigException("schemaEvolution '" + label + "' is not one of "
                        + Arrays.stream(values()).map(SchemaEvolution::label).collect(Collectors.joining(", "))));
    }
}
