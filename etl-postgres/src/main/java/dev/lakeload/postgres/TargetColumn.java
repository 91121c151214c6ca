package dev.lakeload.postgres;

/**
 * A column of an existing target table, as the catalog describes it.
 *
 * @param name the column name
 * @param type its type as {@code format_type} prints it (safe to put into SQL text)
 * @param notNull whether it is declared NOT NULL
 */
record TargetColumn(String name, String type, boolean notNull) {
    /** True when any text converts to this type, so casting needs no check. */
    boolean acceptsAnyText() {
        return type.equals("text") || type.equals("character varying");
    }
}
