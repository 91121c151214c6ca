package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a new user runs it: {@code bin/lakeload run} on (a copy of) the bundled
 * quickstart, through the launcher script and the built jar, into the embedded PostgreSQL. The first run happens
 * once for the class; every test starts from a loaded quickstart and leaves it loaded, so they run in any order.
 */
class QuickstartIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static Path manifest;
    static Path firstReport;
    static ChildProcess.Result firstRun;

    @BeforeAll
    static void loadTheQuickstart() throws IOException {
        Path from = REPO.resolve("examples/quickstart");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(f -> !f.toString().contains(".lakeload"))::iterator) {
                Path to = dir.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        manifest = dir.resolve("lakeload.yaml");
        firstReport = dir.resolve("report.json");
        firstRun = lakeload("run", manifest.toString(), "--report", firstReport.toString());
    }

    private static ChildProcess.Result lakeload(String... args) {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/lakeload").toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(REPO, Duration.ofMinutes(5), command);
    }

    @Test
    void firstRunLoadsTheQuickstartIntoTheEmbeddedDatabase() throws Exception {
        assertThat(firstRun.exitCode()).as(firstRun.output()).isZero();
        assertThat(firstRun.output()).containsPattern("customers\\s+loaded\\s+1\\s+7\\s+7\\s+0")
                .containsPattern("orders\\s+loaded\\s+2\\s+8\\s+8\\s+0")
                .containsPattern("devices\\s+loaded\\s+2\\s+7\\s+5\\s+2")
                .contains("created table public.devices__sensors")
                .contains("bin/lakeload db " + manifest)
                // The hint repeats the command as started (here by its absolute path), so it works from anywhere.
                .contains("Query it:  " + REPO.resolve("bin/lakeload") + " db " + manifest);
        JsonNode tables = new ObjectMapper().readTree(firstReport.toFile()).get("tables");
        assertThat(tables).extracting(t -> t.get("status").asText()).containsExactly("loaded", "loaded", "loaded");
        assertThat(dir.resolve(".lakeload/pgdata/PG_VERSION")).exists();
    }

    @Test
    void secondRunLoadsNothing() throws Exception {
        ChildProcess.Result run = lakeload("run", manifest.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).containsPattern("customers\\s+up_to_date\\s+0\\s+0\\s+0")
                .containsPattern("orders\\s+up_to_date\\s+0\\s+0\\s+0")
                .containsPattern("devices\\s+up_to_date\\s+0\\s+0\\s+0");
    }

    @Test
    void theLoadedDataIsExactAndQueryableThroughDb() throws Exception {
        ChildProcess.Result query = lakeload("db", manifest.toString(), "--execute",
                "SELECT count(*) AS orders, count(note) AS with_note, count(*) FILTER (WHERE note = '') AS empty_note,"
                        + " sum(amount) AS total FROM orders");

        assertThat(query.exitCode()).isZero();
        assertThat(query.output()).containsPattern("8\\s+7\\s+1\\s+3629.39");


        ChildProcess.Result devices = lakeload("db", manifest.toString(), "-e", "SELECT d.owner_address_city, "
                + "d.installed AT TIME ZONE 'UTC', d.price, s.type, s.value FROM devices d "
                + "JOIN devices__sensors s USING (_id) "
                + "WHERE d._id = '64b7f0a1c2d3e4f5a6b7c8d1' ORDER BY s._index");
        assertThat(devices.output()).containsPattern("Berlin\\s+2023-11-14 22:13:20.123\\s+129.90\\s+"
                + "temp\\s+21.5").contains("humidity").contains("(2 rows)");
        ChildProcess.Result rejects = lakeload("db", manifest.toString(), "-e", "SELECT file_key, line FROM lakeload.rejects "
                + "ORDER BY 1, 2");
        assertThat(rejects.output()).containsPattern("mongo/devices/LOAD00000001.csv\\s+4")
                .containsPattern("mongo/devices/LOAD00000002.csv\\s+3");
    }

    @Test
    void theReadmeQueryShowsEveryNoteAsStored() {
        ChildProcess.Result notes = lakeload("db", manifest.toString(), "-e",
                "SELECT id, note, note IS NULL AS is_null FROM orders ORDER BY id");

        assertThat(notes.exitCode()).as(notes.output()).isZero();
        assertThat(notes.output()).isEqualTo("""
                id    note                             is_null
                1001  NULL                             t
                1002  Gift wrap, please                f
                1003  He said "never again"            f
                1004  配送: 午前中                   + f
                      玄関前に置いてください
                1005                                   f
                1006  Path C:\\orders\\1006 stays as is  f
                1007  Emoji ok 🎉🚀, tabs     too      f
                1008  multi                          + f
                      line                           +
                      note
                (8 rows)
                """);
    }

    @Test
    void aCommandKilledWithItsServerRunningDoesNotBlockTheNextRun() throws Exception {
        try (ChildProcess server = ChildProcess.start(REPO, List.of(REPO.resolve("bin/lakeload").toString(), "db",
                manifest.toString()))) {
            server.awaitOutput("Serving", Duration.ofMinutes(2));
            assertThat(Files.readString(dir.resolve(".lakeload/pgdata/postmaster.pid"))).isNotBlank();
            // kill -9 the JVM alone (bin/lakeload execs java): its PostgreSQL keeps running.
            server.handle().destroyForcibly();
            server.handle().onExit().get(30, TimeUnit.SECONDS);
        }

        ChildProcess.Result run = lakeload("run", manifest.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("orders\\s+up_to_date");
    }

    @Test
    void aSecondCommandOnTheSameEmbeddedDatabaseFailsEveryTableAndSaysWhy() throws Exception {
        Path report = dir.resolve("locked.json");
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(
                dir.resolve(".lakeload/lock"), java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = lock.lock()) {
            assertThat(held.isValid()).isTrue();
            ChildProcess.Result run = lakeload("run", manifest.toString(), "--report", report.toString());

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.output()).containsPattern("orders\\s+failed")
                    .contains("another lakeload command is using the embedded PostgreSQL");
        }
        JsonNode tables = new ObjectMapper().readTree(report.toFile()).get("tables");
        assertThat(tables).extracting(t -> t.get("status").asText()).containsOnly("failed").hasSize(3);
    }
}
