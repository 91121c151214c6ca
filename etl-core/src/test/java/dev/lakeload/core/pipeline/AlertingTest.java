package dev.lakeload.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.Freshness;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.config.UncoveredFolders;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freshness verdicts and the folders no table covers, judged on a real folder. */
@Tag("reliability")
class AlertingTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Freshness LIMITS = new Freshness(Duration.ofHours(2), Duration.ofHours(24));

    @TempDir
    Path lake;

    private void write(String key) throws IOException {
        Path file = lake.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "1,a\n");
    }

    private static SourceFile file(String key, Instant modified) {
        return new SourceFile(key, "file:/" + key, 4, "v", modified);
    }

    @Test
    void aChangeFileIsAsOldAsTheTimeInItsNameAnyOtherFileAsItsModification() {
        // Uploaded just now, but DMS wrote these changes 30 hours ago: the task is what is late.
        FreshnessVerdict late = FreshnessVerdict.of(LIMITS, List.of(file("t/LOAD00000001.csv", NOW.minusSeconds(
                40 * 3600)), file("t/2026/12/01/20261201-060000000.csv", NOW)), "t/", NOW);
        assertThat(late.level()).isEqualTo(FreshnessVerdict.Level.ERROR);
        assertThat(late.newestKey()).isEqualTo("t/2026/12/01/20261201-060000000.csv");
        assertThat(late.newestAt()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(late.age()).isEqualTo(Duration.ofHours(30));
        assertThat(late.describe()).isEqualTo("newest file t/2026/12/01/20261201-060000000.csv is from "
                + "2026-12-01T06:00:00Z, 1d 6h old, past errorAfter 1d (is the DMS task still replicating this "
                + "table?)");

        FreshnessVerdict stale = FreshnessVerdict.of(LIMITS, List.of(file("t/LOAD00000001.csv",
                NOW.minusSeconds(3 * 3600))), "t/", NOW);
        assertThat(stale.level()).isEqualTo(FreshnessVerdict.Level.STALE);
        assertThat(stale.describe()).contains("3h old, past warnAfter 2h");

        FreshnessVerdict fresh = FreshnessVerdict.of(LIMITS, List.of(file("t/LOAD00000001.csv",
                NOW.minusSeconds(3600))), "t/", NOW);
        assertThat(fresh.level()).isEqualTo(FreshnessVerdict.Level.FRESH);
    }

    @Test
    void aTableWithoutFilesIsPastEveryLimit() {
        FreshnessVerdict none = FreshnessVerdict.of(LIMITS, List.of(), "t/", NOW);
        assertThat(none.level()).isEqualTo(FreshnessVerdict.Level.ERROR);
        assertThat(none.newestKey()).isNull();
        assertThat(none.describe()).startsWith("no files at all, past errorAfter 1d");
        assertThat(FreshnessVerdict.of(new Freshness(Duration.ofHours(2), null), List.of(), "t/", NOW).level())
                .isEqualTo(FreshnessVerdict.Level.STALE);
    }

    @Test
    void foldersHoldingDmsFilesThatNoTableSelectsAreUncoveredUnlessIgnored() throws IOException {
        write("shop/orders/LOAD00000001.csv");
        write("shop/customers/LOAD00000001.csv");
        write("shop/customers/2026/11/25/20261125-101500123.csv");
        write("shop/audit_log/20261125-101500123.csv.gz");
        write("shop/returns/LOAD00000001.csv");       // under a table's from:, but its include leaves it out
        write("docs/readme.txt");                      // not a DMS file
        write("LOAD00000001.csv");                     // not in a folder
        List<TableSpec> tables = List.of(table("orders", "shop/orders").build(), table("returns", "shop/returns/")
                .files(new GlobFilter(List.of("*.gz"), List.of())).build());

        Coverage all = new Coverage(tables, List.of(), UncoveredFolders.WARN);
        try (LocalFolderSource source = new LocalFolderSource(lake)) {
            assertThat(all.uncovered(source)).containsExactly(new UncoveredFolder("shop/audit_log/", 1),
                    new UncoveredFolder("shop/customers/", 2), new UncoveredFolder("shop/returns/", 1));
            assertThat(new Coverage(tables, List.of("shop/audit_*", "customers"), UncoveredFolders.FAIL)
                    .uncovered(source)).containsExactly(new UncoveredFolder("shop/returns/", 1));
        }
    }

    @Test
    void uncoveredFoldersFailTheRunOnlyUnderFail() {
        TableResult loaded = new TableResult("t", TableStatus.LOADED, 1, 1, 1, 0, 0, null, null, List.of());
        List<UncoveredFolder> found = List.of(new UncoveredFolder("shop/audit/", 2));

        assertThat(new RunReport("r", NOW, NOW, List.of(loaded), List.of(), found, false).passed()).isTrue();
        RunReport failing = new RunReport("r", NOW, NOW, List.of(loaded), List.of(), found, true);
        assertThat(failing.succeeded()).isTrue();
        assertThat(failing.problems()).containsExactly("1 folder(s) look like DMS tables and no table loads them: "
                + "shop/audit/ (uncoveredFolders: fail); add a table for each, or list them under ignore");
    }

    @Test
    void aStaleErrorFailsTheRunThoughTheTableLoaded() {
        FreshnessVerdict old = FreshnessVerdict.of(LIMITS, List.of(), "t/", NOW);
        TableResult loaded = new TableResult("t", TableStatus.LOADED, 1, 1, 1, 0, 0, null, null, List.of(), 0, 0,
                old, List.of());

        RunReport report = new RunReport("r", NOW, NOW, List.of(loaded));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).singleElement().asString().startsWith("table t is stale: no files at all");
    }

    private static TableSpec.Builder table(String name, String from) {
        return TableSpec.builder(name, from).column("id", "bigint").column("note", "text");
    }
}
