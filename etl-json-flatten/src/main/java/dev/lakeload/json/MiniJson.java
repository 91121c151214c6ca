package dev.lakeload.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny in-memory form of one Extended JSON wrapper object ({@code {"$binary": {...}, "$type": "00"}}): wrappers
 * are small, and their keys may come in any order, so they are read whole before being decoded. Everything else is
 * streamed. Values are {@link String}, {@link Boolean}, {@link Num}, {@link #NULL}, {@link Obj} or a {@link List}.
 */
final class MiniJson {
    /** JSON null. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private MiniJson() {
    }

    /**
     * A JSON number.
     *
     * @param text the number as written, or PostgreSQL's spelling of NaN and the infinities
     * @param integral whether it was written as an integer
     * @param finite false for NaN and the infinities (legacy libbson writes them bare)
     */
    record Num(String text, boolean integral, boolean finite) {
    }

    /** A JSON object: keys in document order, duplicates kept. */
    static final class Obj {
        private final List<String> keys = new ArrayList<>(2);
        private final List<Object> values = new ArrayList<>(2);

        /** An object of one field. */
        static Obj of(String key, Object value) {
            Obj object = new Obj();
            object.keys.add(key);
            object.values.add(value);
            return object;
        }

        int size() {
            return keys.size();
        }

        String key(int i) {
            return keys.get(i);
        }

        Object value(int i) {
            return values.get(i);
        }

        /** The value of the last field named {@code key}, or null when there is none. */
        Object get(String key) {
            int i = keys.lastIndexOf(key);
            return i < 0 ? null : values.get(i);
        }

        boolean has(String key) {
            return keys.contains(key);
        }

        /** Whether the keys are exactly these, in any order. */
        boolean hasOnly(String first, String second) {
            return keys.size() == 2 && has(first) && has(second);
        }
    }

    /** Reads the fields of an object into {@code object}, from the current {@code FIELD_NAME} to the object's end. */
    static void readFields(JsonParser parser, Obj object) throws IOException {
        for (JsonToken t = parser.currentToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            object.keys.add(parser.currentName());
            object.values.add(read(parser, parser.nextToken()));
        }
    }

    /** Reads the value starting at token {@code t}. */
    static Object read(JsonParser parser, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Obj object = new Obj();
                parser.nextToken();
                readFields(parser, object);
                yield object;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                    list.add(read(parser, e));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> new Num(parser.getText(), true, true);
            case VALUE_NUMBER_FLOAT -> parser.isNaN()
                    ? new Num(JsonText.nonFinite(parser.getDoubleValue()), false, false)
                    : new Num(parser.getText(), false, true);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> NULL;
        };
    }

    /**
     * Appends {@code value} as JSON. When {@code natural}, wrappers nested in it are written in their natural JSON
     * form ({@link ExtendedJson#decode}); otherwise everything is written as it was read.
     */
    static void write(Object value, boolean natural, StringBuilder out) {
        if (value instanceof Obj object) {
            if (natural && object.size() > 0 && ExtendedJson.isWrapperKey(object.key(0))) {
                out.append(ExtendedJson.decode(object).json());
            } else {
                writeFields(object, natural, out);
            }
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), natural, out);
            }
            out.append(']');
        } else if (value instanceof String string) {
            JsonText.quote(string, out);
        } else if (value instanceof Num number) {
            out.append(number.finite() ? number.text() : JsonText.quote(number.text()));
        } else {
            out.append(value);
        }
    }

    /** Appends {@code object} as a JSON object, without decoding the object itself as a wrapper. */
    static void writeFields(Obj object, boolean natural, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < object.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.quote(object.key(i), out);
            out.append(':');
            write(object.value(i), natural, out);
        }
        out.append('}');
    }
}
