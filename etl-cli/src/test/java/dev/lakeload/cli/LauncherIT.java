package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.process.ChildProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/lakeload}, the launcher: its class data archive never stops a JVM that an operator instruments. */
class LauncherIT {
    @TempDir
    Path dir;

    // With the archive, JDK 17 crashed (SIGSEGV, exit 134) loading the JDBC driver's classes once the recording
    // had started; Java agents, which turn on the same class file load hook, crashed it alike.
    @Test
    void aRunRecordedFromTheJvmsStartLoadsItsRowsAndWritesTheRecording() {
        CliProject project = new CliProject(dir, "launcher");
        project.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: note, type: text } ]
                """);
        Path recording = dir.resolve("run.jfr");

        ChildProcess.Result run = CliProject.lakeload(
                Map.of("LAKELOAD_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording),
                "run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(project.db().query("SELECT id, note FROM orders ORDER BY id"))
                .containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(recording).isNotEmptyFile();
    }
}
