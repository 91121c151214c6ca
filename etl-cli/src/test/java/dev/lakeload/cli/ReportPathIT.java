package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --report FILE} to a path that cannot be written: refused with path and reason before loading. */
@Tag("reliability")
class ReportPathIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_report_path");
        db = project.db();
        project.write("shop/orders/LOAD00000001.csv", "1\n");
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint } ]
                """);
    }

    private void assertNothingLoaded() {
        assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'lakeload'")).isEqualTo("0");
        assertThat(db.tables("public")).isEmpty();
    }

    @Test
    void aReportBelowAFileNamesTheFileInTheWay() throws IOException {
        Path file = Files.writeString(dir.resolve("reports"), "not a folder");
        Path report = file.resolve("run.json");

        CliRun run = CliRun.of("run", project.manifest().toString(), "--report", report.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--report " + report + " cannot be written: " + file
                + " exists and is not a directory; choose a writable path");
        assertNothingLoaded();
    }

    @Test
    void aReportThatIsAFolderIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out"));

        CliRun run = CliRun.of("run", project.manifest().toString(), "--report", folder.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--report " + folder + " is a directory; name a file in it");
        assertNothingLoaded();
    }

    @Test
    void aReportInFoldersNotYetThereIsWrittenAfterTheLoad() throws IOException {
        Path report = dir.resolve("new/folder/run.json");

        CliRun run = CliRun.of("run", project.manifest().toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(Files.readString(report)).contains("\"status\" : \"loaded\"");
    }
}
