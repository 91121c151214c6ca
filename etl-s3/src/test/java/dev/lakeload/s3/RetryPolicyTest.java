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
        Duration longestTotalWait = Duration.ZERO;
        for (int failures = 1; failures < RetryPolicy.DEFAULT.attempts(); failures++) {
            longestTotalWait = longestTotalWait.plus(upperBound(RetryPolicy.DEFAULT, failures));
        }
        assertThat(longestTotalWait).isEqualTo(Duration.ofMillis(200 + 400 + 800 + 1600));
    }

    @RepeatedTest(20)
    void delaysDoubleAreJitteredDownToHalfAndCapped() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int failures = 1; failures <= 70; failures++) {
            Duration full = upperBound(policy, failures);
            assertThat(policy.delayAfter(failures)).isBetween(full.dividedBy(2), full);
        }
        assertThat(upperBound(policy, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(upperBound(policy, 4)).isEqualTo(Duration.ofMillis(800));
        assertThat(upperBound(policy, 5)).isEqualTo(Duration.ofMillis(1000));
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

    private static Duration upperBound(RetryPolicy policy, int failures) {
        double exponential = policy.baseDelay().toNanos() * Math.pow(2, failures - 1);
        return Duration.ofNanos((long) Math.min(policy.maxDelay().toNanos(), exponential));
    }
}
