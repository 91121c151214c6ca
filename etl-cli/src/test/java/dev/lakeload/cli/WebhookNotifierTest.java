package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A webhook URL is a secret: only its scheme, host and port are ever printed. */
@Tag("reliability")
class WebhookNotifierTest {
    private static String redacted(String url) {
        return new WebhookNotifier(url, Duration.ofSeconds(1)).redacted();
    }

    @Test
    void userInfoPathAndQueryAreLeftOut() {
        assertThat(redacted("https://hooks.slack.com/services/T000/B000/XXXXXXXX"))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(redacted("http://bot:s3cret@alerts.example.com:8443/hook?token=abc#x"))
                .isEqualTo("http://alerts.example.com:8443/…");
    }

    @Test
    void onlyAbsoluteHttpUrlsAreAcceptedAndTheRefusalDoesNotEchoThem() {
        for (String url : new String[] {"ftp://example.com/s3cret", "hooks.slack.com/services/s3cret",
            "https:///s3cret", "http://exa mple.com/s3cret"}) {
            assertThatThrownBy(() -> redacted(url)).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--notify needs an http:// or https:// URL with a host")
                    .hasMessageNotContaining("s3cret");
        }
    }
}
