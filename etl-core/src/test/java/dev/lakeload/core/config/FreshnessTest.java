package dev.lakeload.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("reliability")
class FreshnessTest {
    @Test
    void durationsAreAWholeNumberAndAUnit() {
        assertThat(Freshness.parse("k", "90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Freshness.parse("k", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Freshness.parse("k", " 1D ")).isEqualTo(Duration.ofDays(1));
        assertThat(Freshness.parse("k", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Freshness.parse("k", null)).isNull();
        for (String bad : new String[] {"2", "h", "1.5h", "-1h", "2 hours", "PT2H", ""}) {
            assertThatThrownBy(() -> Freshness.parse("freshness.warnAfter", bad)).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("freshness.warnAfter: '" + bad + "' is not a duration", "90m, 2h or 1d");
        }
    }

    @Test
    void theWarningMustComeBeforeTheErrorAndOneLimitIsNeeded() {
        assertThatThrownBy(() -> new Freshness(Duration.ofDays(1), Duration.ofHours(2)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("warnAfter (1d) must be shorter than "
                        + "errorAfter (2h)");
        assertThatThrownBy(() -> new Freshness(null, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs warnAfter, errorAfter or both");
        assertThatThrownBy(() -> new Freshness(Duration.ZERO, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("warnAfter must be longer than zero");
        assertThat(new Freshness(null, Duration.ofHours(1)).warnAfter()).isNull();
    }

    @Test
    void durationsPrintAsPeopleReadThem() {
        assertThat(Durations.format(Duration.ofMinutes(26 * 60 + 5))).isEqualTo("1d 2h 5m");
        assertThat(Durations.format(Duration.ofSeconds(42))).isEqualTo("42s");
    }

    @Test
    void removingEveryVanishedFileIsForReplaceTablesOnly() {
        assertThatThrownBy(() -> TableSpec.builder("t", "t/").column("id", "bigint")
                .vanishedFiles(VanishedFiles.REMOVE).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("vanishedFiles: remove applies to mode replace only");
        assertThat(TableSpec.builder("t", "t/").column("id", "bigint").mode(LoadMode.REPLACE)
                .vanishedFiles(VanishedFiles.REMOVE).build().vanishedFiles()).isEqualTo(VanishedFiles.REMOVE);
    }
}
