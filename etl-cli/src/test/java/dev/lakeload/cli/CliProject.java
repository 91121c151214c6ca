package dev.lakeload.cli;

import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user has when running lakeload, for command-line tests: a folder with a lake of files under
 * {@code lake/} and a manifest {@code lakeload.yaml} whose target is a fresh database of the test server.
 */
final class CliProject {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private final Path dir;
    private final TestDatabase db;

    /** A project in {@code dir} (usually a {@code @TempDir}), with a new database named after {@code hint}. */
    CliProject(Path dir, String hint) {
        this.dir = dir;
        this.db = PostgresServer.shared().newDatabase(hint);
    }

    TestDatabase db() {
        return db;
    }

    Path dir() {
        return dir;
    }

    Path manifest() {
        return dir.resolve("lakeload.yaml");
    }

    /** Writes a file of the lake at {@code key}, creating its folders. */
    Path write(String key, String content) {
        try {
            Path file = dir.resolve("lake").resolve(key);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the manifest: the lake as a local source, the database as target, {@code tables} as its tables. */
    Path writeManifest(String tables) {
        return writeManifest(tables, "");
    }

    /** Writes the manifest as {@link #writeManifest(String)} does, with {@code topLevel} keys after the tables. */
    Path writeManifest(String tables, String topLevel) {
        return writeManifest(tables, topLevel, db.jdbcUrl());
    }

    /** Writes the manifest as {@link #writeManifest(String, String)} does, reaching the database at {@code url}. */
    Path writeManifest(String tables, String topLevel, String url) {
        try {
            return Files.writeString(manifest(), """
                    source:
                      local: { path: lake }
                    target:
                      postgres: { url: "%s", user: "%s", password: "%s" }
                    tables:
                    %s%s""".formatted(url, db.user(), db.password(), tables.indent(2), topLevel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code bin/lakeload} as a user would, with {@code environment} added, at most five minutes. */
    static ChildProcess.Result lakeload(Map<String, String> environment, String... args) {
        return ChildProcess.run(REPO, environment, Duration.ofMinutes(5), command(args));
    }

    /** Starts {@code bin/lakeload} as a user would, for a test that stops it midway; the caller closes it. */
    static ChildProcess startLakeload(String... args) {
        return ChildProcess.start(REPO, command(args));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("bin/lakeload").toString()));
        command.addAll(List.of(args));
        return command;
    }
}
