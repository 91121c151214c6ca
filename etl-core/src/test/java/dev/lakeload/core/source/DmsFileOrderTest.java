package dev.lakeload.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The order of AWS DMS's files, from the DMS user guide's "Using Amazon S3 as a target" and real output. */
class DmsFileOrderTest {
    /** Every shape at once, in the order DMS means them. */
    private static final List<String> ORDERED = List.of(
            // full load, by the hexadecimal counter
            "LOAD00000001.csv",
            "LOAD00000002.csv.gz",
            "LOAD00000009.csv",
            "LOAD0000000A.csv",
            "LOAD0000000F.csv",
            "LOAD00000010.csv",
            "LOAD000000FF.csv",
            "LOAD00000100.csv",
            // parallel full load with SEGMENT<n>_ prefixes: by segment number, then counter
            "SEGMENT1_LOAD00000001.csv",
            "SEGMENT1_LOAD0000000A.csv",
            "SEGMENT2_LOAD00000001.csv",
            "SEGMENT10_LOAD00000001.csv",
            // full load in date-partitioned folders, then partition subfolders: by folder, then counter
            "2026/11/24/LOAD00000001.csv",
            "2026/11/25/LOAD00000002.csv",
            "part1/LOAD00000001.csv",
            "part1/LOAD00000002.csv",
            "part2/LOAD00000001.csv",
            // changes by the time in their name, wherever the folder (date-partitioned or not)
            "2026/11/24/20261124-235959999.csv",
            "20261125-000000000.csv",
            "2026/11/25/20261125-000000001.csv.gz",
            // the same time (two tasks writing one folder): by key
            "2026/11/25/20261125-081500000.csv",
            "20261125-081500000.csv",
            "20261125-081500001.csv",
            "2026/11/26/20261126-000000000.csv",
            // names of no known shape, in key order
            "2026/11/26/_SUCCESS",
            "CDC_TXN-20261125-000000000.csv",
            "LOADER.txt",
            "notes/readme.md",
            "zz.csv");

    @Test
    void ordersEveryShapeAsDmsMeansIt() {
        assertThat(ORDERED).isSortedAccordingTo(DmsFileOrder.INSTANCE);
    }

    @RepeatedTest(5)
    void sortingAnyShuffleGivesTheSameOrder() {
        List<String> shuffled = new ArrayList<>(ORDERED);
        Collections.shuffle(shuffled, new Random());

        shuffled.sort(DmsFileOrder.INSTANCE);

        assertThat(shuffled).containsExactlyElementsOf(ORDERED);
    }

    @Test
    void isAConsistentComparator() {
        for (String a : ORDERED) {
            assertThat(DmsFileOrder.INSTANCE.compare(a, a)).isZero();
            for (String b : ORDERED) {
                assertThat(Integer.signum(DmsFileOrder.INSTANCE.compare(a, b)))
                        .as("%s vs %s", a, b)
                        .isEqualTo(-Integer.signum(DmsFileOrder.INSTANCE.compare(b, a)));
            }
        }
    }

    @Test
    void hexCountersAreNotOrderedAsText() {
        // As text "LOAD00000010" < "LOAD0000000A"; as DMS's hexadecimal counter 0x10 comes after 0xA.
        assertThat(DmsFileOrder.INSTANCE.compare("LOAD0000000A.csv", "LOAD00000010.csv")).isNegative();
        assertThat(DmsFileOrder.INSTANCE.compare("LOAD00000009.csv", "LOAD0000000A.csv")).isNegative();
        assertThat(DmsFileOrder.INSTANCE.compare("LOAD0000000a.csv", "LOAD0000000B.csv")).isNegative();
    }

    @Test
    void everyFullLoadFileComesBeforeEveryChangeFile() {
        assertThat(DmsFileOrder.INSTANCE.compare("zzz/LOAD000000FF.csv", "19990101-000000000.csv")).isNegative();
        assertThat(DmsFileOrder.INSTANCE.compare("20991231-235959999.csv", "unknown.csv")).isNegative();
    }

    @Test
    void changeFilesInDateFoldersOrderByTimeNotByFolderText() {
        // As text "2026/11/26/..." sorts before "20261125-..." ('/' < '1').
        assertThat(DmsFileOrder.INSTANCE.compare("20261125-235959999.csv", "2026/11/26/20261126-000000000.csv"))
                .isNegative();
    }

    @ParameterizedTest
    @CsvSource({
            "LOAD00000001.csv, true, false",
            "LOAD0000000A.csv.gz, true, false",
            "SEGMENT3_LOAD00000001.csv, true, false",
            "part-7/LOAD00000001.parquet, true, false",
            "2026/11/25/LOAD00000001.csv, true, false",
            "20240531-220910163.csv, false, true",
            "2024/05/31/20240531-220910163.csv.gz, false, true",
            "CDC_TXN-20240531-220910163.csv, false, false",
            "LOADER.csv, false, false",
            "readme.txt, false, false"})
    void tellsFullLoadAndChangeFilesApart(String key, boolean fullLoad, boolean change) {
        assertThat(DmsFileOrder.isFullLoad(key)).isEqualTo(fullLoad);
        assertThat(DmsFileOrder.isChange(key)).isEqualTo(change);
    }

    @Test
    void onlyEightOrMoreHexDigitsMakeAFullLoadFile() {
        assertThat(DmsFileOrder.isFullLoad("LOADED.csv")).isFalse();
        assertThat(DmsFileOrder.isFullLoad("LOAD00000A.csv")).isFalse();
        assertThat(DmsFileOrder.isFullLoad("LOAD0000000A.csv")).isTrue();
        assertThat(DmsFileOrder.isFullLoad("part1/SEGMENT3_LOAD00000001.csv.gz")).isTrue();
    }
}
