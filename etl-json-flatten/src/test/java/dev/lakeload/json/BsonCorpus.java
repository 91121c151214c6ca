package dev.lakeload.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Test data written from the BSON corpus of the MongoDB specifications ({@code source/bson-corpus/tests}): for every
 * valid case of the files that concern JSON documents, the document in each form the corpus gives (canonical,
 * relaxed, degenerate, converted) plus the legacy form libbson writes for AWS DMS, and the columns the flattener must
 * make of all of them; and every parse error that concerns Extended JSON text, with what becomes of it. The
 * corpus's {@code decodeErrors} are malformed BSON bytes, which never reach a JSON reader, so they have no case here.
 *
 * <p>Written from what the vectors specify, not copied: documents use {@code '} for {@code "} (see {@link #q}), the
 * legacy forms follow libbson's legacy mode ({@code { "$date" : 1356351330501 }}, doubles as {@code %.20g} with
 * {@code .0} added to integers, bare {@code nan} and {@code inf}), and each expected value is worked out from the
 * spec (dates from their milliseconds, bytea from the base64 bytes, timestamps as {@code t * 2^32 + i}, regular
 * expression options sorted). Decimal128 cases come from {@link BsonCorpusDecimals}.
 */
final class BsonCorpus {
    static final String TEXT = "text";
    static final String BIGINT = "bigint";
    static final String DOUBLE = "double precision";
    static final String NUMERIC = "numeric";
    static final String TIMESTAMPTZ = "timestamptz";
    static final String UUID = "uuid";
    static final String BYTEA = "bytea";
    static final String JSONB = "jsonb";
    static final String BOOLEAN = "boolean";
    /** The type hint of a column that only ever held NULL. */
    static final String NONE = null;

    /** The corpus file of the cases added here, beyond the corpus. */
    static final String EXTRA = "extra";

    private static final String UUID_BASE64 = "c//SZESzTGmQ6OfR38A11A==";
    private static final String UUID_HEX = "\\x73ffd26444b34c6990e8e7d1dfc035d4";
    private static final String UUID_TEXT = "73ffd264-44b3-4c69-90e8-e7d1dfc035d4";

    private BsonCorpus() {
    }

    /** How a document is written. */
    enum Form {
        /** {@code canonical_extjson}: canonical Extended JSON v2. */
        CANONICAL,
        /** {@code relaxed_extjson}: relaxed Extended JSON v2. */
        RELAXED,
        /** {@code degenerate_extjson}: not canonical, but parsers must read it. */
        DEGENERATE,
        /** {@code converted_extjson}: a deprecated type converted to its successor (symbol to string, ...). */
        CONVERTED,
        /** Not in the corpus: libbson's legacy mode, as AWS DMS writes MongoDB documents. */
        LEGACY
    }

    /** One document of a case. */
    record Input(Form form, String document) {
    }

    /**
     * A column the flattener must emit for a case.
     *
     * @param type the PostgreSQL type hint ({@link #NONE} for a column that only held NULL)
     * @param text the value text, null for SQL NULL
     */
    record Expected(String column, String path, String type, String text) {
    }

    /** A valid case of a corpus file: its documents, and the columns every one of them must give. */
    record Case(String file, String description, List<Input> inputs, List<Expected> columns) {
        @Override
        public String toString() {
            return file + " " + description;
        }

        /** The first input of a form, or null. */
        String document(Form form) {
            return inputs.stream().filter(i -> i.form() == form).map(Input::document).findFirst().orElse(null);
        }
    }

    /** What becomes of an Extended JSON parse error. */
    enum Outcome {
        /** The wrapper's JSON (or the bad string) under the type the wrapper asks for; PostgreSQL's cast rejects it. */
        CAST_REJECTS,
        /**
         * Keys that match no wrapper exactly (an extra key beside the wrapper key, ...): the object stays whole as
         * jsonb, as for any object whose first key is a wrapper key (module README).
         */
        JSONB_OBJECT,
        /**
         * Read anyway: numbers where canonical v2 wants strings (legacy writers), legacy {@code {"$date": <ms>}},
         * keys or values inside the payload that the flattener ignores, NUL in a key (a name character like any
         * other punctuation). The row loads with this value.
         */
        LENIENT,
        /**
         * The wrapper's JSON under type text ({@code $oid}, {@code $code}, {@code $regularExpression}): text takes
         * any value, so the row loads with the JSON text instead of being rejected.
         */
        TEXT_KEPT,
        /** A NUL in the value: the staging loader applies the table's {@code nulBytes} policy (reject by default). */
        NUL
    }

    /**
     * An Extended JSON parse error of a corpus file, and what the flattener makes of it. It never throws, and never
     * rejects the document itself: the JSON is well-formed.
     */
    record ParseError(String file, String description, String document, Outcome outcome, Expected column) {
        @Override
        public String toString() {
            return file + " " + description;
        }
    }

    /** {@code '} for {@code "}: JSON without the backslashes. */
    static String q(String json) {
        return json.replace('\'', '"');
    }

