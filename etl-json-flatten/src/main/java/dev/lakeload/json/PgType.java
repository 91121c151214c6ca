package dev.lakeload.json;

/**
 * The PostgreSQL type inferred for the values of one JSON path, and how two types widen into one.
 *
 * <p>Widening only ever moves to a type whose input syntax accepts the text already emitted for the narrower type
 * ({@code 5} is valid {@code double precision}, {@code numeric} and {@code text}), because rows emitted before the
 * widening keep their text. The one exception is {@link #JSONB}: see {@link #join(PgType)}.
 */
enum PgType {
    /** Only nulls (or {@code $undefined}) seen: no opinion yet; the column's type hint is null. */
    NONE(null),
    BOOLEAN("boolean"),
    BIGINT("bigint"),
    DOUBLE("double precision"),
    NUMERIC("numeric"),
    TIMESTAMPTZ("timestamptz"),
    UUID("uuid"),
    BYTEA("bytea"),
    TEXT("text"),
    JSONB("jsonb");

    /** The PostgreSQL type name, null for {@link #NONE}. */
    final String sql;

    PgType(String sql) {
        this.sql = sql;
    }

    /**
     * The narrowest type holding values of both: numbers widen along bigint, double precision, numeric (numeric
     * once a {@code $numberDecimal} or an integer beyond 64 bits is involved); objects and arrays with anything
     * give {@code jsonb}; any other mix gives {@code text}. A uuid and a binary give text, not bytea: the uuid text
     * already emitted would be read by bytea as 36 bytes of ASCII.
     *
     * <p>For {@code jsonb} the earlier scalar text is not always JSON ({@code abc} is not): the promoter wraps a
     * staged value of a jsonb column that is not valid JSON with {@code to_jsonb(text)}.
     */
    PgType join(PgType other) {
        if (this == other || other == NONE) {
            return this;
        }
        if (this == NONE) {
            return other;
        }
        if (this == JSONB || other == JSONB) {
            return JSONB;
        }
        if (isNumber() && other.isNumber()) {
            return this == NUMERIC || other == NUMERIC ? NUMERIC : DOUBLE;
        }
        return TEXT;
    }

    private boolean isNumber() {
        return this == BIGINT || this == DOUBLE || this == NUMERIC;
    }

    /** The JSON form of a value of this type given as its PostgreSQL text, for a value landing in a jsonb column. */
    String toJson(String text) {
        return switch (this) {
            case NONE -> "null";
            case BOOLEAN, JSONB -> text;
            case BIGINT, DOUBLE, NUMERIC -> JsonText.isNumber(text) ? text : JsonText.quote(text);
            default -> JsonText.quote(text);
        };
    }
}
