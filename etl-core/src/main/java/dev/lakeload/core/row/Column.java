package dev.lakeload.core.row;

import java.util.Objects;

/**
 * One column of a row stream.
 *
 * @param name the column name in the target table (a valid PostgreSQL identifier is not required here; it is
 *     quoted wherever it is used)
 * @param typeHint the PostgreSQL type the producer of the column believes fits its values (for example
 *     {@code timestamptz} for a MongoDB {@code $date}), or null when it has no opinion. Declared column types and
 *     existing table columns always win over a hint. A producer that hints {@code jsonb} or {@code json} writes JSON
 *     text in the column (a value of another type takes another hint).
 * @param sourcePath where the column comes from when a transformer derived it (for example the JSON path
 *     {@code owner.address.city}), or null for a column read as it is
 */
public record Column(String name, String typeHint, String sourcePath) {
    public Column {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a column name cannot be empty");
        }
    }

    public static Column named(String name) {
        return new Column(name, null, null);
    }
}
