package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableClaims.Claim;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.core.source.SourceFile;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Table claims on a real server: one run at a time per table, named to the others, gone with their session. */
@Tag("reliability")
class TableClaimsIT {
    private static final TableSpec ORDERS = TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
            .build();
    private static final TableSpec CUSTOMERS = TableSpec.builder("customers", "crm/customers/")
            .column("id", "bigint").build();

    private final TestDatabase db = PostgresServer.shared().newDatabase("claims");
    private final PostgresLedger ledger = new PostgresLedger(db.dataSource(), "public");

    private PostgresTableClaims claims(Duration wait) {
        return new PostgresTableClaims(db.dataSource(), ledger, WaitPolicy.of(wait, Duration.ofMinutes(1),
                Duration.ZERO));
    }

    @Test
    void aClaimedTableIsBusyForAnotherRunNamingTheHolderAndFreeOnceReleased() {
        try (Claim first = claims(Duration.ZERO).claim(ORDERS, "20261202t160000_aaaaaa")) {
            assertThat(first.heldBy()).isNull();
            long started = System.nanoTime();

            try (Claim second = claims(Duration.ofMillis(500)).claim(ORDERS, "20261202t160001_bbbbbb")) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(500),
                        Duration.ofSeconds(20));
                assertThat(second.heldBy()).matches("run 20261202t160000_aaaaaa \\(pid \\d+, connected at "
                        + "\\d\\d:\\d\\d:\\d\\d UTC\\) was loading it for longer than this run waits \\(1 s\\)");
            }
            try (Claim other = claims(Duration.ZERO).claim(CUSTOMERS, "20261202t160001_bbbbbb")) {
                assertThat(other.heldBy()).as("another table is free").isNull();
            }
            assertThat(db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                    + "'lakeload run 20261202t160000_aaaaaa'")).isEqualTo("1");
        }
        try (Claim after = claims(Duration.ZERO).claim(ORDERS, "20261202t160002_cccccc")) {
            assertThat(after.heldBy()).isNull();
        }
    }

    @Test
    void aClaimGoesWithTheSessionOfARunThatDied() {
        Claim dead = claims(Duration.ZERO).claim(ORDERS, "20261202t160000_dddddd");
        try {
            assertThat(dead.heldBy()).isNull();
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'lakeload run 20261202t160000_dddddd'");

            try (Claim next = claims(Duration.ofSeconds(10)).claim(ORDERS, "20261202t160001_eeeeee")) {
                assertThat(next.heldBy()).isNull();
            }
        } finally {
            dead.close();
        }
    }

    @Test
    void runsSplittingATableHoldItTogetherAndEachFileAndTheChangeFilesOnce() {
        SourceFile first = file("LOAD00000001.csv");
        SourceFile second = file("LOAD00000002.csv");
        try (Claim a = claims(Duration.ZERO).claimShared(ORDERS, "20261202t160000_ffffff");
             Claim b = claims(Duration.ZERO).claimShared(ORDERS, "20261202t160001_gggggg")) {
            assertThat(a.heldBy()).isNull();
            assertThat(b.heldBy()).as("split runs share the table").isNull();
            try (Claim whole = claims(Duration.ZERO).tryClaim(ORDERS, "20261202t160002_hhhhhh")) {
                assertThat(whole.heldBy()).as("a run loading it whole").startsWith("run 20261202t16000")
                        .endsWith(" is loading it");
            }

            assertThat(a.tryClaimFile(first)).isTrue();
            assertThat(b.tryClaimFile(first)).as("held by a").isFalse();
            assertThat(b.tryClaimFile(second)).isTrue();
            assertThat(a.tryClaimOrdered()).isTrue();
            assertThat(b.tryClaimOrdered()).as("one run at a time applies the change files").isFalse();
            a.releaseFiles();
            assertThat(b.tryClaimFile(first)).as("released by a").isTrue();
            assertThat(a.tryClaimFile(second)).as("still held by b").isFalse();
            assertThat(b.tryClaimOrdered()).as("released by a").isTrue();
        }
        try (Claim whole = claims(Duration.ZERO).tryClaim(ORDERS, "20261202t160003_iiiiii")) {
            assertThat(whole.heldBy()).isNull();
        }
    }

    private static SourceFile file(String name) {
        return new SourceFile("shop/orders/" + name, "file:/lake/shop/orders/" + name, 10, "v1", Instant.EPOCH);
    }
}
