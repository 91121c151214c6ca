package dev.lakeload.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lakeload.json.MiniJson.Num;
import dev.lakeload.json.MiniJson.Obj;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes MongoDB Extended JSON wrappers ({@code {"$date": ...}}, {@code {"$oid": ...}}, ...) in all three dialects
 * libbson writes: legacy, relaxed v2 and canonical v2. Stateless and thread-safe.
 *
 * <p>A wrapper with the right keys but a payload that cannot be read ({@code {"$date": "soon"}}) keeps the type its
 * key asks for and passes its own JSON text on, so PostgreSQL's cast in the promoter sends the row to the rejects
 * table with that text. An object whose keys start with {@code $} but match no wrapper stays a {@code jsonb} value.
 */
final class ExtendedJson {
    /** Every key that can belong to a wrapper; an object whose first key is one of these is read as a wrapper. */
    private static final Set<String> KEYS = Set.of("$oid", "$date", "$numberInt", "$numberLong", "$numberDouble",
            "$numberDecimal", "$binary", "$type", "$uuid", "$regex", "$options", "$regularExpression", "$timestamp",
            "$minKey", "$maxKey", "$undefined", "$symbol", "$code", "$scope", "$dbPointer", "$ref", "$id", "$db");
    private static final int UUID_SUBTYPE = 4;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private ExtendedJson() {
    }

    static boolean isWrapperKey(String key) {
        return key.length() > 1 && key.charAt(0) == '$' && KEYS.contains(key);
    }

    /** Reads a wrapper from its first field name (the current token) to its end, and decodes it. */
    static Scalar read(JsonParser parser) throws IOException {
        String key = parser.currentName();
        Object value = MiniJson.read(parser, parser.nextToken());
        // Most wrappers have one key ({"$oid": ...}, {"$date": ...}): decoded without building an object.
        if (parser.nextToken() == JsonToken.END_OBJECT) {
            return decodeSingle(key, value);
        }
        Obj wrapper = Obj.of(key, value);
        MiniJson.readFields(parser, wrapper);
        return decode(wrapper);
    }

    /** Decodes a wrapper object (its first key satisfies {@link #isWrapperKey}). */
    static Scalar decode(Obj wrapper) {
        if (wrapper.size() == 1) {
            return decodeSingle(wrapper.key(0), wrapper.value(0));
        }
        if (wrapper.hasOnly("$binary", "$type")) {
            // Legacy libbson: { "$binary" : "<base64>", "$type" : "<two hex digits>" }.
            return orMalformed(binary(wrapper.get("$binary"), wrapper.get("$type")), PgType.BYTEA, wrapper);
        }
        if (wrapper.hasOnly("$regex", "$options")) {
            return orMalformed(regex(wrapper.get("$regex"), wrapper.get("$options")), PgType.TEXT, wrapper);
        }
        if (wrapper.hasOnly("$code", "$scope")) {
            boolean valid = wrapper.get("$code") instanceof String && wrapper.get("$scope") instanceof Obj;
            return valid ? jsonb(natural(wrapper)) : malformed(PgType.JSONB, wrapper);
        }
        // A DBRef ({"$ref": ..., "$id": ..., "$db": ..., extra fields}) is an ordinary document by convention, and
        // legacy libbson writes a DBPointer the same way; both stay whole, as jsonb, like any other $ object.
        return jsonb(natural(wrapper));
    }

    private static Scalar decodeSingle(String key, Object value) {
        Scalar decoded = switch (key) {
            case "$oid", "$symbol" -> value instanceof String s ? text(s) : null;
            case "$code" -> value instanceof String s ? new Scalar(PgType.TEXT, s, raw(Obj.of(key, value))) : null;
            case "$date" -> date(value);
            case "$numberInt", "$numberLong" -> {
                String digits = numberText(value);
                yield digits == null ? null : new Scalar(PgType.BIGINT, digits, null);
            }
            case "$numberDouble" -> special(PgType.DOUBLE, value);
            case "$numberDecimal" -> decimal(value);
            case "$binary" -> value instanceof Obj v2 ? binary(v2.get("base64"), v2.get("subType")) : null;
            case "$uuid" -> uuid(value);
            case "$regularExpression" -> value instanceof Obj v2 ? regex(v2.get("pattern"), v2.get("options")) : null;
            case "$regex" -> regex(value, "");
            case "$timestamp" -> timestamp(value);
            case "$minKey" -> jsonb("{\"$minKey\":1}");
            case "$maxKey" -> jsonb("{\"$maxKey\":1}");
            case "$undefined" -> Scalar.NULL;
            case "$dbPointer" -> dbPointer(value);
            default -> jsonb(natural(Obj.of(key, value)));
        };
        return decoded != null ? decoded : malformed(claimedType(key), Obj.of(key, value));
    }

