package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code run --retries} and {@code --retry-backoff}: read as the README says, refused with what to write. */
class RetryOptionsTest {
    @Test
    void durationsAreAWholeNumberAndAUnitOrZero() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aBackoffThatIsNotADurationIsACommandLineError() {
        CliRun run = CliRun.of("run", "missing.yaml", "--retry-backoff", "5x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--retry-backoff", "'5x' is not a duration", "500ms, 30s, 90m, 2h or 1d");
    }

    @Test
    void negativeRetriesAreACommandLineError() {
        CliRun run = CliRun.of("run", "missing.yaml", "--retries", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--retries must be 0 or more, not -1");
    }
}
