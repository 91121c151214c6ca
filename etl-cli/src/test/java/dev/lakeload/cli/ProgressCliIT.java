package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakeload.testkit.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code run} shows progress through the real CLI: plain lines where stderr is a log, a line redrawn in place
 * on a (pseudo-)terminal; and what {@code --quiet} and {@code --verbose} leave out and add.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProgressCliIT {
    private static final int ROWS = 40_000;
    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    private CliProject project;
    private long fileSize;

    @BeforeEach
    void setUp() throws Exception {
        project = new CliProject(dir, "cli_progress");
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",note ").append(i).append(",1.50\n");
        }
        fileSize = Files.size(project.write("shop/orders/LOAD00000001.csv", csv.toString()));
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns:
                    - { name: id, type: bigint }
                    - { name: note, type: text }
                    - { name: amount, type: "numeric(12,2)" }
                """);
    }

    @Test
    void withoutATerminalProgressIsAPlainLineEveryIntervalAndALineWhenTheTableIsDone() {
        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString(),
                "--progress-interval", "20ms");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("\r", ESC)
                .containsPattern("progress: orders: (file 1/1  [0-9.]+ [KM]?B of " + size() + " \\(\\d+%\\)  "
                        + "[0-9,]+ rows  [0-9.]+ [KM]?B/s  ETA |promoting  " + size() + ", 40,000 rows, for [0-9.]+s)")
                .contains("progress: orders: loaded, 1 of 1 file(s), " + ProgressDisplay.bytes(fileSize) + ", "
                        + "40,000 rows read in ")
                .containsPattern("orders\\s+loaded\\s+1\\s+40000\\s+40000");
    }

    @Test
    void onATerminalProgressIsOneLineRedrawnInPlace() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script makes the pseudo-terminal");
        String command = String.join(" ", quoted(CliProject.REPO.resolve("bin/lakeload").toString()), "run",
                quoted(project.manifest().toString()), "--progress-interval", "20ms");

        ChildProcess.Result run = ChildProcess.run(CliProject.REPO, Map.of("TERM", "xterm"), Duration.ofMinutes(3),
                List.of("/usr/bin/script", "-qfec", command, "/dev/null"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("progress: ")
                .containsPattern("\r" + ESC + "\\[Korders: (file 1/1  [0-9.]+ [KM]?B of |promoting  " + size() + ")")
                .contains("orders: loaded, 1 of 1 file(s), " + ProgressDisplay.bytes(fileSize))
                .containsPattern("orders\\s+loaded\\s+1\\s+40000\\s+40000");
    }

    @Test
    void quietPrintsNothingWhenAllIsWellAndOnlyTheFailuresOtherwise() {
        ChildProcess.Result ok = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "--quiet",
                "--progress-interval", "20ms");

        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).isEmpty();

        project.write("shop/orders/LOAD00000002.csv", "1,a,1.00\n2,b\n");
        ChildProcess.Result failed = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "-q");

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(ExitCodes.DATA);
        assertThat(failed.output()).doesNotContain("TABLE", "progress")
                .containsPattern("(?m)^error: orders: .*shop/orders/LOAD00000002\\.csv, line 2")
                .containsPattern("(?m)^run \\S+: 1 of 1 table\\(s\\) failed$");
    }

    @Test
    void verboseLogsEachStagedFileAndExcludesQuiet() {
        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "--verbose",
                "--progress", "off");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("DEBUG LoadPipeline - table orders: staged shop/orders/LOAD00000001.csv: "
                + "40000 record(s), " + fileSize + " byte(s)").doesNotContain("progress: ");

        CliRun both = CliRun.of("run", project.manifest().toString(), "--quiet", "--verbose");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--quiet and --verbose exclude each other");
    }

    private String size() {
        return ProgressDisplay.bytes(fileSize).replace(".", "\\.");
    }

    private static String quoted(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