    /** The type a single-key wrapper asks for, for one whose payload cannot be read. */
    private static PgType claimedType(String key) {
        return switch (key) {
            case "$date" -> PgType.TIMESTAMPTZ;
            case "$numberInt", "$numberLong", "$timestamp" -> PgType.BIGINT;
            case "$numberDouble" -> PgType.DOUBLE;
            case "$numberDecimal" -> PgType.NUMERIC;
            case "$binary" -> PgType.BYTEA;
            case "$uuid" -> PgType.UUID;
            case "$dbPointer" -> PgType.JSONB;
            default -> PgType.TEXT;
        };
    }

    private static Scalar orMalformed(Scalar decoded, PgType type, Obj wrapper) {
        return decoded != null ? decoded : malformed(type, wrapper);
    }

    private static Scalar text(String value) {
        return new Scalar(PgType.TEXT, value, null);
    }

    private static Scalar jsonb(String json) {
        return new Scalar(PgType.JSONB, json, json);
    }

    /** The wrapper's own JSON under the type it asks for; see the class comment. */
    private static Scalar malformed(PgType type, Obj wrapper) {
        String json = raw(wrapper);
        // bytea would read plain text as escape-format bytes and load it; "\x{" is never valid hex, so it fails.
        return new Scalar(type, type == PgType.BYTEA ? "\\x" + json : json, json);
    }

    private static String raw(Obj object) {
        StringBuilder out = new StringBuilder();
        MiniJson.writeFields(object, false, out);
        return out.toString();
    }

    private static String natural(Obj object) {
        StringBuilder out = new StringBuilder();
        MiniJson.writeFields(object, true, out);
        return out.toString();
    }

