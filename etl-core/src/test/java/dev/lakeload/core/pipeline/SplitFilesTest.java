package dev.lakeload.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.ledger.LedgerEntry.Disposition;
import dev.lakeload.core.source.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which files of a split table runs share, which apply in order after them, and when those may apply. */
class SplitFilesTest {
    private static final PlannedFile LOAD_1 = planned("t/LOAD00000001.csv");
    private static final PlannedFile SEGMENT_LOAD = planned("t/SEGMENT2_LOAD00000001.csv");
    private static final PlannedFile CHANGE_1 = planned("t/20260101-100000000.csv");
    private static final PlannedFile CHANGE_2 = planned("t/2026/01/02/20260102-100000000.csv");
    private static final PlannedFile OTHER = planned("t/extra.csv");
    private static final List<PlannedFile> IN_LOAD_ORDER = List.of(LOAD_1, SEGMENT_LOAD, CHANGE_1, CHANGE_2, OTHER);

    @Test
    void appendAndCdcTablesSplitAndUpsertAndReplaceTablesLoadWhole() {
        Sharing split = new Sharing(1, 2);

        assertThat(LoadMode.values()).filteredOn(mode -> split.splits(table(mode)))
                .containsExactlyInAnyOrder(LoadMode.APPEND, LoadMode.CDC);
        assertThat(LoadMode.values()).noneMatch(mode -> new Sharing(1, 0).splits(table(mode)));
    }

    private static TableSpec table(LoadMode mode) {
        return TableSpec.builder("t", "t/").column("id", "bigint").primaryKey(List.of("id")).mode(mode).build();
    }

    @Test
    void aCdcTableSharesItsFullLoadFilesAndAppliesTheRestInLoadOrder() {
        SplitFiles parts = SplitFiles.of(LoadMode.CDC, IN_LOAD_ORDER);

        assertThat(parts.shared()).containsExactly(LOAD_1, SEGMENT_LOAD);
        assertThat(parts.ordered()).containsExactly(CHANGE_1, CHANGE_2, OTHER);
    }

    @Test
    void anAppendTableSharesEveryFile() {
        SplitFiles parts = SplitFiles.of(LoadMode.APPEND, IN_LOAD_ORDER);

        assertThat(parts.shared()).isEqualTo(IN_LOAD_ORDER);
        assertThat(parts.ordered()).isEmpty();
    }

    @Test
    void aFileIsUnrecordedWhileItsLatestEntryIsTheOneItWasPlannedFrom() {
        Map<String, LedgerEntry> latest = Map.of(LOAD_1.file().location(), entry(1, LOAD_1));

        assertThat(SplitFiles.unrecorded(List.of(LOAD_1, SEGMENT_LOAD), latest)).containsExactly(SEGMENT_LOAD);
        assertThat(SplitFiles.unrecorded(List.of(LOAD_1, SEGMENT_LOAD), Map.of()))
                .containsExactly(LOAD_1, SEGMENT_LOAD);
    }

    @Test
    void changeFilesRecordedByAnotherRunSincePlannedLeaveTheRestToARunThatPlansAgain() {
        SplitFiles parts = SplitFiles.of(LoadMode.CDC, List.of(LOAD_1, CHANGE_2));
        LedgerEntry load = entry(1, LOAD_1);
        LedgerEntry older = entry(2, CHANGE_1);

        assertThat(parts.orderedRecordedSince(null, Map.of(load.location(), load))).as("only the full load")
                .isFalse();
        assertThat(parts.orderedRecordedSince(null, Map.of(older.location(), older)))
                .as("a change file applied since the plan, older than this run's").isTrue();
        assertThat(parts.orderedRecordedSince(older, Map.of(older.location(), older)))
                .as("the same newest change file as planned").isFalse();
        LedgerEntry applied = entry(3, CHANGE_2);
        assertThat(parts.orderedRecordedSince(older, Map.of(older.location(), older, applied.location(), applied)))
                .as("this run's change file, applied by another").isTrue();
    }

    private static PlannedFile planned(String key) {
        return new PlannedFile(new SourceFile(key, "file:/lake/" + key, 10, "v1", Instant.EPOCH), FileState.NEW, null,
                null);
    }

    private static LedgerEntry entry(long id, PlannedFile file) {
        return new LedgerEntry(id, file.file().location(), file.file().key(), "v1", null, 10, 1, Disposition.LOADED,
                Instant.EPOCH, "run" + id);
    }
}
