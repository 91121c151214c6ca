package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedding example loads the bundled quickstart lake, masking emails on the way. */
class EmbeddedLoadIT {
    private static final Path LAKE = Path.of("quickstart/lake");

    @Test
    void loadsTheQuickstartLakeWithMaskedEmails() {
        TestDatabase db = PostgresServer.shared().newDatabase("examples");

        RunReport first = EmbeddedLoad.load(LAKE, db.dataSource(), "public");

        assertThat(first.tables()).extracting(t -> t.status()).containsOnly(TableStatus.LOADED);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("8");
        assertThat(db.query("SELECT email FROM customers WHERE email IS NOT NULL ORDER BY id"))
                .hasSize(5).allMatch(r -> r.get(0).matches("[0-9a-f]{10}@[a-z.]+"));
        assertThat(db.query("SELECT name, postal_code FROM customers WHERE id IN (2, 7) ORDER BY id"))
                .containsExactly(List.of("Zoë O'Brien, Jr.", "D02 X285"), List.of("Leading Zeros Ltd", "02903"));

        RunReport second = EmbeddedLoad.load(LAKE, db.dataSource(), "public");
        assertThat(second.tables()).extracting(t -> t.status()).containsOnly(TableStatus.UP_TO_DATE);
    }
}