    /** A number given as a string (canonical) or as a JSON number (some legacy writers). */
    private static String numberText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return value instanceof Num n ? n.text() : null;
    }

    private static Scalar special(PgType type, Object value) {
        String number = numberText(value);
        return number == null ? null : new Scalar(type, JsonText.specialNumber(number), null);
    }

    /**
     * A decimal128 as {@link BsonDecimals#numeric} writes it; null when the string is no decimal128 (like
     * {@code 1E-6177}, which numeric alone would take), so that the wrapper goes on for the cast to reject.
     */
    private static Scalar decimal(Object value) {
        String number = numberText(value);
        String text = number == null ? null : BsonDecimals.numeric(number);
        return text == null ? null : new Scalar(PgType.NUMERIC, text, null);
    }

    /**
     * Legacy {@code {"$date": <millis>}}, relaxed {@code {"$date": "<RFC 3339>"}} and canonical
     * {@code {"$date": {"$numberLong": "<millis>"}}}.
     */
    private static Scalar date(Object value) {
        Instant instant = null;
        if (value instanceof Num n && n.finite()) {
            instant = millis(n.text());
        } else if (value instanceof String s) {
            instant = BsonDates.parse(s);
        } else if (value instanceof Obj canonical && canonical.size() == 1
                && canonical.get("$numberLong") instanceof String millis) {
            instant = millis(millis);
        }
        return instant == null ? null : new Scalar(PgType.TIMESTAMPTZ, BsonDates.format(instant), null);
    }

    private static Instant millis(String text) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(text));
        } catch (NumberFormatException notLong) {
            try {
                // Some legacy writers use 1.356351330501E12 for whole milliseconds.
                return Instant.ofEpochMilli(new BigDecimal(text).longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                return null; // not whole milliseconds in range: the caller passes the wrapper on as malformed
            }
        }
    }

    private static Scalar binary(Object base64, Object subType) {
        int subtype = subtype(subType);
        if (!(base64 instanceof String text) || subtype < 0) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null; // not base64: the caller passes the wrapper on as malformed
        }
        if (subtype == UUID_SUBTYPE && bytes.length == 16) {
            return new Scalar(PgType.UUID, uuid(bytes), null);
        }
        // Subtype 3 (legacy UUID) is not a uuid: its byte order depends on the driver that wrote it.
        StringBuilder hex = new StringBuilder(2 + bytes.length * 2).append("\\x");
        JsonText.hex(bytes, hex);
        StringBuilder json = new StringBuilder("{\"$binary\":{\"base64\":\"")
                .append(Base64.getEncoder().encodeToString(bytes)).append("\",\"subType\":\"");
        JsonText.hex(new byte[] {(byte) subtype}, json);
        return new Scalar(PgType.BYTEA, hex.toString(), json.append("\"}}").toString());
    }

    /** A binary subtype: one or two hex digits as a string (v2 and libbson legacy) or a number; -1 when invalid. */
    private static int subtype(Object value) {
        if (value instanceof String s && !s.isEmpty() && s.length() <= 2) {
            int high = s.length() == 2 ? Character.digit(s.charAt(0), 16) : 0;
            int low = Character.digit(s.charAt(s.length() - 1), 16);
            return high < 0 || low < 0 ? -1 : high * 16 + low;
        }
        if (value instanceof Num n && n.integral() && n.text().length() <= 3) {
            int number = Integer.parseInt(n.text());
            return number >= 0 && number <= 255 ? number : -1;
        }
        return -1;
    }

    private static String uuid(byte[] bytes) {
        StringBuilder hex = new StringBuilder(36);
        JsonText.hex(bytes, hex);
        return hex.insert(20, '-').insert(16, '-').insert(12, '-').insert(8, '-').toString();
    }

    private static Scalar uuid(Object value) {
        if (value instanceof String s && s.length() == 36) {
            boolean valid = true;
            for (int i = 0; i < 36 && valid; i++) {
                char c = s.charAt(i);
                valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0;
            }
            if (valid) {
                return new Scalar(PgType.UUID, s.toLowerCase(Locale.ROOT), null);
            }
        }
        return null;
    }

    /** A regular expression as text {@code /pattern/options}, options sorted as the v2 spec requires. */
    private static Scalar regex(Object pattern, Object options) {
        if (!(pattern instanceof String p) || !(options instanceof String o)) {
            return null;
        }
        char[] sorted = o.toCharArray();
        Arrays.sort(sorted);
        String flags = new String(sorted);
        StringBuilder json = new StringBuilder("{\"$regularExpression\":{\"pattern\":");
        JsonText.quote(p, json);
        json.append(",\"options\":");
        JsonText.quote(flags, json);
        return new Scalar(PgType.TEXT, "/" + p + "/" + flags, json.append("}}").toString());
    }

    /**
     * A BSON timestamp as the unsigned 64-bit number BSON stores ({@code t * 2^32 + i}), so that it sorts as MongoDB
     * sorts it: bigint, or numeric once {@code t} reaches 2^31.
     */
    private static Scalar timestamp(Object value) {
        if (value instanceof Obj fields && fields.size() == 2) {
            long t = uint32(fields.get("t"));
            long i = uint32(fields.get("i"));
            if (t >= 0 && i >= 0) {
                long combined = (t << 32) | i;
                String json = "{\"$timestamp\":{\"t\":" + t + ",\"i\":" + i + "}}";
                return combined >= 0 ? new Scalar(PgType.BIGINT, Long.toString(combined), json)
                        : new Scalar(PgType.NUMERIC, Long.toUnsignedString(combined), json);
            }
        }
        return null;
    }

    private static long uint32(Object value) {
        if (value instanceof Num n && n.integral() && n.text().length() <= 10 && !n.text().startsWith("-")) {
            long number = Long.parseLong(n.text());
            return number <= UINT32_MAX ? number : -1;
        }
        return -1;
    }

    /** Canonical {@code {"$dbPointer": {"$ref": ns, "$id": {"$oid": hex}}}} becomes the legacy DBRef form. */
    private static Scalar dbPointer(Object value) {
        if (value instanceof Obj pointer && pointer.get("$ref") instanceof String ns
                && pointer.get("$id") instanceof Obj id && id.get("$oid") instanceof String oid) {
            StringBuilder json = new StringBuilder("{\"$ref\":");
            JsonText.quote(ns, json);
            json.append(",\"$id\":");
            JsonText.quote(oid, json);
            return jsonb(json.append('}').toString());
        }
        return null;
    }
}
