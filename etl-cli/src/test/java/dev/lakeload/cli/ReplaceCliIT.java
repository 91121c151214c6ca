package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode: replace} from the command line: what {@code ls} shows of files that left the table. */
class ReplaceCliIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_replace");
        db = project.db();
    }

    @Test
    void lsShowsFilesNoLongerListedAndThoseRecordedAsRemoved() throws IOException {
        project.write("shop/prices/LOAD00000001.csv", "1,a\n");
        project.write("shop/prices/LOAD00000002.csv", "2,b\n");
        project.writeManifest("""
                - name: prices
                  from: shop/prices/
                  columns: [ { name: id, type: bigint }, { name: label, type: text } ]
                  mode: replace
                """);
        assertThat(CliRun.of("run", project.manifest().toString()).exitCode()).isZero();
        Files.delete(dir.resolve("lake/shop/prices/LOAD00000002.csv"));

        CliRun pending = CliRun.of("ls", project.manifest().toString());

        assertThat(pending.exitCode()).as(pending.err()).isZero();
        assertThat(pending.out()).contains("prices (shop/prices/): 1 to load, 1 loaded, 0 rewritten since loaded, "
                + "1 vanished").containsPattern("vanished +4 +shop/prices/LOAD00000002.csv");

        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(db.query("SELECT id::text FROM prices")).containsExactly(List.of("1"));

        CliRun ls = CliRun.of("ls", project.manifest().toString());

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("prices (shop/prices/): 0 to load, 1 loaded, 0 rewritten since loaded, "
                + "1 removed").containsPattern("removed +4 +shop/prices/LOAD00000002.csv")
                .doesNotContain("vanished");
    }
}
