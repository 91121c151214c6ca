package dev.lakeload.postgres;

/**
 * A column of an existing target table, as the catalog describes it.
 *
 * @param name the column name
 * @param type its type as {@code format_type} prints it, with its modifier ({@code character varying(5)}); safe to
 *     put into SQL text
 * @param castType what staged text is cast to before the insert applies the column's modifier and domain: the
 *     type, or for a domain its base type, without modifier ({@code character varying}, {@code "bit"}, {@code
 *     bpchar}); safe to put into SQL text
 * @param typeOid the type's OID
 * @param typeModifier the column's type modifier ({@code atttypmod}, -1 for none)
 * @param notNull whether it is declared NOT NULL
 */
record TargetColumn(String name, String type, String castType, long typeOid, int typeModifier, boolean notNull) {
    /** True when any text converts to this type, so casting needs no check. */
    boolean acceptsAnyText() {
        return type.equals("text") || type.equals("character varying");
    }
}
