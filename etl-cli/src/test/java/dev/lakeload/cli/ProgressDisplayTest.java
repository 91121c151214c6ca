package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.SourceFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the progress display draws from the pipeline's events, with its timer out of the way (an hour). */
class ProgressDisplayTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final TableSpec ORDERS = TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
            .build();
    private static final SourceFile FILE = new SourceFile("shop/orders/LOAD00000001.csv", "file:/lake/x", 3_000_000,
            "v1", Instant.EPOCH);

    private final StringWriter written = new StringWriter();

    @Test
    void theLiveLineIsRedrawnInPlaceAndATableThatLoadedEndsWithALineThatStays() {
        try (ProgressDisplay display = open(ProgressDisplay.Mode.LIVE)) {
            display.tableStarted("run", ORDERS, 2, 4 * 1024 * 1024);
            display.fileProgress("run", "orders", FILE, 8192, 1024 * 1024);
            display.draw();
            display.fileStaged("run", "orders", FILE, 20_000, 2 * 1024 * 1024);
            display.draw();
            display.tableFinished("run", result(TableStatus.LOADED));
            display.draw();
        }

        String[] parts = written.toString().split("\r\u001b\\[K", -1);
        assertThat(parts[0]).isEmpty();
        assertThat(parts[1]).matches("orders: file 1/2  1\\.0 MB of 4\\.0 MB \\(25%\\)  8,192 rows  "
                + "[0-9.]+ [KMGT]?B/s  ETA [0-9hms.]+");
        assertThat(parts[2]).matches("orders: file 2/2  2\\.0 MB of 4\\.0 MB \\(50%\\)  20,000 rows  .*");
        assertThat(parts[3]).matches("orders: loaded, 1 of 2 file\\(s\\), 2\\.0 MB, 20,000 rows read in [0-9.]+s "
                + "\\([0-9.]+ [KMGT]?B/s\\)\\R");
        assertThat(parts).hasSize(4); // nothing drawn once no table loads
    }

    @Test
    void plainLinesNameEachLoadingTableAndAnUpToDateTableSaysNothing() {
        try (ProgressDisplay display = open(ProgressDisplay.Mode.PLAIN)) {
            display.tableStarted("run", ORDERS, 1, 3_000_000);
            display.fileStaged("run", "orders", FILE, 20_000, 3_000_000);
            display.draw();
            display.tableFinished("run", result(TableStatus.FAILED));
            TableSpec other = TableSpec.builder("customers", "shop/customers/").column("id", "bigint").build();
            display.tableStarted("run", other, 0, 0);
            display.tableFinished("run", new TableResult("customers", TableStatus.UP_TO_DATE, 0, 0, 0, 0, 0, null,
                    null, List.of()));
            display.draw();
        }

        assertThat(written.toString().lines().toList()).satisfiesExactly(
                line -> assertThat(line).matches("progress: orders: promoting  2\\.9 MB, 20,000 rows, for [0-9.]+s"),
                line -> assertThat(line).startsWith("progress: orders: failed, 1 of 1 file(s), 2.9 MB, 20,000 rows"));
        assertThat(written.toString()).doesNotContain("\r");
    }

    @Test
    void sizesAndDurationsReadAtAGlance() {
        assertThat(ProgressDisplay.bytes(512)).isEqualTo("512 B");
        assertThat(ProgressDisplay.bytes(1536)).isEqualTo("1.5 KB");
        assertThat(ProgressDisplay.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
        assertThat(ProgressDisplay.duration(0.42)).isEqualTo("0.4s");
        assertThat(ProgressDisplay.duration(42)).isEqualTo("42s");
        assertThat(ProgressDisplay.duration(185)).isEqualTo("3m05s");
        assertThat(ProgressDisplay.duration(7620)).isEqualTo("2h07m");
    }

    private ProgressDisplay open(ProgressDisplay.Mode mode) {
        return new ProgressDisplay(mode, new PrintWriter(written), NEVER);
    }

    private static TableResult result(TableStatus status) {
        return new TableResult("orders", status, 2, 20_000, 0, 0, 1.0, status == TableStatus.FAILED ? "boom" : null,
                status == TableStatus.FAILED ? dev.lakeload.core.pipeline.ErrorKind.DATA : null, List.of());
    }
}
