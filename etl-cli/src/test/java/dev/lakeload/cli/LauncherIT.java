package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lakeload}, the launcher, started as operators start it: with an agent or a flight recording, after the
 * Java runtime changed, with {@code JAVA_HOME}, through a symbolic link, by a user who cannot write the build folder;
 * and stdout carries the command's output alone.
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

    // An install links the launcher into a folder on the PATH; it took the link's folder for the clone, found no
    // jar there and tried to build one without a Maven wrapper (exit 127).
    @Test
    void aSymbolicLinkToTheLauncherRunsTheClonesJar() throws IOException {
        Path link = Files.createDirectories(dir.resolve("usr/local/bin")).resolve("lakeload");
        Files.createSymbolicLink(link, CliProject.REPO.resolve("bin/lakeload"));

        ChildProcess.Result version = ChildProcess.run(dir, Duration.ofMinutes(2), List.of(link.toString(),
                "--version"));

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("lakeload ");
    }

    // The Maven wrapper builds with JAVA_HOME's java; the launcher ran whatever java the PATH had.
    @Test
    void theJavaOfJavaHomeRunsAndAJavaHomeWithoutOneIsNamed() {
        Path javaHome = Path.of(System.getProperty("java.home"));

        ChildProcess.Result version = CliProject.lakeload(Map.of("JAVA_HOME", javaHome.toString()), "--version");
        ChildProcess.Result wrong = CliProject.lakeload(Map.of("JAVA_HOME", dir.toString()), "--version");

        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(2);
        assertThat(wrong.output()).contains("JAVA_HOME is " + dir + ", which has no bin/java");
    }

    // A clone one user built and another runs (a shared install, a cron job's user): the launcher opened its build
    // lock in etl-cli/target to write the archive there, and failed (Permission denied) before running anything.
    @Test
    void aUserWhoCannotWriteTheBuildFolderRunsTheBuiltJarWithoutAnArchive() throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || Files.isExecutable(Path.of("/usr/sbin/runuser")), "root needs runuser to be another user");
        Path launcher = Files.createDirectories(dir.resolve("bin")).resolve("lakeload");
        Files.copy(CliProject.REPO.resolve("bin/lakeload"), launcher);
        Path target = Files.createDirectories(dir.resolve("etl-cli/target"));
        Files.copy(CliProject.REPO.resolve("etl-cli/target/lakeload.jar"), target.resolve("lakeload.jar"));
        for (Path folder : List.of(dir, dir.resolve("bin"), dir.resolve("etl-cli"))) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<String> command = new ArrayList<>(root ? List.of("/usr/sbin/runuser", "-u", "nobody", "--") : List.of());
        command.addAll(List.of(launcher.toString(), "--version"));
        try {
            ChildProcess.Result version = ChildProcess.run(dir, Duration.ofMinutes(2), command);

            assertThat(version.exitCode()).as(version.output()).isZero();
            assertThat(version.output()).startsWith("lakeload ");
            try (var files = Files.list(target)) {
                assertThat(files).containsExactly(target.resolve("lakeload.jar"));
            }
        } finally {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
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
