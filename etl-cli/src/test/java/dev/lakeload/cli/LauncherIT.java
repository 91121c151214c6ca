package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lakeload}, the launcher: its class data archive never stops a JVM that an operator instruments and
 * follows the Java runtime, and stdout carries the command's output alone.
 */
class LauncherIT {
    private static final Path ARCHIVE = CliProject.REPO.resolve("etl-cli/target/lakeload.jsa");
    private static final Path ARCHIVE_RUNTIME = CliProject.REPO.resolve("etl-cli/target/lakeload.jsa.jvm");

    @TempDir
    Path dir;

    // With the archive, JDK 17 crashed (SIGSEGV, exit 134) loading the JDBC driver's classes once the recording
    // had started; Java agents, which turn on the same class file load hook, crashed it alike.
    @Test
    void aRunRecordedFromTheJvmsStartLoadsItsRowsAndWritesTheRecording() {
        CliProject project = ordersProject("launcher", "1,a\n2,b\n");
        Path recording = dir.resolve("run.jfr");

        ChildProcess.Result run = CliProject.lakeload(
                Map.of("LAKELOAD_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording),
                "run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(project.db().query("SELECT id, note FROM orders ORDER BY id"))
                .containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(recording).isNotEmptyFile();
    }

    // A package update of the JDK leaves the archive of the runtime before it, which the new one cannot map (and
    // JDK 19 and later complained about on stdout at every start).
    @Test
    void anArchiveMadeByAnotherJavaRuntimeIsMadeAgainForThisOne() throws IOException {
        assertThat(CliProject.lakeload(Map.of(), "--version").exitCode()).isZero();
        assertThat(ARCHIVE).exists();
        String runtime = Files.readString(ARCHIVE_RUNTIME);
        Files.writeString(ARCHIVE_RUNTIME, "/opt/another-jdk/bin/java 1 1");

        ChildProcess.Result version = CliProject.lakeload(Map.of(), "--version");

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(Files.readString(ARCHIVE_RUNTIME)).isEqualTo(runtime);
        assertThat(ARCHIVE).exists();
    }

    // Without large pages configured, -XX:+UseLargePages makes the JVM warn, by default on stdout.
    @Test
    void stdoutOfRunWithOutputJsonIsTheDocumentAloneWhatTheJvmWarns() throws IOException {
        CliProject project = ordersProject("launcher_json", "1,a\n");

        // ChildProcess interleaves stdout and stderr: the shell drops stderr.
        ChildProcess.Result run = ChildProcess.run(CliProject.REPO, Map.of("LAKELOAD_JAVA_OPTS",
                "-XX:+UseLargePages"), Duration.ofMinutes(5), List.of("sh", "-c", "\"$0\" \"$@\" 2>/dev/null",
                CliProject.REPO.resolve("bin/lakeload").toString(), "run", project.manifest().toString(), "--output",
                "json"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.output());
        assertThat(report.get("tables").get(0).get("rowsLoaded").asLong()).isEqualTo(1);
    }

    /** A project whose one table, orders (id, note), has one file holding {@code rows}. */
    private CliProject ordersProject(String hint, String rows) {
        CliProject project = new CliProject(dir, hint);
        project.write("shop/orders/LOAD00000001.csv", rows);
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: note, type: text } ]
                """);
        return project;
    }
}
