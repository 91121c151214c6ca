package dev.lakeload.json;

/**
 * One decoded JSON value on its way to a column.
 *
 * @param type the type it asks for
 * @param text what PostgreSQL should parse for that type, or null for SQL NULL
 * @param jsonForm its JSON text for a jsonb column, or null when {@link PgType#toJson} derives it from the text
 */
record Scalar(PgType type, String text, String jsonForm) {
    static final Scalar NULL = new Scalar(PgType.NONE, null, null);

    /** The value as JSON, for a jsonb column or inside a jsonb value. */
    String json() {
        return jsonForm != null ? jsonForm : type.toJson(text);
    }
}
