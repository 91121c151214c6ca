package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.testkit.rows.RecordingSink;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskEmailsTest {
    private static final Schema SCHEMA = Schema.ofNames(List.of("id", "email"));

    private final RecordingSink sink = new RecordingSink();
    private final List<Row> accepted = sink.rows;

    private void transform(String email, long line) {
        new MaskEmails().transform(new Row(SCHEMA, new String[] {"1", email}, "f.csv", line), sink);
    }

    @Test
    void masksTheLocalPartStablyAndKeepsTheDomain() {
        transform("ann@example.com", 1);
        transform("ann@example.com", 2);
        transform("bob@example.com", 3);

        assertThat(accepted).extracting(r -> r.get("email")).allMatch(e -> e.matches("[0-9a-f]{10}@example\\.com"));
        assertThat(accepted.get(0).get("email")).isEqualTo(accepted.get(1).get("email"))
                .isNotEqualTo(accepted.get(2).get("email"));
        assertThat(accepted.get(1).line()).isEqualTo(2);
        assertThat(accepted.get(1).file()).isEqualTo("f.csv");
    }

    @Test
    void keepsNullAndEmptyAndRejectsWhatIsNotAnAddress() {
        transform(null, 1);
        transform("", 2);
        transform("not-an-address", 3);

        assertThat(accepted).extracting(r -> r.get("email")).containsExactly(null, "");
        assertThat(sink.rejects).extracting(r -> r.origin().line() + ":" + r.column() + ":" + r.rawValue())
                .containsExactly("3:email:not-an-address");
    }
}
