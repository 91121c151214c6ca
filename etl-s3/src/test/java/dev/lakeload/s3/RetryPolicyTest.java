package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void theDefaultGivesUpAfterFiveAttemptsAndAFewSeconds() {
        assertThat(RetryPolicy.DEFAULT.attempts()).isEqualTo(5);
        assertDelays(RetryPolicy.DEFAULT, 200, 400, 800, 1600);
    }

    @RepeatedTest(20)
    void delaysDoubleAreJitteredDownToHalfAndCapped() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));

        assertDelays(policy, 100, 200, 400, 800, 1000, 1000);
        // far past the cap, the doubling must not overflow into a negative or huge delay
        assertThat(policy.delayAfter(70)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    /** The delay after the n-th failure lies in [cap/2, cap], with caps written out rather than computed. */
    private static void assertDelays(RetryPolicy policy, long... capsMillis) {
        for (int failures = 1; failures <= capsMillis.length; failures++) {
            Duration cap = Duration.ofMillis(capsMillis[failures - 1]);
            assertThat(policy.delayAfter(failures)).as("after failure %d", failures)
                    .isBetween(cap.dividedBy(2), cap);
        }
    }

    @Test
    void aZeroDelayRetriesAtOnce() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

        assertThat(policy.delayAfter(1)).isZero();
        assertThat(policy.delayAfter(2)).isZero();
    }

    @Test
    void invalidPoliciesNameTheirKeys() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source.s3.retry.attempts");
        assertThatThrownBy(() -> new RetryPolicy(101, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source.s3.retry.attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("baseDelay <= maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