    /** A JSON string literal of {@code text} (only {@code "} and {@code \} escaped; no control characters). */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Every valid case of the corpus files, then the cases added beyond the corpus ({@link #EXTRA}). */
    static List<Case> valid() {
        List<Case> cases = new ArrayList<>();
        array(new CorpusFile(cases, "array.json", "a"));
        binary(new CorpusFile(cases, "binary.json", "x"));
        bool(new CorpusFile(cases, "boolean.json", "b"));
        code(new CorpusFile(cases, "code.json", "a"));
        codeWithScope(new CorpusFile(cases, "code_w_scope.json", "a"));
        datetime(new CorpusFile(cases, "datetime.json", "a"));
        dbPointer(new CorpusFile(cases, "dbpointer.json", "a"));
        dbRef(new CorpusFile(cases, "dbref.json", null));
        decimals(cases);
        document(new CorpusFile(cases, "document.json", null));
        doubles(new CorpusFile(cases, "double.json", "d"));
        int32(new CorpusFile(cases, "int32.json", "i"));
        int64(new CorpusFile(cases, "int64.json", "a"));
        new CorpusFile(cases, "maxkey.json", "a").valid("Maxkey").canonical("{'$maxKey' : 1}")
                .legacy("{ '$maxKey' : 1 }").expect(JSONB, q("{'$maxKey':1}"));
        new CorpusFile(cases, "minkey.json", "a").valid("Minkey").canonical("{'$minKey' : 1}")
                .legacy("{ '$minKey' : 1 }").expect(JSONB, q("{'$minKey':1}"));
        multiType(new CorpusFile(cases, "multi-type.json", null),
                new CorpusFile(cases, "multi-type-deprecated.json", null));
        new CorpusFile(cases, "null.json", "a").valid("Null").canonical("null").legacy("null").expect(NONE, null);
        oid(new CorpusFile(cases, "oid.json", "a"));
        regex(new CorpusFile(cases, "regex.json", "a"));
        string(new CorpusFile(cases, "string.json", "a"));
        symbol(new CorpusFile(cases, "symbol.json", "a"));
        timestamp(new CorpusFile(cases, "timestamp.json", "a"));
        top(new CorpusFile(cases, "top.json", null));
        new CorpusFile(cases, "undefined.json", "a").valid("Undefined").canonical("{'$undefined' : true}")
                .converted("null").legacy("{ '$undefined' : true }").expect(NONE, null);
        extra(new CorpusFile(cases, EXTRA, "a"));
        return cases;
    }

    private static void array(CorpusFile f) {
        f.valid("Empty").canonical("[]").legacy("[ ]").expect(JSONB, "[]");
        f.valid("Single Element Array").canonical("[{'$numberInt': '10'}]").legacy("[ 10 ]").expect(JSONB, "[10]");
        // The next three differ only in their BSON (bad or repeated array keys); the JSON is the same.
        f.valid("Single Element Array with index set incorrectly to empty string")
                .canonical("[{'$numberInt': '10'}]").legacy("[ 10 ]").expect(JSONB, "[10]");
        f.valid("Single Element Array with index set incorrectly to ab")
                .canonical("[{'$numberInt': '10'}]").legacy("[ 10 ]").expect(JSONB, "[10]");
        f.valid("Multi Element Array with duplicate indexes")
                .canonical("[{'$numberInt': '10'}, {'$numberInt': '20'}]").legacy("[ 10, 20 ]")
                .expect(JSONB, "[10,20]");
    }

    private static void binary(CorpusFile f) {
        f.valid("subtype 0x00 (Zero-length)").canonical("{ '$binary' : {'base64' : '', 'subType' : '00'}}")
                .legacy("{ '$binary' : '', '$type' : '00' }").expect(BYTEA, "\\x");
        f.valid("subtype 0x00 (Zero-length, keys reversed)")
                .canonical("{ '$binary' : {'base64' : '', 'subType' : '00'}}")
                .degenerate("{ '$binary' : {'subType' : '00', 'base64' : ''}}")
                .legacy("{ '$type' : '00', '$binary' : '' }").expect(BYTEA, "\\x");
        for (String subtype : List.of("00", "01", "02")) {
            f.valid("subtype 0x" + subtype)
                    .canonical("{ '$binary' : {'base64' : '//8=', 'subType' : '" + subtype + "'}}")
                    .legacy("{ '$binary' : '//8=', '$type' : '" + subtype + "' }").expect(BYTEA, "\\xffff");
        }
        // Subtype 3 is a UUID in a driver-specific byte order, so it stays bytes; only subtype 4 is a uuid.
        f.valid("subtype 0x03").canonical(binary(UUID_BASE64, "03")).legacy(legacyBinary(UUID_BASE64, "03"))
                .expect(BYTEA, UUID_HEX);
        f.valid("subtype 0x04").canonical(binary(UUID_BASE64, "04")).legacy(legacyBinary(UUID_BASE64, "04"))
                .expect(UUID, UUID_TEXT);
        f.valid("subtype 0x04 UUID").canonical(binary(UUID_BASE64, "04")).degenerate("{ '$uuid' : '" + UUID_TEXT + "'}")
                .legacy(legacyBinary(UUID_BASE64, "04")).expect(UUID, UUID_TEXT);
        for (String subtype : List.of("05", "07", "08")) {
            f.valid("subtype 0x" + subtype).canonical(binary(UUID_BASE64, subtype))
                    .legacy(legacyBinary(UUID_BASE64, subtype)).expect(BYTEA, UUID_HEX);
        }
        f.valid("subtype 0x80").canonical(binary("//8=", "80")).legacy(legacyBinary("//8=", "80"))
                .expect(BYTEA, "\\xffff");
        // $type alone is the query operator, not legacy binary: an ordinary object, kept whole.
        f.valid("$type query operator (conflicts with legacy $binary form with $type field) string")
                .canonical("{ '$type' : 'string'}").legacy("{ '$type' : 'string' }")
                .expect(JSONB, q("{'$type':'string'}"));
        f.valid("$type query operator (conflicts with legacy $binary form with $type field) int")
                .canonical("{ '$type' : {'$numberInt': '2'}}").legacy("{ '$type' : 2 }")
                .expect(JSONB, q("{'$type':2}"));
        // Subtype 9 (vectors): dtype byte, padding byte, then the elements.
        f.valid("subtype 0x09 Vector FLOAT32").canonical(binary("JwAAAP5CAADgQA==", "09"))
                .legacy(legacyBinary("JwAAAP5CAADgQA==", "09")).expect(BYTEA, "\\x27000000fe420000e040");
        f.valid("subtype 0x09 Vector INT8").canonical(binary("AwB/Bw==", "09"))
                .legacy(legacyBinary("AwB/Bw==", "09")).expect(BYTEA, "\\x03007f07");
        f.valid("subtype 0x09 Vector PACKED_BIT").canonical(binary("EAB/Bw==", "09"))
                .legacy(legacyBinary("EAB/Bw==", "09")).expect(BYTEA, "\\x10007f07");
        f.valid("subtype 0x09 Vector (Zero-length) FLOAT32").canonical(binary("JwA=", "09"))
                .legacy(legacyBinary("JwA=", "09")).expect(BYTEA, "\\x2700");
        f.valid("subtype 0x09 Vector (Zero-length) INT8").canonical(binary("AwA=", "09"))
                .legacy(legacyBinary("AwA=", "09")).expect(BYTEA, "\\x0300");
        f.valid("subtype 0x09 Vector (Zero-length) PACKED_BIT").canonical(binary("EAA=", "09"))
                .legacy(legacyBinary("EAA=", "09")).expect(BYTEA, "\\x1000");
    }

    private static String binary(String base64, String subtype) {
        return "{'$binary': {'base64': '" + base64 + "', 'subType': '" + subtype + "'}}";
    }

    private static String legacyBinary(String base64, String subtype) {
        return "{ '$binary' : '" + base64 + "', '$type' : '" + subtype + "' }";
    }

    private static void bool(CorpusFile f) {
        f.valid("True").canonical("true").legacy("true").expect(BOOLEAN, "true");
        f.valid("False").canonical("false").legacy("false").expect(BOOLEAN, "false");
    }

    private static void code(CorpusFile f) {
        f.valid("Empty string").canonical("{'$code' : ''}").legacy("{ '$code' : '' }").expect(TEXT, "");
        f.valid("Single character").canonical("{'$code' : 'b'}").legacy("{ '$code' : 'b' }").expect(TEXT, "b");
        f.valid("Multi-character").canonical("{'$code' : 'abababababab'}").legacy("{ '$code' : 'abababababab' }")
                .expect(TEXT, "abababababab");
        f.valid("two-byte UTF-8 (\u00e9)").canonical("{'$code' : '\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9'}")
                .legacy("{ '$code' : '\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9' }")
                .expect(TEXT, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9");
        f.valid("three-byte UTF-8 (\u2606)").canonical("{'$code' : '\\u2606\\u2606\\u2606\\u2606'}")
                .legacy("{ '$code' : '\u2606\u2606\u2606\u2606' }").expect(TEXT, "\u2606\u2606\u2606\u2606");
        f.valid("Embedded nulls").canonical("{'$code' : 'ab\\u0000bab\\u0000babab'}")
                .legacy("{ '$code' : 'ab\\u0000bab\\u0000babab' }").expect(TEXT, "ab\0bab\0babab");
    }

    private static void codeWithScope(CorpusFile f) {
        f.valid("Empty code string, empty scope").canonical("{'$code' : '', '$scope' : {}}")
                .legacy("{ '$code' : '', '$scope' : { } }").expect(JSONB, q("{'$code':'','$scope':{}}"));
        f.valid("Non-empty code string, empty scope").canonical("{'$code' : 'abcd', '$scope' : {}}")
                .legacy("{ '$code' : 'abcd', '$scope' : { } }").expect(JSONB, q("{'$code':'abcd','$scope':{}}"));
        f.valid("Empty code string, non-empty scope")
                .canonical("{'$code' : '', '$scope' : {'x' : {'$numberInt': '1'}}}")
                .legacy("{ '$code' : '', '$scope' : { 'x' : 1 } }").expect(JSONB, q("{'$code':'','$scope':{'x':1}}"));
        f.valid("Non-empty code string and non-empty scope")
                .canonical("{'$code' : 'abcd', '$scope' : {'x' : {'$numberInt': '1'}}}")
                .legacy("{ '$code' : 'abcd', '$scope' : { 'x' : 1 } }")
                .expect(JSONB, q("{'$code':'abcd','$scope':{'x':1}}"));
        f.valid("Unicode and embedded null in code string, empty scope")
                .canonical("{'$code' : '\\u00e9\\u0000d', '$scope' : {}}")
                .legacy("{ '$code' : '\u00e9\\u0000d', '$scope' : { } }")
                .expect(JSONB, q("{'$code':'\u00e9\0d','$scope':{}}"));
    }

    private static void datetime(CorpusFile f) {
        f.valid("epoch").canonical("{'$date' : {'$numberLong' : '0'}}").relaxed("{'$date' : '1970-01-01T00:00:00Z'}")
                .legacy("{ '$date' : 0 }").expect(TIMESTAMPTZ, "1970-01-01T00:00:00.000Z");
        f.valid("positive ms").canonical("{'$date' : {'$numberLong' : '1356351330501'}}")
                .relaxed("{'$date' : '2012-12-24T12:15:30.501Z'}").legacy("{ '$date' : 1356351330501 }")
                .expect(TIMESTAMPTZ, "2012-12-24T12:15:30.501Z");
        // Relaxed writes dates before 1970 and after 9999 in the canonical form.
        f.valid("negative").canonical("{'$date' : {'$numberLong' : '-284643869501'}}")
                .relaxed("{'$date' : {'$numberLong' : '-284643869501'}}").legacy("{ '$date' : -284643869501 }")
                .expect(TIMESTAMPTZ, "1960-12-24T12:15:30.499Z");
        f.valid("Y10K").canonical("{'$date':{'$numberLong':'253402300800000'}}")
                .relaxed("{'$date':{'$numberLong':'253402300800000'}}").legacy("{ '$date' : 253402300800000 }")
                .expect(TIMESTAMPTZ, "10000-01-01T00:00:00.000Z");
        f.valid("leading zero ms").canonical("{'$date' : {'$numberLong' : '1356351330001'}}")
                .relaxed("{'$date' : '2012-12-24T12:15:30.001Z'}").legacy("{ '$date' : 1356351330001 }")
                .expect(TIMESTAMPTZ, "2012-12-24T12:15:30.001Z");
    }

    private static void dbPointer(CorpusFile f) {
        String pointer = q("{'$ref':'b','$id':'56e1fc72e0c917e9c4714161'}");
        f.valid("DBpointer").canonical("{'$dbPointer': {'$ref': 'b', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}}")
                .converted("{'$ref': 'b', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}")
                .legacy("{ '$ref' : 'b', '$id' : '56e1fc72e0c917e9c4714161' }").expect(JSONB, pointer);
        f.valid("DBpointer with opposite key order")
                .canonical("{'$dbPointer': {'$ref': 'b', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}}")
                .degenerate("{'$dbPointer': {'$id': {'$oid': '56e1fc72e0c917e9c4714161'}, '$ref': 'b'}}")
                .converted("{'$ref': 'b', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}")
                .legacy("{ '$ref' : 'b', '$id' : '56e1fc72e0c917e9c4714161' }").expect(JSONB, pointer);
        f.valid("With two-byte UTF-8")
                .canonical("{'$dbPointer': {'$ref': '\u00e9', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}}")
                .converted("{'$ref': '\u00e9', '$id': {'$oid': '56e1fc72e0c917e9c4714161'}}")
                .legacy("{ '$ref' : '\u00e9', '$id' : '56e1fc72e0c917e9c4714161' }")
                .expect(JSONB, q("{'$ref':'\u00e9','$id':'56e1fc72e0c917e9c4714161'}"));
    }

    private static void dbRef(CorpusFile f) {
        String oid = "{'$oid': '58921b3e6e32ab156a22b59e'}";
        String legacyOid = "{ '$oid' : '58921b3e6e32ab156a22b59e' }";
        f.valid("DBRef").canonical("{'dbref': {'$ref': 'collection', '$id': " + oid + "}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : " + legacyOid + " } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':'58921b3e6e32ab156a22b59e'}")).done();
        f.valid("DBRef with database").canonical("{'dbref': {'$ref': 'collection', '$id': " + oid + ", '$db': 'db'}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : " + legacyOid + ", '$db' : 'db' } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':'58921b3e6e32ab156a22b59e','$db':'db'}"))
                .done();
        f.valid("DBRef with database and additional fields")
                .canonical("{'dbref': {'$ref': 'collection', '$id': {'$numberInt': '42'}, '$db': 'db', 'foo': 'bar'}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : 42, '$db' : 'db', 'foo' : 'bar' } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':42,'$db':'db','foo':'bar'}")).done();
        f.valid("DBRef with additional fields")
                .canonical("{'dbref': {'$ref': 'collection', '$id': " + oid + ", 'foo': 'bar'}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : " + legacyOid + ", 'foo' : 'bar' } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':'58921b3e6e32ab156a22b59e','foo':'bar'}"))
                .done();
        // At the top level, $ keys are ordinary keys: each its own column.
        f.valid("Document with key names similar to those of a DBRef")
                .canonical("{'$ref': 'not-a-dbref', '$id': " + oid + ", '$banana': 'peel'}")
                .legacy("{ '$ref' : 'not-a-dbref', '$id' : " + legacyOid + ", '$banana' : 'peel' }")
                .column("_ref", "$ref", TEXT, "not-a-dbref").column("_id", "$id", TEXT, "58921b3e6e32ab156a22b59e")
                .column("_banana", "$banana", TEXT, "peel").done();
        f.valid("DBRef with additional dollar-prefixed and dotted fields")
                .canonical("{'dbref': {'$ref': 'collection', '$id': " + oid
                        + ", 'a.b': {'$numberInt': '1'}, '$c': {'$numberInt': '1'}}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : " + legacyOid + ", 'a.b' : 1, '$c' : 1 } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':'58921b3e6e32ab156a22b59e','a.b':1,'$c':1}"))
                .done();
        // Not DBRefs by the spec, so ordinary sub-documents; their first key is a wrapper key all the same, and
        // the flattener keeps such objects whole (module README).
        f.valid("Sub-document resembles DBRef but $id is missing").canonical("{'dbref': {'$ref': 'collection'}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection' } }")
                .column("dbref", JSONB, q("{'$ref':'collection'}")).done();
        f.valid("Sub-document resembles DBRef but $ref is not a string")
                .canonical("{'dbref': {'$ref': {'$numberInt': '1'}, '$id': " + oid + "}}")
                .legacy("{ 'dbref' : { '$ref' : 1, '$id' : " + legacyOid + " } }")
                .column("dbref", JSONB, q("{'$ref':1,'$id':'58921b3e6e32ab156a22b59e'}")).done();
        f.valid("Sub-document resembles DBRef but $db is not a string")
                .canonical("{'dbref': {'$ref': 'collection', '$id': " + oid + ", '$db': {'$numberInt': '1'}}}")
                .legacy("{ 'dbref' : { '$ref' : 'collection', '$id' : " + legacyOid + ", '$db' : 1 } }")
                .column("dbref", JSONB, q("{'$ref':'collection','$id':'58921b3e6e32ab156a22b59e','$db':1}"))
                .done();
    }

    private static void decimals(List<Case> cases) {
        String[] files = {BsonCorpusDecimals.VALID_1, BsonCorpusDecimals.VALID_2, BsonCorpusDecimals.VALID_3,
                BsonCorpusDecimals.VALID_4, BsonCorpusDecimals.VALID_5};
        for (int n = 0; n < files.length; n++) {
            CorpusFile f = new CorpusFile(cases, "decimal128-" + (n + 1) + ".json", "d");
            for (String line : files[n].lines().toList()) {
                String[] fields = line.split("\\|", -1);
                Builder c = f.valid(fields[0]).canonical(decimal(fields[1]));
                if (!fields[2].isEmpty()) {
                    c.degenerate(decimal(fields[2]));
                }
                c.expect(NUMERIC, fields[1]);
            }
        }
    }

    private static String decimal(String text) {
        return "{'$numberDecimal' : '" + text + "'}";
    }

    private static void document(CorpusFile f) {
        f.valid("Empty subdoc").canonical("{'x' : {}}").legacy("{ 'x' : { } }").done();
        f.valid("Empty-string key subdoc").canonical("{'x' : {'' : 'b'}}").legacy("{ 'x' : { '' : 'b' } }")
                .column("x_", "x.", TEXT, "b").done();
        f.valid("Single-character key subdoc").canonical("{'x' : {'a' : 'b'}}").legacy("{ 'x' : { 'a' : 'b' } }")
                .column("x_a", "x.a", TEXT, "b").done();
        // Inside a document, $a and $ are no wrapper keys: ordinary keys.
        f.valid("Dollar-prefixed key in sub-document").canonical("{'x' : {'$a' : 'b'}}")
                .legacy("{ 'x' : { '$a' : 'b' } }").column("x__a", "x.$a", TEXT, "b").done();
        f.valid("Dollar as key in sub-document").canonical("{'x' : {'$' : 'a'}}").legacy("{ 'x' : { '$' : 'a' } }")
                .column("x__", "x.$", TEXT, "a").done();
        f.valid("Dotted key in sub-document").canonical("{'x' : {'a.b' : 'c'}}").legacy("{ 'x' : { 'a.b' : 'c' } }")
                .column("x_a_b", "x.a\\.b", TEXT, "c").done();
        f.valid("Dot as key in sub-document").canonical("{'x' : {'.' : 'a'}}").legacy("{ 'x' : { '.' : 'a' } }")
                .column("x__", "x.\\.", TEXT, "a").done();
    }

    private static void doubles(CorpusFile f) {
        finiteDouble(f, "+1.0", "1.0", "1.0");
        finiteDouble(f, "-1.0", "-1.0", "-1.0");
        finiteDouble(f, "+1.0001220703125", "1.0001220703125", "1.0001220703125");
        finiteDouble(f, "-1.0001220703125", "-1.0001220703125", "-1.0001220703125");
        finiteDouble(f, "1.2345678921232E+18", "1.2345678921232E+18", "1234567892123200000.0");
        finiteDouble(f, "-1.2345678921232E+18", "-1.2345678921232E+18", "-1234567892123200000.0");
        finiteDouble(f, "0.0", "0.0", "0.0");
        finiteDouble(f, "-0.0", "-0.0", "-0.0");
        // Relaxed writes the non-finite values in the canonical form; legacy libbson prints them with %g.
        f.valid("NaN").canonical("{'$numberDouble': 'NaN'}").relaxed("{'$numberDouble': 'NaN'}").legacy("nan")
                .expect(DOUBLE, "NaN");
        f.valid("NaN with payload").canonical("{'$numberDouble': 'NaN'}").relaxed("{'$numberDouble': 'NaN'}")
                .legacy("nan").expect(DOUBLE, "NaN");
        f.valid("Inf").canonical("{'$numberDouble': 'Infinity'}").relaxed("{'$numberDouble': 'Infinity'}")
                .legacy("inf").expect(DOUBLE, "Infinity");
        f.valid("-Inf").canonical("{'$numberDouble': '-Infinity'}").relaxed("{'$numberDouble': '-Infinity'}")
                .legacy("-inf").expect(DOUBLE, "-Infinity");
    }

    /** A finite double: canonical and relaxed write {@code text}, legacy libbson {@code %.20g} plus {@code .0}. */
    private static void finiteDouble(CorpusFile f, String description, String text, String legacy) {
        f.valid(description).canonical("{'$numberDouble': '" + text + "'}").relaxed(text).legacy(legacy)
                .expect(DOUBLE, text);
    }

    private static void int32(CorpusFile f) {
        for (String[] c : new String[][] {{"MinValue", "-2147483648"}, {"MaxValue", "2147483647"}, {"-1", "-1"},
                {"0", "0"}, {"1", "1"}}) {
            f.valid(c[0]).canonical("{'$numberInt': '" + c[1] + "'}").relaxed(c[1]).legacy(c[1]).expect(BIGINT, c[1]);
        }
    }

    private static void int64(CorpusFile f) {
        // Older libbson writes int64 in legacy mode as {"$numberLong": "..."}; newer ones as a bare number.
        for (String[] c : new String[][] {{"MinValue", "-9223372036854775808"}, {"MaxValue", "9223372036854775807"},
                {"-1", "-1"}, {"0", "0"}, {"1", "1"}}) {
            f.valid(c[0]).canonical("{'$numberLong' : '" + c[1] + "'}").relaxed(c[1])
                    .legacy("{ '$numberLong' : '" + c[1] + "' }").expect(BIGINT, c[1]);
        }
    }

    private static void multiType(CorpusFile current, CorpusFile deprecated) {
        String head = "{'_id': {'$oid': '57e193d7a9cc81b4027498b5'}, ";
        String body = "'String': 'string', 'Int32': {'$numberInt': '42'}, 'Int64': {'$numberLong': '42'}, "
                + "'Double': {'$numberDouble': '-1.0'}, "
                + "'Binary': { '$binary' : {'base64': 'o0w498Or7cijeBSpkquNtg==', 'subType': '03'}}, "
                + "'BinaryUserDefined': { '$binary' : {'base64': 'AQIDBAU=', 'subType': '80'}}, "
                + "'Code': {'$code': 'function() {}'}, 'CodeWithScope': {'$code': 'function() {}', '$scope': {}}, "
                + "'Subdocument': {'foo': 'bar'}, 'Array': [{'$numberInt': '1'}, {'$numberInt': '2'}, "
                + "{'$numberInt': '3'}, {'$numberInt': '4'}, {'$numberInt': '5'}], "
                + "'Timestamp': {'$timestamp': {'t': 42, 'i': 1}}, "
                + "'Regex': {'$regularExpression': {'pattern': 'pattern', 'options': ''}}, "
                + "'DatetimeEpoch': {'$date': {'$numberLong': '0'}}, "
                + "'DatetimePositive': {'$date': {'$numberLong': '2147483647'}}, "
                + "'DatetimeNegative': {'$date': {'$numberLong': '-2147483648'}}, 'True': true, 'False': false, ";
        String tail = "'DBRef': {'$ref': 'collection', '$id': {'$oid': '57fd71e96e32ab4225b723fb'}, '$db': 'database'},"
                + " 'Minkey': {'$minKey': 1}, 'Maxkey': {'$maxKey': 1}, 'Null': null";
        String legacyHead = "{ '_id' : { '$oid' : '57e193d7a9cc81b4027498b5' }, ";
        String legacyBody = "'String' : 'string', 'Int32' : 42, 'Int64' : { '$numberLong' : '42' }, 'Double' : -1.0, "
                + "'Binary' : { '$binary' : 'o0w498Or7cijeBSpkquNtg==', '$type' : '03' }, "
                + "'BinaryUserDefined' : { '$binary' : 'AQIDBAU=', '$type' : '80' }, "
                + "'Code' : { '$code' : 'function() {}' }, "
                + "'CodeWithScope' : { '$code' : 'function() {}', '$scope' : { } }, "
                + "'Subdocument' : { 'foo' : 'bar' }, 'Array' : [ 1, 2, 3, 4, 5 ], "
                + "'Timestamp' : { '$timestamp' : { 't' : 42, 'i' : 1 } }, "
                + "'Regex' : { '$regex' : 'pattern', '$options' : '' }, 'DatetimeEpoch' : { '$date' : 0 }, "
                + "'DatetimePositive' : { '$date' : 2147483647 }, 'DatetimeNegative' : { '$date' : -2147483648 }, "
                + "'True' : true, 'False' : false, ";
        String legacyTail = "'DBRef' : { '$ref' : 'collection', '$id' : { '$oid' : '57fd71e96e32ab4225b723fb' }, "
                + "'$db' : 'database' }, 'Minkey' : { '$minKey' : 1 }, 'Maxkey' : { '$maxKey' : 1 }, 'Null' : null";

        Builder all = current.valid("All BSON types").canonical(head + body + tail + "}")
                .legacy(legacyHead + legacyBody + legacyTail + " }");
        multiTypeColumns(all, false);
        all.done();

        Builder old = deprecated.valid("All BSON types")
                .canonical(head + "'Symbol': {'$symbol': 'symbol'}, " + body
                        + "'DBPointer': {'$dbPointer': {'$ref': 'collection', "
                        + "'$id': {'$oid': '57e193d7a9cc81b4027498b1'}}}, "
                        + tail + ", 'Undefined': {'$undefined': true}}")
                .converted(head + "'Symbol': 'symbol', " + body
                        + "'DBPointer': {'$ref': 'collection', '$id': {'$oid': '57e193d7a9cc81b4027498b1'}}, "
                        + tail + ", 'Undefined': null}")
                .legacy(legacyHead + "'Symbol' : 'symbol', " + legacyBody
                        + "'DBPointer' : { '$ref' : 'collection', '$id' : '57e193d7a9cc81b4027498b1' }, "
                        + legacyTail + ", 'Undefined' : { '$undefined' : true } }");
        multiTypeColumns(old, true);
        old.done();
    }

    private static void multiTypeColumns(Builder c, boolean deprecated) {
        c.column("_id", "_id", TEXT, "57e193d7a9cc81b4027498b5");
        if (deprecated) {
            c.column("symbol", "Symbol", TEXT, "symbol");
        }
        c.column("string", "String", TEXT, "string")
                .column("int32", "Int32", BIGINT, "42")
                .column("int64", "Int64", BIGINT, "42")
                .column("double", "Double", DOUBLE, "-1.0")
                .column("binary", "Binary", BYTEA, "\\xa34c38f7c3abedc8a37814a992ab8db6")
                .column("binaryuserdefined", "BinaryUserDefined", BYTEA, "\\x0102030405")
                .column("code", "Code", TEXT, "function() {}")
                .column("codewithscope", "CodeWithScope", JSONB, q("{'$code':'function() {}','$scope':{}}"))
                .column("subdocument_foo", "Subdocument.foo", TEXT, "bar")
                .column("array", "Array", JSONB, "[1,2,3,4,5]")
                .column("timestamp", "Timestamp", BIGINT, Long.toString(42L << 32 | 1))
                .column("regex", "Regex", TEXT, "/pattern/")
                .column("datetimeepoch", "DatetimeEpoch", TIMESTAMPTZ, "1970-01-01T00:00:00.000Z")
                .column("datetimepositive", "DatetimePositive", TIMESTAMPTZ, "1970-01-25T20:31:23.647Z")
                .column("datetimenegative", "DatetimeNegative", TIMESTAMPTZ, "1969-12-07T03:28:36.352Z")
                .column("true", "True", BOOLEAN, "true")
                .column("false", "False", BOOLEAN, "false");
        if (deprecated) {
            c.column("dbpointer", "DBPointer", JSONB, q("{'$ref':'collection','$id':'57e193d7a9cc81b4027498b1'}"));
        }
        c.column("dbref", "DBRef", JSONB,
                        q("{'$ref':'collection','$id':'57fd71e96e32ab4225b723fb','$db':'database'}"))
                .column("minkey", "Minkey", JSONB, q("{'$minKey':1}"))
                .column("maxkey", "Maxkey", JSONB, q("{'$maxKey':1}"))
                .column("null", "Null", NONE, null);
        if (deprecated) {
            c.column("undefined", "Undefined", NONE, null);
        }
    }

    private static void oid(CorpusFile f) {
        for (String[] c : new String[][] {{"All zeroes", "000000000000000000000000"},
                {"All ones", "ffffffffffffffffffffffff"}, {"Random", "56e1fc72e0c917e9c4714161"}}) {
            f.valid(c[0]).canonical("{'$oid' : '" + c[1] + "'}").legacy("{ '$oid' : '" + c[1] + "' }")
                    .expect(TEXT, c[1]);
        }
    }

    private static void regex(CorpusFile f) {
        f.valid("empty regex with no options").canonical(regex("", "")).legacy("{ '$regex' : '', '$options' : '' }")
                .expect(TEXT, "//");
        f.valid("regex without options").canonical(regex("abc", "")).legacy("{ '$regex' : 'abc', '$options' : '' }")
                .expect(TEXT, "/abc/");
        f.valid("regex with options").canonical(regex("abc", "im"))
                .legacy("{ '$regex' : 'abc', '$options' : 'im' }").expect(TEXT, "/abc/im");
        f.valid("regex with options (keys reversed)").canonical(regex("abc", "im"))
                .degenerate("{'$regularExpression' : {'options' : 'im', 'pattern': 'abc'}}")
                .legacy("{ '$options' : 'im', '$regex' : 'abc' }").expect(TEXT, "/abc/im");
        f.valid("regex with slash").canonical(regex("ab/cd", "im"))
                .legacy("{ '$regex' : 'ab/cd', '$options' : 'im' }").expect(TEXT, "/ab/cd/im");
        f.valid("flags not alphabetized").canonical(regex("abc", "imx"))
                .degenerate("{'$regularExpression' : { 'pattern': 'abc', 'options' : 'mix'}}")
                .legacy("{ '$regex' : 'abc', '$options' : 'mix' }").expect(TEXT, "/abc/imx");
        f.valid("Required escapes").canonical(regex("ab\\\\\\'ab", ""))
                .legacy("{ '$regex' : 'ab\\\\\\'ab', '$options' : '' }").expect(TEXT, "/ab\\\"ab/");
        // Query documents: the $regex and $options keys at the top level are ordinary keys.
        CorpusFile top = new CorpusFile(f.into, f.file, null);
        top.valid("Regular expression as value of $regex query operator")
                .canonical("{'$regex' : " + regex("pattern", "ix") + "}")
                .legacy("{ '$regex' : { '$regex' : 'pattern', '$options' : 'ix' } }")
                .column("_regex", "$regex", TEXT, "/pattern/ix").done();
        top.valid("Regular expression as value of $regex query operator with $options")
                .canonical("{'$regex' : " + regex("pattern", "") + ", '$options' : 'ix'}")
                .legacy("{ '$regex' : { '$regex' : 'pattern', '$options' : '' }, '$options' : 'ix' }")
                .column("_regex", "$regex", TEXT, "/pattern/").column("_options", "$options", TEXT, "ix").done();
    }

    private static String regex(String pattern, String options) {
        return "{'$regularExpression' : { 'pattern': '" + pattern + "', 'options' : '" + options + "'}}";
    }

    private static void string(CorpusFile f) {
        f.valid("Empty string").canonical("''").legacy("''").expect(TEXT, "");
        f.valid("Single character").canonical("'b'").legacy("'b'").expect(TEXT, "b");
        f.valid("Multi-character").canonical("'abababababab'").legacy("'abababababab'").expect(TEXT, "abababababab");
        f.valid("two-byte UTF-8 (\u00e9)").canonical("'\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9'")
                .legacy("'\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9'").expect(TEXT, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9");
        f.valid("three-byte UTF-8 (\u2606)").canonical("'\\u2606\\u2606\\u2606\\u2606'")
                .legacy("'\u2606\u2606\u2606\u2606'").expect(TEXT, "\u2606\u2606\u2606\u2606");
        f.valid("Embedded nulls").canonical("'ab\\u0000bab\\u0000babab'").legacy("'ab\\u0000bab\\u0000babab'")
                .expect(TEXT, "ab\0bab\0babab");
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            controls.append(c);
        }
        f.valid("Required escapes")
                .canonical("'ab\\\\\\'\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e"
                        + "\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                        + "\\u001c\\u001d\\u001e\\u001fab'")
                .expect(TEXT, "ab\\\"" + controls + "ab");
    }

    private static void symbol(CorpusFile f) {
        // Legacy libbson writes a symbol as a plain string, like the converted form.
        for (String[] c : new String[][] {{"Empty string", ""}, {"Single character", "b"},
                {"Multi-character", "abababababab"},
                {"two-byte UTF-8 (\u00e9)", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"},
                {"three-byte UTF-8 (\u2606)", "\u2606\u2606\u2606\u2606"}}) {
            f.valid(c[0]).canonical("{'$symbol': '" + c[1] + "'}").converted("'" + c[1] + "'").legacy("'" + c[1] + "'")
                    .expect(TEXT, c[1]);
        }
        f.valid("Embedded nulls").canonical("{'$symbol': 'ab\\u0000bab\\u0000babab'}")
                .converted("'ab\\u0000bab\\u0000babab'").legacy("'ab\\u0000bab\\u0000babab'")
                .expect(TEXT, "ab\0bab\0babab");
    }

    private static void timestamp(CorpusFile f) {
        f.valid("Timestamp: (123456789, 42)").canonical("{'$timestamp' : {'t' : 123456789, 'i' : 42} }")
                .legacy("{ '$timestamp' : { 't' : 123456789, 'i' : 42 } }")
                .expect(BIGINT, Long.toString(123456789L << 32 | 42));
        f.valid("Timestamp: (123456789, 42) (keys reversed)").canonical("{'$timestamp' : {'t' : 123456789, 'i' : 42} }")
                .degenerate("{'$timestamp' : {'i' : 42, 't' : 123456789} }")
                .legacy("{ '$timestamp' : { 't' : 123456789, 'i' : 42 } }")
                .expect(BIGINT, Long.toString(123456789L << 32 | 42));
        // t >= 2^31 makes the unsigned 64-bit value too large for bigint: numeric.
        f.valid("Timestamp with high-order bit set on both seconds and increment")
                .canonical("{'$timestamp' : {'t' : 4294967295, 'i' :  4294967295} }")
                .legacy("{ '$timestamp' : { 't' : 4294967295, 'i' : 4294967295 } }")
                .expect(NUMERIC, Long.toUnsignedString(-1L));
        f.valid("Timestamp with high-order bit set on both seconds and increment (not UINT32_MAX)")
                .canonical("{'$timestamp' : {'t' : 4000000000, 'i' :  4000000000} }")
                .legacy("{ '$timestamp' : { 't' : 4000000000, 'i' : 4000000000 } }")
                .expect(NUMERIC, Long.toUnsignedString(4000000000L << 32 | 4000000000L));
    }

    private static void top(CorpusFile f) {
        f.valid("Dollar-prefixed key in top-level document").canonical("{'$key': {'$numberInt': '42'}}")
                .legacy("{ '$key' : 42 }").column("_key", "$key", BIGINT, "42").done();
        f.valid("Dollar as key in top-level document").canonical("{'$': 'a'}").legacy("{ '$' : 'a' }")
                .column("_", "$", TEXT, "a").done();
        f.valid("Dotted key in top-level document").canonical("{'a.b': 'c'}").legacy("{ 'a.b' : 'c' }")
                .column("a_b", "a\\.b", TEXT, "c").done();
        f.valid("Dot as key in top-level document").canonical("{'.': 'a'}").legacy("{ '.' : 'a' }")
                .column("_", "\\.", TEXT, "a").done();
    }

    /**
     * Beyond the corpus: the limits of BSON dates against PostgreSQL's timestamptz (4714-11-24 BC to 294276 AD), the
     * dates of the Extended JSON spec's example, and doubles near the top of the range.
     */
    private static void extra(CorpusFile f) {
        f.valid("date 9999-12-31T23:59:59.999Z (extended-json.md example)")
                .canonical("{'$date': {'$numberLong': '253402300799999'}}")
                .relaxed("{'$date': '9999-12-31T23:59:59.999Z'}")
                .legacy("{ '$date' : 253402300799999 }").expect(TIMESTAMPTZ, "9999-12-31T23:59:59.999Z");
        f.valid("date 0001-01-01 (extended-json.md example)").canonical("{'$date': {'$numberLong': '-62135596800000'}}")
                .legacy("{ '$date' : -62135596800000 }").expect(TIMESTAMPTZ, "0001-01-01T00:00:00.000Z");
        f.valid("date 1 BC").canonical("{'$date': {'$numberLong': '-62135596800001'}}")
                .legacy("{ '$date' : -62135596800001 }").expect(TIMESTAMPTZ, "0001-12-31T23:59:59.999Z BC");
        f.valid("date first timestamptz").canonical("{'$date': {'$numberLong': '-210866803200000'}}")
                .legacy("{ '$date' : -210866803200000 }").expect(TIMESTAMPTZ, "4714-11-24T00:00:00.000Z BC");
        f.valid("date before timestamptz").canonical("{'$date': {'$numberLong': '-210866803200001'}}")
                .legacy("{ '$date' : -210866803200001 }").expect(TIMESTAMPTZ, "4714-11-23T23:59:59.999Z BC");
        f.valid("date last timestamptz").canonical("{'$date': {'$numberLong': '9224318015999999'}}")
                .legacy("{ '$date' : 9224318015999999 }").expect(TIMESTAMPTZ, "294276-12-31T23:59:59.999Z");
        f.valid("date after timestamptz").canonical("{'$date': {'$numberLong': '9224318016000000'}}")
                .legacy("{ '$date' : 9224318016000000 }").expect(TIMESTAMPTZ, "294277-01-01T00:00:00.000Z");
        f.valid("date max").canonical("{'$date': {'$numberLong': '9223372036854775807'}}")
                .legacy("{ '$date' : 9223372036854775807 }").expect(TIMESTAMPTZ, "292278994-08-17T07:12:55.807Z");
        f.valid("date min").canonical("{'$date': {'$numberLong': '-9223372036854775808'}}")
                .legacy("{ '$date' : -9223372036854775808 }").expect(TIMESTAMPTZ, "292275056-05-16T16:47:04.192Z BC");
        f.valid("double 1.0E+308").canonical("{'$numberDouble': '1.0E+308'}").relaxed("1.0E+308")
                .legacy("1.000000000000000011e+308").expect(DOUBLE, "1.0E+308");
        f.valid("double max").canonical("{'$numberDouble': '1.7976931348623157E+308'}")
                .relaxed("1.7976931348623157E+308")
                .legacy("1.7976931348623157081e+308").expect(DOUBLE, "1.7976931348623157E+308");
    }

    /** Every Extended JSON parse error of the corpus files, then some added beyond the corpus. */
    static List<ParseError> parseErrors() {
        List<ParseError> errors = new ArrayList<>();
        ParseErrors binary = new ParseErrors(errors, "binary.json", "x");
        binary.add("$uuid wrong type", "{'$uuid' : { 'data' : '" + UUID_TEXT + "'}}", Outcome.CAST_REJECTS, UUID,
                "{'$uuid':{'data':'" + UUID_TEXT + "'}}");
        for (String[] c : new String[][] {{"too short", "73ffd264-44b3-90e8-e7d1dfc035d4"},
                {"too long", "73ffd264-44b3-4c69-90e8-e7d1dfc035d4-789e4"},
                {"misplaced hyphens", "73ff-d26444b-34c6-990e8e-7d1dfc035d4"},
                {"too many hyphens", "----d264-44b3-4--9-90e8-e7d1dfc0----"}}) {
            binary.add("$uuid invalid value--" + c[0], "{'$uuid' : '" + c[1] + "'}", Outcome.CAST_REJECTS, UUID,
                    "{'$uuid':'" + c[1] + "'}");
        }
        topParseErrors(new ParseErrors(errors, "top.json", "a"));
        String[] files = {null, null, null, BsonCorpusDecimals.PARSE_ERRORS_4, null, BsonCorpusDecimals.PARSE_ERRORS_6,
                BsonCorpusDecimals.PARSE_ERRORS_7};
        for (int n = 0; n < files.length; n++) {
            if (files[n] != null) {
                ParseErrors f = new ParseErrors(errors, "decimal128-" + (n + 1) + ".json", "d");
                for (String line : files[n].lines().toList()) {
                    String[] fields = line.split("\\|", -1);
                    f.decimal(fields[0], fields[1]);
                }
            }
        }
        ParseErrors extra = new ParseErrors(errors, EXTRA, "a");
        for (String date : List.of("soon", "", "2012-13-24T12:15:30.501Z", "2012-12-24T12:15:30.501",
                "2012-12-24", "2012-02-30T00:00:00Z", "1356351330501")) {
            extra.add("bad $date string " + date, "{'$date': '" + date + "'}", Outcome.CAST_REJECTS, TIMESTAMPTZ,
                    "{'$date':'" + date + "'}");
        }
        extra.add("$date millis with a fraction", "{'$date': {'$numberLong': '1.5'}}", Outcome.CAST_REJECTS,
                TIMESTAMPTZ, "{'$date':{'$numberLong':'1.5'}}");
        extra.decimal("E+ without digits", "1E+");
        extra.decimal("hexadecimal, which numeric reads", "0x1A");
        extra.decimal("underscores, which numeric reads", "1_000");
        extra.add("$numberLong not a number", "{'$numberLong': 'x'}", Outcome.CAST_REJECTS, BIGINT, "x");
        extra.add("$numberDouble not a number", "{'$numberDouble': 'x'}", Outcome.CAST_REJECTS, DOUBLE, "x");
        extra.add("$binary not base64 (legacy)", "{'$binary': 'not base64!', '$type': '00'}",
                Outcome.CAST_REJECTS, BYTEA, "\\x{'$binary':'not base64!','$type':'00'}");
        extra.add("$binary not base64 (v2)", "{'$binary': {'base64': '***=', 'subType': '00'}}",
                Outcome.CAST_REJECTS, BYTEA, "\\x{'$binary':{'base64':'***=','subType':'00'}}");
        extra.add("$binary base64 without its padding", "{'$binary': {'base64': '//8', 'subType': '00'}}",
                Outcome.LENIENT, BYTEA, "\\xffff");
        extra.add("$binary subType not hex", "{'$binary': {'base64': '//8=', 'subType': 'zz'}}",
                Outcome.CAST_REJECTS, BYTEA, "\\x{'$binary':{'base64':'//8=','subType':'zz'}}");
        return errors;
    }

    private static void topParseErrors(ParseErrors f) {
        f.add("Bad $regularExpression (extra field)",
                "{'$regularExpression': {'pattern': 'abc', 'options': '', 'unrelated': true}}", Outcome.LENIENT, TEXT,
                "/abc/");
        f.add("Bad $regularExpression (missing options field)", "{'$regularExpression': {'pattern': 'abc'}}",
                Outcome.TEXT_KEPT, TEXT, "{'$regularExpression':{'pattern':'abc'}}");
        f.key("x").add("Bad $regularExpression (pattern is number, not string)",
                "{'$regularExpression' : { 'pattern': 42, 'options' : ''}}", Outcome.TEXT_KEPT, TEXT,
                "{'$regularExpression':{'pattern':42,'options':''}}");
        f.key("x").add("Bad $regularExpression (options are number, not string)",
                "{'$regularExpression' : { 'pattern': 'a', 'options' : 0}}", Outcome.TEXT_KEPT, TEXT,
                "{'$regularExpression':{'pattern':'a','options':0}}");
        f.add("Bad $regularExpression (missing pattern field)", "{'$regularExpression': {'options':'ix'}}",
                Outcome.TEXT_KEPT, TEXT, "{'$regularExpression':{'options':'ix'}}");
        f.add("Bad $oid (number, not string)", "{'$oid' : 42}", Outcome.TEXT_KEPT, TEXT, "{'$oid':42}");
        f.add("Bad $oid (extra field)", "{'$oid' : '56e1fc72e0c917e9c4714161', 'unrelated': true}",
                Outcome.JSONB_OBJECT, JSONB, "{'$oid':'56e1fc72e0c917e9c4714161','unrelated':true}");
        f.add("Bad $numberInt (number, not string)", "{'$numberInt' : 42}", Outcome.LENIENT, BIGINT, "42");
        f.add("Bad $numberInt (extra field)", "{'$numberInt' : '42', 'unrelated': true}", Outcome.JSONB_OBJECT, JSONB,
                "{'$numberInt':'42','unrelated':true}");
        f.add("Bad $numberLong (number, not string)", "{'$numberLong' : 42}", Outcome.LENIENT, BIGINT, "42");
        f.add("Bad $numberLong (extra field)", "{'$numberLong' : '42', 'unrelated': true}", Outcome.JSONB_OBJECT, JSONB,
                "{'$numberLong':'42','unrelated':true}");
        f.add("Bad $numberDouble (number, not string)", "{'$numberDouble' : 42}", Outcome.LENIENT, DOUBLE, "42");
        f.add("Bad $numberDouble (extra field)", "{'$numberDouble' : '.1', 'unrelated': true}", Outcome.JSONB_OBJECT,
                JSONB, "{'$numberDouble':'.1','unrelated':true}");
        f.add("Bad $numberDecimal (number, not string)", "{'$numberDecimal' : 42}", Outcome.LENIENT, NUMERIC, "42");
        f.add("Bad $numberDecimal (extra field)", "{'$numberDecimal' : '.1', 'unrelated': true}", Outcome.JSONB_OBJECT,
                JSONB, "{'$numberDecimal':'.1','unrelated':true}");
        f.key("x").add("Bad $binary (binary is number, not string)", "{'$binary' : {'base64' : 0, 'subType' : '00'}}",
                Outcome.CAST_REJECTS, BYTEA, "\\x{'$binary':{'base64':0,'subType':'00'}}");
        f.key("x").add("Bad $binary (type is number, not string)", "{'$binary' : {'base64' : '', 'subType' : 0}}",
                Outcome.LENIENT, BYTEA, "\\x");
        f.key("x").add("Bad $binary (missing $type)", "{'$binary' : {'base64' : '//8='}}", Outcome.CAST_REJECTS,
                BYTEA, "\\x{'$binary':{'base64':'//8='}}");
        f.key("x").add("Bad $binary (missing $binary)", "{'$binary' : {'subType' : '00'}}", Outcome.CAST_REJECTS,
                BYTEA, "\\x{'$binary':{'subType':'00'}}");
        f.key("x").add("Bad $binary (extra field)",
                "{'$binary' : {'base64' : '//8=', 'subType' : 0, 'unrelated': true}}",
                Outcome.LENIENT, BYTEA, "\\xffff");
        f.add("Bad $code (type is number, not string)", "{'$code' : 42}", Outcome.TEXT_KEPT, TEXT, "{'$code':42}");
        f.add("Bad $code (type is number, not string) when $scope is also present", "{'$code' : 42, '$scope' : {}}",
                Outcome.JSONB_OBJECT, JSONB, "{'$code':42,'$scope':{}}");
        f.add("Bad $code (extra field)", "{'$code' : '', 'unrelated': true}", Outcome.JSONB_OBJECT, JSONB,
                "{'$code':'','unrelated':true}");
        f.key("x").add("Bad $code with $scope (scope is number, not doc)", "{'$code' : '', '$scope' : 42}",
                Outcome.JSONB_OBJECT, JSONB, "{'$code':'','$scope':42}");
        f.add("Bad $timestamp (type is number, not doc)", "{'$timestamp' : 42}", Outcome.CAST_REJECTS, BIGINT,
                "{'$timestamp':42}");
        f.add("Bad $timestamp ('t' type is string, not number)", "{'$timestamp' : {'t' : '123456789', 'i' : 42} }",
                Outcome.CAST_REJECTS, BIGINT, "{'$timestamp':{'t':'123456789','i':42}}");
        f.add("Bad $timestamp ('i' type is string, not number)", "{'$timestamp' : {'t' : 123456789, 'i' : '42'} }",
                Outcome.CAST_REJECTS, BIGINT, "{'$timestamp':{'t':123456789,'i':'42'}}");
        f.add("Bad $timestamp (extra field at same level as $timestamp)",
                "{'$timestamp' : {'t' : '123456789', 'i' : '42'}, 'unrelated': true }", Outcome.JSONB_OBJECT, JSONB,
                "{'$timestamp':{'t':'123456789','i':'42'},'unrelated':true}");
        f.add("Bad $timestamp (extra field at same level as t and i)",
                "{'$timestamp' : {'t' : '123456789', 'i' : '42', 'unrelated': true} }", Outcome.CAST_REJECTS, BIGINT,
                "{'$timestamp':{'t':'123456789','i':'42','unrelated':true}}");
        f.add("Bad $timestamp (missing t)", "{'$timestamp' : {'i' : '42'} }", Outcome.CAST_REJECTS, BIGINT,
                "{'$timestamp':{'i':'42'}}");
        f.add("Bad $timestamp (missing i)", "{'$timestamp' : {'t' : '123456789'} }", Outcome.CAST_REJECTS, BIGINT,
                "{'$timestamp':{'t':'123456789'}}");
        // The legacy form DMS writes: milliseconds as a JSON number.
        f.add("Bad $date (number, not string or hash)", "{'$date' : 42}", Outcome.LENIENT, TIMESTAMPTZ,
                "1970-01-01T00:00:00.042Z");
        f.add("Bad $date (extra field)", "{'$date' : {'$numberLong' : '1356351330501'}, 'unrelated': true}",
                Outcome.JSONB_OBJECT, JSONB, "{'$date':1356351330501,'unrelated':true}");
        for (String key : List.of("$minKey", "$maxKey")) {
            f.add("Bad " + key + " (boolean, not integer)", "{'" + key + "' : true}", Outcome.LENIENT, JSONB,
                    "{'" + key + "':1}");
            f.add("Bad " + key + " (wrong integer)", "{'" + key + "' : 0}", Outcome.LENIENT, JSONB,
                    "{'" + key + "':1}");
            f.add("Bad " + key + " (extra field)", "{'" + key + "' : 1, 'unrelated': true}", Outcome.JSONB_OBJECT,
                    JSONB, "{'" + key + "':1,'unrelated':true}");
        }
        f.add("Bad DBpointer (extra field)", "{'$dbPointer': {'a': {'$numberInt': '1'}, '$id': "
                        + "{'$oid': '56e1fc72e0c917e9c4714161'}, 'c': {'$numberInt': '2'}, '$ref': 'b'}}",
                Outcome.LENIENT, JSONB, "{'$ref':'b','$id':'56e1fc72e0c917e9c4714161'}");
        f.document("Null byte in document key", "{'a\\u0000': 1 }", Outcome.LENIENT,
                new Expected("a_", "a\\0", BIGINT, "1"));
        f.document("Null byte in sub-document key", "{'a' : {'b\\u0000': 1 }}", Outcome.LENIENT,
                new Expected("a_b_", "a.b\\0", BIGINT, "1"));
        f.add("Null byte in $regularExpression pattern",
                "{'$regularExpression' : { 'pattern': 'b\\u0000', 'options' : 'i'}}",
                Outcome.NUL, TEXT, "/b\0/i");
        f.add("Null byte in $regularExpression options",
                "{'$regularExpression' : { 'pattern': 'b', 'options' : 'i\\u0000'}}",
                Outcome.NUL, TEXT, "/b/\0i");
    }

    /** Adds the valid cases of one corpus file. */
    private record CorpusFile(List<Case> into, String file, String key) {
        /** A case whose documents are {@code {"<key>": <value>}}, or whole documents when the file has no key. */
        Builder valid(String description) {
            return new Builder(this, description);
        }
    }

    private static final class Builder {
        private final CorpusFile file;
        private final String description;
        private final List<Input> inputs = new ArrayList<>();
        private final List<Expected> columns = new ArrayList<>();

        Builder(CorpusFile file, String description) {
            this.file = file;
            this.description = description;
        }

        Builder canonical(String value) {
            return add(Form.CANONICAL, value);
        }

        Builder relaxed(String value) {
            return add(Form.RELAXED, value);
        }

        Builder degenerate(String value) {
            return add(Form.DEGENERATE, value);
        }

        Builder converted(String value) {
            return add(Form.CONVERTED, value);
        }

        Builder legacy(String value) {
            return add(Form.LEGACY, value);
        }

        private Builder add(Form form, String value) {
            String key = file.key();
            inputs.add(new Input(form, key == null ? q(value) : q("{'" + key + "': " + value + "}")));
            return this;
        }

        /** The only column, named after the file's key. */
        void expect(String type, String text) {
            column(file.key(), file.key(), type, text).done();
        }

        Builder column(String name, String type, String text) {
            return column(name, name, type, text);
        }

        Builder column(String name, String path, String type, String text) {
            columns.add(new Expected(name, path, type, text));
            return this;
        }

        void done() {
            file.into().add(new Case(file.file(), description, List.copyOf(inputs), List.copyOf(columns)));
        }
    }

    /** Adds the parse errors of one corpus file. */
    private record ParseErrors(List<ParseError> into, String file, String key) {
        ParseErrors key(String other) {
            return new ParseErrors(into, file, other);
        }

        /** A parse error in the value of the file's key, which gives that one column ({@code text} in {@link #q}). */
        void add(String description, String value, Outcome outcome, String type, String text) {
            document(description, "{'" + key + "': " + value + "}", outcome, new Expected(key, key, type, q(text)));
        }

        /** A {@code $numberDecimal} string no decimal128 parser may read: the wrapper goes on for numeric to reject. */
        void decimal(String description, String string) {
            String wrapper = "{\"$numberDecimal\":" + quote(string) + "}";
            into.add(new ParseError(file, description, "{\"" + key + "\": " + wrapper + "}", Outcome.CAST_REJECTS,
                    new Expected(key, key, NUMERIC, wrapper)));
        }

        /** A parse error in a whole document ({@code document} in {@link #q}). */
        void document(String description, String document, Outcome outcome, Expected column) {
            into.add(new ParseError(file, description, q(document), outcome, column));
        }
    }
}
