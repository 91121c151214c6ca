package dev.lakeload.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.ledger.LedgerEntry.Disposition;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.SourceFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans against a ledger given as its latest entries, over a real folder. */
class TablePlanTest {
    @TempDir
    Path root;

    private final Map<String, LedgerEntry> ledger = new HashMap<>();
    private long entries;

    private Path write(String key, String content) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private SourceFile listed(String key) {
        return new LocalFolderSource(root).list(key).get(0);
    }

    /** Records a version of a file as a run would have: its stamp then, the hash of {@code content}. */
    private void record(SourceFile file, String content, Disposition disposition) throws IOException {
        String sha256 = FileContent.of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))).sha256();
        ledger.put(file.location(), new LedgerEntry(++entries, file.location(), file.key(), file.versionTag(), sha256,
                file.size(), 1, disposition, Instant.now(), "run" + entries));
    }

    private TablePlan plan(RewritePolicy policy) {
        return TablePlan.of(TableSpec.builder("t", "t/").column("id", "text").rewritePolicy(policy).build(),
                new LocalFolderSource(root), ledger);
    }

    private static PlannedFile only(TablePlan plan) {
        assertThat(plan.files()).hasSize(1);
        return plan.files().get(0);
    }

    @Test
    void aFileTheLedgerHasWithItsStampIsLoadedWithoutReadingIt() throws IOException {
        write("t/LOAD00000001.csv", "1\n");
        write("t/LOAD00000002.csv", "2\n");
        record(listed("t/LOAD00000001.csv"), "1\n", Disposition.LOADED);

        TablePlan plan = plan(RewritePolicy.FAIL);

        assertThat(plan.files()).extracting(PlannedFile::state).containsExactly(FileState.LOADED, FileState.NEW);
        assertThat(plan.files().get(0).content()).isNull();
        assertThat(plan.toLoad()).extracting(f -> f.file().key()).containsExactly("t/LOAD00000002.csv");
    }

    @Test
    void aTouchedFileIsComparedByContentAndNotLoadedAgainEvenUnderLoad() throws Exception {
        Path file = write("t/LOAD00000001.csv", "1\n");
        record(listed("t/"), "1\n", Disposition.LOADED);
        Thread.sleep(25); // the next change time must fall on a later tick of the file system's clock

        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));

        PlannedFile touched = only(plan(RewritePolicy.LOAD));
        assertThat(touched.state()).isEqualTo(FileState.LOADED);
        assertThat(touched.touched()).isTrue();
        assertThat(touched.content().sha256()).isEqualTo(ledger.get(touched.file().location()).contentSha256());
        assertThat(plan(RewritePolicy.LOAD).toLoad()).isEmpty();
    }

    @Test
    void newContentIsRewrittenAndLoadedOnlyUnderLoad() throws Exception {
        write("t/LOAD00000001.csv", "1\n");
        record(listed("t/"), "1\n", Disposition.LOADED);
        Thread.sleep(25);

        write("t/LOAD00000001.csv", "2\n");

        assertThat(only(plan(RewritePolicy.FAIL)).state()).isEqualTo(FileState.REWRITTEN);
        assertThat(plan(RewritePolicy.FAIL).toLoad()).isEmpty();
        assertThat(plan(RewritePolicy.SKIP).toLoad()).isEmpty();
        assertThat(plan(RewritePolicy.LOAD).toLoad()).hasSize(1);
        assertThat(only(plan(RewritePolicy.LOAD)).previous().id()).isEqualTo(1);
    }

    @Test
    void contentBackToAnEarlierVersionIsComparedWithTheLatestOnly() throws Exception {
        write("t/LOAD00000001.csv", "A\n");
        record(listed("t/"), "A\n", Disposition.LOADED);
        Thread.sleep(25);
        write("t/LOAD00000001.csv", "B\n");
        record(listed("t/"), "B\n", Disposition.LOADED);
        Thread.sleep(25);

        write("t/LOAD00000001.csv", "A\n");

        PlannedFile back = only(plan(RewritePolicy.LOAD));
        assertThat(back.state()).isEqualTo(FileState.REWRITTEN);
        assertThat(back.previous().id()).isEqualTo(2);
    }

    @Test
    void skippedContentStaysSkippedAlsoWhenTouched() throws Exception {
        Path file = write("t/LOAD00000001.csv", "B\n");
        record(listed("t/"), "B\n", Disposition.SKIPPED);
        assertThat(only(plan(RewritePolicy.FAIL)).state()).isEqualTo(FileState.SKIPPED);
        Thread.sleep(25);

        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));

        PlannedFile touched = only(plan(RewritePolicy.FAIL));
        assertThat(touched.state()).isEqualTo(FileState.SKIPPED);
        assertThat(touched.restamped()).isTrue();
    }

    @Test
    void entriesFromBeforeHashesAreComparedByTheirOldStamp() throws Exception {
        Path file = write("t/LOAD00000001.csv", "1\n");
        SourceFile now = listed("t/");
        String oldStamp = now.size() + "-" + Long.toHexString(
                Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
        ledger.put(now.location(), new LedgerEntry(1, now.location(), now.key(), oldStamp, null, now.size(), 1,
                Disposition.LOADED, Instant.now(), "run1"));

        PlannedFile adopted = only(plan(RewritePolicy.FAIL));
        assertThat(adopted.state()).isEqualTo(FileState.LOADED);
        assertThat(adopted.restamped()).isTrue();
        assertThat(adopted.touched()).isFalse();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(only(plan(RewritePolicy.FAIL)).state()).isEqualTo(FileState.REWRITTEN);
    }

    @Test
    void filesAreKnownByLocationSoAnotherRootFindsThemLoaded() throws IOException {
        write("shop/t/LOAD00000001.csv", "1\n");
        record(new LocalFolderSource(root).list("shop/t/").get(0), "1\n", Disposition.LOADED);

        TablePlan plan = TablePlan.of(TableSpec.builder("t", "t/").column("id", "text").build(),
                new LocalFolderSource(root.resolve("shop")), ledger);

        assertThat(only(plan).state()).isEqualTo(FileState.LOADED);
        assertThat(only(plan).file().key()).isEqualTo("t/LOAD00000001.csv");
    }

    private TablePlan replacePlan() {
        return TablePlan.of(TableSpec.builder("t", "t/").column("id", "text").mode(LoadMode.REPLACE).build(),
                new LocalFolderSource(root), ledger);
    }

    @Test
    void aReplaceTableLoadsEveryFileWhenOneIsNewOrRemovedAndNothingOtherwise() throws IOException {
        write("t/LOAD00000001.csv", "1\n");
        record(listed("t/LOAD00000001.csv"), "1\n", Disposition.LOADED);
        assertThat(replacePlan().changed()).isFalse();
        assertThat(replacePlan().toLoad()).isEmpty();

        write("t/LOAD00000002.csv", "2\n");
        assertThat(replacePlan().toLoad()).extracting(f -> f.file().key())
                .containsExactly("t/LOAD00000001.csv", "t/LOAD00000002.csv");
        record(listed("t/LOAD00000002.csv"), "2\n", Disposition.LOADED);

        SourceFile second = listed("t/LOAD00000002.csv");
        Files.delete(root.resolve("t/LOAD00000002.csv"));
        TablePlan removed = replacePlan();
        assertThat(removed.removed()).extracting(LedgerEntry::key).containsExactly("t/LOAD00000002.csv");
        assertThat(removed.toLoad()).extracting(f -> f.file().key()).containsExactly("t/LOAD00000001.csv");

        // Recorded as removed, it is not removed again; listed again, it is new.
        record(second, "2\n", Disposition.REMOVED);
        assertThat(replacePlan().changed()).isFalse();
        write("t/LOAD00000002.csv", "2\n");
        assertThat(replacePlan().files()).extracting(PlannedFile::state)
                .containsExactly(FileState.LOADED, FileState.NEW);
        assertThat(replacePlan().changed()).isTrue();
    }

    @Test
    void newChangeFilesOlderThanTheNewestRecordedOneAreLate() throws IOException {
        write("t/LOAD00000001.csv", "1\n");
        write("t/a/20260101-100000000.csv", "U,1\n");
        write("t/20260101-110000000.csv", "U,1\n");
        for (String key : new String[] {"t/LOAD00000001.csv", "t/a/20260101-100000000.csv"}) {
            record(listed(key), "1\n", Disposition.LOADED);
        }
        TableSpec cdc = TableSpec.builder("t", "t/").column("id", "text").primaryKey(List.of("id"))
                .mode(LoadMode.CDC).build();
        TablePlan inOrder = TablePlan.of(cdc, new LocalFolderSource(root), ledger);
        assertThat(inOrder.lateChanges()).isEmpty();

        // Older than the newest loaded change (whose folder orders nothing), and a new full-load file: not a change.
        write("t/b/20260101-095959999.csv", "U,1\n");
        write("t/LOAD00000002.csv", "2\n");
        TablePlan late = TablePlan.of(cdc, new LocalFolderSource(root), ledger);
        assertThat(late.lateChanges()).extracting(f -> f.file().key())
                .containsExactly("t/b/20260101-095959999.csv");
        assertThat(late.newestChange().key()).isEqualTo("t/a/20260101-100000000.csv");
        assertThat(TablePlan.of(cdc, new LocalFolderSource(root), Map.of()).lateChanges()).isEmpty();
    }
}
