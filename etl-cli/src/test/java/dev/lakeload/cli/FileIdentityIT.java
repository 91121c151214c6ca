package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 end to end with a local folder: touched, rewritten and moved files, and links out of the folder, through
 * {@code lakeload run} and {@code lakeload ls}.
 */
class FileIdentityIT {
    private static final String KEY = "shop/orders/LOAD00000001.csv";

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;
    private Path lake;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "identity");
        db = project.db();
        lake = dir.resolve("lake");
    }

    private Path write(String key, String content) {
        return project.write(key, content);
    }

    /** A manifest over {@code path} (relative to the manifest) loading {@code from} into orders. */
    private String manifest(String path, String from, String rewrittenFiles) throws IOException {
        return manifest(path, from, rewrittenFiles, "[]");
    }

    private String manifest(String path, String from, String rewrittenFiles, String exclude) throws IOException {
        Path manifest = dir.resolve("lakeload-" + Math.abs((path + from + rewrittenFiles + exclude).hashCode())
                + ".yaml");
        Files.writeString(manifest, """
                source: { local: { path: %s } }
                target: { postgres: { url: "%s", user: "%s", password: "%s" } }
                tables:
                  - name: orders
                    from: %s
                    columns: [ { name: id, type: bigint }, { name: note, type: text } ]
                    rewrittenFiles: %s
                    exclude: %s
                """.formatted(path, db.jdbcUrl(), db.user(), db.password(), from, rewrittenFiles, exclude));
        return manifest.toString();
    }

    private String manifest(String rewrittenFiles) throws IOException {
        return manifest("lake", "shop/orders/", rewrittenFiles);
    }

    private List<String> notes() {
        return db.query("SELECT note FROM orders ORDER BY ctid").stream().map(row -> row.get(0)).toList();
    }

    /** Lets the file system's coarse clock (one scheduler tick, at most 10 ms) move on before the next write. */
    private static void nextTick() throws InterruptedException {
        Thread.sleep(25);
    }

    @Test
    void aTouchedFileIsNotLoadedAgainUnderRewrittenFilesLoad() throws Exception {
        Path file = write(KEY, "1,a\n");
        assertThat(CliRun.of("run", manifest("load")).exitCode()).isZero();
        nextTick();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        CliRun ls = CliRun.of("ls", manifest("load"));
        CliRun touched = CliRun.of("run", manifest("load"));

        assertThat(ls.out()).contains("0 to load, 1 loaded, 0 rewritten").containsPattern("loaded\\s+4\\s+" + KEY);
        assertThat(touched.exitCode()).as(touched.out()).isZero();
        assertThat(touched.out()).containsPattern("orders\\s+up_to_date\\s+0")
                .contains("note: orders: touched since recorded, same content (by SHA-256), not loaded again: "
                        + KEY);
        assertThat(notes()).containsExactly("a");
    }

    @Test
    void newContentOfTheSameSizeBehindARestoredModificationTimeFailsTheTable() throws Exception {
        Path file = write(KEY, "1,a\n");
        FileTime modified = Files.getLastModifiedTime(file);
        assertThat(CliRun.of("run", manifest("fail")).exitCode()).isZero();
        nextTick();

        write(KEY, "2,b\n");
        Files.setLastModifiedTime(file, modified);
        CliRun ls = CliRun.of("ls", manifest("fail"));
        CliRun run = CliRun.of("run", manifest("fail"));

        assertThat(ls.out()).contains("0 to load, 0 loaded, 1 rewritten since loaded")
                .containsPattern("rewritten\\s+4\\s+" + KEY);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).containsPattern("orders\\s+failed").contains("rewritten in place", KEY);
        assertThat(notes()).containsExactly("a");
    }

    @Test
    void anEmptyFileIsNamedThenLoadedOnceItHasContent() throws Exception {
        write(KEY, "1,a\n");
        String later = "shop/orders/LOAD00000002.csv";
        Path file = write(later, "");

        CliRun first = CliRun.of("run", manifest("fail"));
        CliRun ls = CliRun.of("ls", manifest("fail"));

        assertThat(first.exitCode()).as(first.out()).isZero();
        assertThat(first.out()).contains("note: orders: empty, no rows to load, not recorded (loaded once they have "
                + "content): " + later);
        assertThat(ls.out()).containsPattern("empty\\s+0\\s+" + later);
        nextTick();

        Files.writeString(file, "2,b\n");
        CliRun filled = CliRun.of("run", manifest("fail"));

        assertThat(filled.exitCode()).as(filled.out()).isZero();
        assertThat(notes()).containsExactly("a", "b");
    }

    @Test
    void movingTheRootOfTheManifestLoadsNothingAgain() throws IOException {
        write(KEY, "1,a\n");
        assertThat(CliRun.of("run", manifest("lake", "shop/orders/", "load")).exitCode()).isZero();

        CliRun moved = CliRun.of("run", manifest("lake/shop", "orders/", "load"));

        assertThat(moved.exitCode()).as(moved.out()).isZero();
        assertThat(moved.out()).containsPattern("orders\\s+up_to_date\\s+0");
        assertThat(CliRun.of("ls", manifest("lake/shop", "orders/", "load")).out())
                .containsPattern("loaded\\s+4\\s+orders/LOAD00000001.csv");
        assertThat(notes()).containsExactly("a");
    }

    @Test
    void aFileRewrittenFromAToBAndBackToAIsLoadedEachTimeUnderLoad() throws Exception {
        Path file = write(KEY, "1,A\n");
        FileTime modifiedA = Files.getLastModifiedTime(file);
        assertThat(CliRun.of("run", manifest("load")).exitCode()).isZero();
        nextTick();
        write(KEY, "1,B\n");
        assertThat(CliRun.of("run", manifest("load")).exitCode()).isZero();
        nextTick();

        write(KEY, "1,A\n");
        Files.setLastModifiedTime(file, modifiedA); // as a sync tool restoring A would
        CliRun back = CliRun.of("run", manifest("load"));

        assertThat(back.exitCode()).as(back.out()).isZero();
        assertThat(back.out()).containsPattern("orders\\s+loaded\\s+1\\s+1\\s+1")
                .contains("note: orders: rewritten since loaded (load): " + KEY);
        assertThat(notes()).containsExactly("A", "B", "A");
    }

    @Test
    void aSkippedRewriteStaysSkippedWhenThePolicyIsBackToFail() throws Exception {
        write(KEY, "1,A\n");
        assertThat(CliRun.of("run", manifest("fail")).exitCode()).isZero();
        nextTick();
        write(KEY, "1,B\n");

        CliRun skip = CliRun.of("run", manifest("skip"));
        CliRun fail = CliRun.of("run", manifest("fail"));

        assertThat(skip.exitCode()).isZero();
        assertThat(skip.out()).contains("note: orders: rewritten since loaded (skip): " + KEY);
        assertThat(fail.exitCode()).as(fail.out()).isZero();
        assertThat(fail.out()).containsPattern("orders\\s+up_to_date\\s+0");
        assertThat(CliRun.of("ls", manifest("fail")).out()).contains("0 to load, 0 loaded, 0 rewritten since "
                + "loaded, 1 skipped").containsPattern("skipped\\s+4\\s+" + KEY);
        assertThat(notes()).containsExactly("A");
    }

    @Test
    void aLinkOutOfTheSourceFolderFailsItsTableAndIsNeverRead() throws IOException {
        write(KEY, "1,a\n");
        Path secret = Files.writeString(dir.resolve("secret.csv"), "666,secret\n");
        Files.createSymbolicLink(lake.resolve("shop/orders/LOAD00000002.csv"), secret);

        CliRun run = CliRun.of("run", manifest("fail"));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).containsPattern("orders\\s+failed")
                .contains("shop/orders/LOAD00000002.csv: a symbolic link to " + secret)
                .contains("exclude it (exclude: [\"LOAD00000002.csv\"])");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("0");
        assertThat(run.out() + run.err()).doesNotContain("secret,");

        CliRun excluded = CliRun.of("run", manifest("lake", "shop/orders/", "fail", "[\"LOAD00000002.csv\"]"));

        assertThat(excluded.exitCode()).as(excluded.out()).isZero();
        assertThat(notes()).containsExactly("a");
    }
}
