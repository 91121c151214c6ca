package dev.lakeload.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobFilterTest {
    private static boolean matches(String glob, String key) {
        return new GlobFilter(List.of(glob), List.of()).test(key);
    }

    @Test
    void allSelectsEverything() {
        assertThat(GlobFilter.ALL.test("LOAD00000001.csv")).isTrue();
        assertThat(GlobFilter.ALL.test("2026/11/25/anything")).isTrue();
        assertThat(GlobFilter.ALL.includes()).isEmpty();
        assertThat(GlobFilter.ALL.excludes()).isEmpty();
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            // without '/', a pattern matches the file name in any folder
            "*.csv, LOAD00000001.csv, true",
            "*.csv, 2026/11/25/20261125-000000001.csv, true",
            "*.csv, LOAD00000001.csv.gz, false",
            "LOAD*, part1/LOAD00000001.csv, true",
            "LOAD*, 20261125-000000001.csv, false",
            "????????-*.csv, 20261125-000000001.csv, true",
            "????????-*.csv, 2026112-000000001.csv, false",
            // with '/', it matches the whole key relative to the table
            "*/LOAD*, part1/LOAD00000001.csv, true",
            "*/LOAD*, LOAD00000001.csv, false",
            "*/LOAD*, a/b/LOAD00000001.csv, false",
            "**/LOAD*, a/b/LOAD00000001.csv, true",
            "**/LOAD*, LOAD00000001.csv, true",
            "2026/**, 2026/11/25/x.csv, true",
            "2026/**, 2025/11/25/x.csv, false",
            "2026/*/25/*.csv, 2026/11/25/x.csv, true",
            "2026/*/25/*.csv, 2026/11/26/x.csv, false",
            "**, anything/at/all, true",
            // '?' is one character but never '/'
            "a?c, abc, true",
            "a?c, a/c, false",
            "a?c, abbc, false",
            // regular-expression characters are literal
            "a+b(1).csv, a+b(1).csv, true",
            "a+b(1).csv, aab1.csv, false",
            "[x].csv, [x].csv, true",
            "[x].csv, x.csv, false",
            "$.csv, $.csv, true"})
    void matchesGlobs(String glob, String key, boolean expected) {
        assertThat(matches(glob, key)).isEqualTo(expected);
    }

    @Test
    void aFileIsSelectedByAnyIncludeAndDroppedByAnyExclude() {
        GlobFilter filter = new GlobFilter(List.of("*.csv", "*.csv.gz"), List.of("tmp/**", "*-preview.csv"));

        assertThat(filter.test("LOAD00000001.csv")).isTrue();
        assertThat(filter.test("LOAD00000002.csv.gz")).isTrue();
        assertThat(filter.test("LOAD00000003.parquet")).isFalse();
        assertThat(filter.test("tmp/LOAD00000004.csv")).isFalse();
        assertThat(filter.test("report-preview.csv")).isFalse();
    }

    @Test
    void excludesAloneKeepEverythingElse() {
        GlobFilter filter = new GlobFilter(List.of(), List.of("_SUCCESS"));

        assertThat(filter.test("LOAD00000001.csv")).isTrue();
        assertThat(filter.test("2026/11/25/_SUCCESS")).isFalse();
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertThatThrownBy(() -> new GlobFilter(List.of(""), List.of()))
                .isInstanceOf(dev.lakeload.core.ConfigException.class)
                .hasMessageContaining("empty include or exclude pattern");
    }

    @Test
    void describesItsPatterns() {
        assertThat(new GlobFilter(List.of("*.csv"), List.of("tmp/**")))
                .hasToString("include [*.csv] exclude [tmp/**]");
    }
}
