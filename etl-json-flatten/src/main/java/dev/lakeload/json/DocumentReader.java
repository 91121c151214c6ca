package dev.lakeload.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;

/**
 * Streams one JSON document into a {@link ParsedDocument}: a leaf per value, on the {@link PathNode} of its path.
 * No tree is built, except of the small Extended JSON wrappers ({@link ExtendedJson}). Not thread-safe; one per
 * flattener.
 */
final class DocumentReader {
    /**
     * Shared by every reader: the factory is thread-safe and recycles its buffers. Non-numeric numbers are on for
     * the NaN and Infinity some writers emit; the lower-case legacy forms go through {@link LegacyNumbers}.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final String REDACTED_SOURCE =
            "Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";

    private final int maxDepth;
    private final ArrayMode arrays;
    private final ParsedDocument document = new ParsedDocument();
    private final StringBuilder json = new StringBuilder(256);

    DocumentReader(FlattenOptions options) {
        this.maxDepth = options.maxDepth();
        this.arrays = options.arrays();
    }

    /** What the last successful {@link #read} found. */
    ParsedDocument document() {
        return document;
    }

    /**
     * Reads {@code text}, a document whose paths hang below {@code root}.
     *
     * @return null when the document was read, else why not, in words for the rejects table
     */
    String read(String text, PathNode root) {
        try {
            return parse(text, root);
        } catch (IOException first) {
            LegacyNumbers.Rewrite rewrite = LegacyNumbers.rewrite(text);
            if (rewrite == null) {
                return malformed(first, offset(first));
            }
            try {
                return parse(rewrite.text(), root);
            } catch (IOException second) {
                return malformed(second, rewrite.originalOffset(offset(second)));
            }
        }
    }

    private static long offset(IOException e) {
        return e instanceof JacksonException j && j.getLocation() != null ? j.getLocation().getCharOffset() : -1;
    }

    private static String malformed(IOException e, long offset) {
        String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        // Jackson leaves the document out of its locations (it may be large or sensitive) but says so at length.
        return "malformed JSON at offset " + offset + ": " + message.replace(REDACTED_SOURCE, "");
    }

    private String parse(String text, PathNode root) throws IOException {
        document.clear();
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return "no document";
            }
            if (first != JsonToken.START_OBJECT) {
                return "not a JSON object: the document is " + describe(first);
            }
            int record = document.addRecord(root, 0);
            parser.nextToken();
            readFields(parser, root, 0, record);
            if (parser.nextToken() != null) {
                return "malformed JSON at offset " + parser.currentTokenLocation().getCharOffset()
                        + ": more JSON after the end of the document";
            }
            return null;
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "null";
        };
    }

    /** Reads an object's fields, from the current token (a field name, or the object's end) to the object's end. */
    private void readFields(JsonParser parser, PathNode node, int depth, int record) throws IOException {
        for (JsonToken t = parser.currentToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            PathNode child = node.child(parser.currentName());
            readValue(parser, parser.nextToken(), child, depth + 1, record);
        }
    }

    /**
     * Reads the value starting at {@code t} at {@code node}, whose path has {@code depth} keys below its root.
     */
    private void readValue(JsonParser parser, JsonToken t, PathNode node, int depth, int record)
            throws IOException {
        switch (t) {
            case START_OBJECT -> {
                if (parser.nextToken() == JsonToken.END_OBJECT) {
                    return; // {} has no key, so no column
                }
                if (ExtendedJson.isWrapperKey(parser.currentName())) {
                    document.addLeaf(record, node, ExtendedJson.read(parser));
                } else if (depth >= maxDepth) {
                    json.setLength(0);
                    copyFields(parser, json);
                    addJson(record, node);
                } else {
                    readFields(parser, node, depth, record);
                }
            }
            case START_ARRAY -> {
                // Arrays inside an element of an array stay jsonb: child tables do not nest.
                if (arrays == ArrayMode.TABLE && record == 0) {
                    readElements(parser, node.elements());
                } else {
                    json.setLength(0);
                    copyArray(parser, json);
                    addJson(record, node);
                }
            }
            case VALUE_STRING -> document.addLeaf(record, node, PgType.TEXT, parser.getText(), null);
            case VALUE_NUMBER_INT -> document.addLeaf(record, node,
                    parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? PgType.NUMERIC : PgType.BIGINT,
                    parser.getText(), null);
            case VALUE_NUMBER_FLOAT -> document.addLeaf(record, node, PgType.DOUBLE,
                    parser.isNaN() ? JsonText.nonFinite(parser.getDoubleValue()) : parser.getText(), null);
            case VALUE_TRUE -> document.addLeaf(record, node, PgType.BOOLEAN, "true", null);
            case VALUE_FALSE -> document.addLeaf(record, node, PgType.BOOLEAN, "false", null);
            default -> document.addLeaf(record, node, PgType.NONE, null, null);
        }
    }

    private void addJson(int record, PathNode node) {
        String text = json.toString();
        document.addLeaf(record, node, PgType.JSONB, text, text);
    }

    /** Reads each element of an array (current token: its start) as a record of the child relation. */
    private void readElements(JsonParser parser, PathNode elements) throws IOException {
        int index = 0;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            int record = document.addRecord(elements, index++);
            readValue(parser, t, elements, 0, record);
        }
    }

    /**
     * Appends the value starting at {@code t} as JSON, with Extended JSON wrappers in their natural form (see
     * {@link ExtendedJson}) and NaN and the infinities as strings, since jsonb has no such numbers.
     */
    private static void copy(JsonParser parser, JsonToken t, StringBuilder out) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                if (parser.nextToken() == JsonToken.END_OBJECT) {
                    out.append("{}");
                } else if (ExtendedJson.isWrapperKey(parser.currentName())) {
                    out.append(ExtendedJson.read(parser).json());
                } else {
                    copyFields(parser, out);
                }
            }
            case START_ARRAY -> copyArray(parser, out);
            case VALUE_STRING -> JsonText.quote(parser.getText(), out);
            case VALUE_NUMBER_FLOAT -> out.append(parser.isNaN()
                    ? JsonText.quote(JsonText.nonFinite(parser.getDoubleValue())) : parser.getText());
            default -> out.append(parser.getText());
        }
    }

    /** Appends an object from its current field name to its end. */
    private static void copyFields(JsonParser parser, StringBuilder out) throws IOException {
        out.append('{');
        boolean first = true;
        for (JsonToken t = parser.currentToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.quote(parser.currentName(), out);
            out.append(':');
            copy(parser, parser.nextToken(), out);
        }
        out.append('}');
    }

    /** Appends an array from its start (the current token) to its end. */
    private static void copyArray(JsonParser parser, StringBuilder out) throws IOException {
        out.append('[');
        boolean first = true;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            copy(parser, t, out);
        }
        out.append(']');
    }
}
