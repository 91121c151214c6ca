package dev.lakeload.json;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.json.BsonCorpus.Case;
import dev.lakeload.json.BsonCorpus.Expected;
import dev.lakeload.json.BsonCorpus.Form;
import dev.lakeload.json.BsonCorpus.Input;
import dev.lakeload.json.BsonCorpus.Outcome;
import dev.lakeload.json.BsonCorpus.ParseError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flattener against the BSON corpus of the MongoDB specifications ({@link BsonCorpus}): every form of every
 * valid case gives the columns the spec says, with one type for all forms of a case, and no Extended JSON parse
 * error makes it throw.
 */
class BsonCorpusConformanceTest {
    private static final Pattern DECIMAL = Pattern.compile("\"\\$numberDecimal\" : \"([^\"]*)\"");

    static Stream<Arguments> inputs() {
        return BsonCorpus.valid().stream()
                .flatMap(c -> c.inputs().stream().map(i -> arguments(c, i.form(), i.document())));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("inputs")
    void eachFormOfAValidCaseGivesTheColumnsTheSpecSays(Case c, Form form, String document) {
        Flatten flatten = new Flatten().docs(document);

        assertThat(flatten.sink.rejects).isEmpty();
        Row row = flatten.sink.single();
        assertThat(row.schema().names()).containsExactlyElementsOf(c.columns().stream().map(Expected::column).toList());
        for (Expected expected : c.columns()) {
            Column column = Flatten.column(row, expected.column());
            assertThat(column.typeHint()).as(expected.column()).isEqualTo(expected.type());
            assertThat(column.sourcePath()).as(expected.column()).isEqualTo(expected.path());
            assertSameValue(expected, row.get(expected.column()), form == Form.CANONICAL);
        }
    }

    /**
     * The canonical form gives the spec's text exactly; the others may write the same value differently (a legacy
     * double as {@code %.20g}, a degenerate decimal as written), so numbers compare by value there.
     */
    private static void assertSameValue(Expected expected, String actual, boolean exact) {
        String text = expected.text();
        if (exact || text == null || actual == null) {
            assertThat(actual).as(expected.column()).isEqualTo(text);
        } else if (BsonCorpus.DOUBLE.equals(expected.type())) {
            // Double.equals tells -0.0 from 0.0 and takes NaN as equal to itself, as float8 does.
            assertThat(Double.valueOf(actual)).as(expected.column()).isEqualTo(Double.valueOf(text));
        } else if (BsonCorpus.NUMERIC.equals(expected.type()) && Character.isDigit(text.charAt(text.length() - 1))) {
            assertThat(new BigDecimal(actual)).as(expected.column()).isEqualByComparingTo(new BigDecimal(text));
        } else {
            assertThat(actual).as(expected.column()).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakeload.json.BsonCorpus#valid")
    void allFormsOfACaseShareTheirColumnsTypesInOneLoad(Case c) {
        Flatten flatten = new Flatten();
        c.inputs().forEach(input -> flatten.docs(input.document()));

        List<Row> rows = flatten.sink.main();
        assertThat(rows).hasSize(c.inputs().size());
        Row last = rows.get(rows.size() - 1);
        for (Expected expected : c.columns()) {
            assertThat(Flatten.type(last, expected.column())).as(expected.column()).isEqualTo(expected.type());
            for (Row row : rows) {
                assertSameValue(expected, row.get(expected.column()), false);
            }
        }
    }

    @Test
    void degenerateDecimalsKeepTheirTextUnlessDecimal128RoundsOrClampsThem() {
        int canonicalised = 0;
        for (Case c : BsonCorpus.valid()) {
            String degenerate = c.document(Form.DEGENERATE);
            if (!c.file().startsWith("decimal128") || degenerate == null) {
                continue;
            }
            String written = decimalString(degenerate);
            String canonical = c.columns().get(0).text();
            String text = new Flatten().docs(degenerate).sink.single().get("d");
            assertThat(text).as(c.toString()).isIn(written, canonical);
            canonicalised += text.equals(canonical) && !written.equals(canonical) ? 1 : 0;
        }
        // Exact rounding, clamping, and the special values spelled otherwise (nan, -inf, ...): decimal128-1, -4, -5.
        assertThat(canonicalised).isEqualTo(69);
    }

    private static String decimalString(String document) {
        Matcher m = DECIMAL.matcher(document);
        assertThat(m.find()).as(document).isTrue();
        return m.group(1);
    }

    @Test
    void coversEveryValidCaseOfTheCorpusInEachFormItGives() {
        Map<String, Map<Form, Long>> forms = new TreeMap<>();
        Map<String, Long> cases = new TreeMap<>();
        for (Case c : BsonCorpus.valid()) {
            cases.merge(c.file(), 1L, Long::sum);
            Map<Form, Long> given = forms.computeIfAbsent(c.file(), k -> new TreeMap<>());
            c.inputs().stream().map(Input::form).filter(f -> f != Form.LEGACY).distinct()
                    .forEach(form -> given.merge(form, 1L, Long::sum));
        }

        // The corpus's counts: valid cases, and how many of them give each form.
        assertThat(cases).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(Map.entry("array.json", 5L),
                Map.entry("binary.json", 20L), Map.entry("boolean.json", 2L), Map.entry("code.json", 6L),
                Map.entry("code_w_scope.json", 5L), Map.entry("datetime.json", 5L), Map.entry("dbpointer.json", 3L),
                Map.entry("dbref.json", 9L), Map.entry("decimal128-1.json", 60L), Map.entry("decimal128-2.json", 157L),
                Map.entry("decimal128-3.json", 308L), Map.entry("decimal128-4.json", 13L),
                Map.entry("decimal128-5.json", 67L), Map.entry("document.json", 7L), Map.entry("double.json", 12L),
                Map.entry("extra", 11L), Map.entry("int32.json", 5L), Map.entry("int64.json", 5L),
                Map.entry("maxkey.json", 1L), Map.entry("minkey.json", 1L), Map.entry("multi-type.json", 1L),
                Map.entry("multi-type-deprecated.json", 1L), Map.entry("null.json", 1L), Map.entry("oid.json", 3L),
                Map.entry("regex.json", 9L), Map.entry("string.json", 7L), Map.entry("symbol.json", 6L),
                Map.entry("timestamp.json", 4L), Map.entry("top.json", 4L), Map.entry("undefined.json", 1L))));
        assertThat(forms.get("binary.json")).containsExactlyEntriesOf(counts(20, 0, 2, 0));
        assertThat(forms.get("datetime.json")).containsExactlyEntriesOf(counts(5, 5, 0, 0));
        assertThat(forms.get("dbpointer.json")).containsExactlyEntriesOf(counts(3, 0, 1, 3));
        assertThat(forms.get("decimal128-1.json")).containsExactlyEntriesOf(counts(60, 0, 26, 0));
        assertThat(forms.get("decimal128-3.json")).containsExactlyEntriesOf(counts(308, 0, 224, 0));
        assertThat(forms.get("decimal128-4.json")).containsExactlyEntriesOf(counts(13, 0, 10, 0));
        assertThat(forms.get("decimal128-5.json")).containsExactlyEntriesOf(counts(67, 0, 59, 0));
        assertThat(forms.get("double.json")).containsExactlyEntriesOf(counts(12, 12, 0, 0));
        assertThat(forms.get("int32.json")).containsExactlyEntriesOf(counts(5, 5, 0, 0));
        assertThat(forms.get("int64.json")).containsExactlyEntriesOf(counts(5, 5, 0, 0));
        assertThat(forms.get("multi-type-deprecated.json")).containsExactlyEntriesOf(counts(1, 0, 0, 1));
        assertThat(forms.get("regex.json")).containsExactlyEntriesOf(counts(9, 0, 2, 0));
        assertThat(forms.get("symbol.json")).containsExactlyEntriesOf(counts(6, 0, 0, 6));
        assertThat(forms.get("timestamp.json")).containsExactlyEntriesOf(counts(4, 0, 1, 0));
        assertThat(forms.get("undefined.json")).containsExactlyEntriesOf(counts(1, 0, 0, 1));
        for (String file : List.of("array.json", "boolean.json", "code.json", "code_w_scope.json", "dbref.json",
                "decimal128-2.json", "document.json", "maxkey.json", "minkey.json", "multi-type.json", "null.json",
                "oid.json", "string.json", "top.json")) {
            assertThat(forms.get(file)).as(file).containsExactlyEntriesOf(counts(cases.get(file), 0, 0, 0));
        }
    }

    private static Map<Form, Long> counts(long canonical, long relaxed, long degenerate, long converted) {
        Map<Form, Long> counts = new TreeMap<>();
        counts.put(Form.CANONICAL, canonical);
        if (relaxed > 0) {
            counts.put(Form.RELAXED, relaxed);
        }
        if (degenerate > 0) {
            counts.put(Form.DEGENERATE, degenerate);
        }
        if (converted > 0) {
            counts.put(Form.CONVERTED, converted);
        }
        return counts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakeload.json.BsonCorpus#parseErrors")
    void aParseErrorNeverThrowsAndGivesItsDocumentedOutcome(ParseError error) {
        Flatten flatten = new Flatten().docs(error.document());

        assertThat(flatten.sink.rejects).isEmpty();
        Row row = flatten.sink.single();
        Expected expected = error.column();
        Column column = Flatten.column(row, expected.column());
        assertThat(column.typeHint()).isEqualTo(expected.type());
        assertThat(column.sourcePath()).isEqualTo(expected.path());
        assertThat(row.get(expected.column())).isEqualTo(expected.text());
        if (error.outcome() == Outcome.NUL) {
            assertThat(expected.text()).contains("\0");
        }
    }

    @Test
    void coversEveryExtendedJsonParseErrorOfTheCorpus() {
        Map<String, Long> counts = BsonCorpus.parseErrors().stream()
                .collect(groupingBy(ParseError::file, TreeMap::new, counting()));

        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("binary.json", 5L, "top.json", 44L,
                "decimal128-4.json", 20L, "decimal128-6.json", 31L, "decimal128-7.json", 80L, "extra", 17L)));
    }
}
