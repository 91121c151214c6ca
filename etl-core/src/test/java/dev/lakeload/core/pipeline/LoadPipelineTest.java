package dev.lakeload.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.RetriableException;
import dev.lakeload.core.WaitTimeoutException;
import dev.lakeload.core.UnreachableException;
import dev.lakeload.core.config.Freshness;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.format.FileFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.format.RowReader;
import dev.lakeload.core.ledger.Ledger;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.promote.PromotionResult;
import dev.lakeload.core.promote.Promoter;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import dev.lakeload.core.staging.StagingTable;
import dev.lakeload.core.transform.RowTransformer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline over a real folder, with in-memory staging, promotion and ledger: what reaches staging, which notes
 * reach the result, and what kind each failure is.
 */
class LoadPipelineTest {
    @TempDir
    Path lake;

    private final FakeWarehouse warehouse = new FakeWarehouse();

    private void write(String key, byte[] content) throws IOException {
        Path file = lake.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Retries as by default, with waits short enough for a unit test. */
    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2));

    private RunReport run(TableSpec... tables) {
        return pipeline().run(List.of(tables));
    }

    private LoadPipeline pipeline() {
        return new LoadPipeline(new LocalFolderSource(lake), warehouse, warehouse, warehouse).retrying(QUICK_RETRIES);
    }

    private static TableSpec.Builder csv() {
        return TableSpec.builder("t", "t/").column("id", "bigint").column("note", "text");
    }

    @Test
    void aFileFormatOtherThanCsvIsReadByItsOwnReaderAfterDecompression() throws IOException {
        write("t/LOAD00000001.ints.gz", gzip(ints(1, 255, -1, 0)));
        write("t/LOAD00000002.ints", ints(7));

        TableResult result = run(TableSpec.builder("t", "t/").format(new BigEndianInts()).build()).tables().get(0);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(warehouse.staged).extracting(row -> row.get(0)).containsExactly("1", "255", "-1", "0", "7");
        assertThat(warehouse.staged).extracting(Row::file, Row::line).startsWith(
                org.assertj.core.groups.Tuple.tuple("t/LOAD00000001.ints.gz", 1L));
        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.notes()).containsExactly("t/LOAD00000001.ints.gz: 4 integer(s)",
                "t/LOAD00000002.ints: 1 integer(s)");
        assertThat(warehouse.stagedFiles).extracting(StagedFile::rowsRead).containsExactly(4L, 1L);
    }

    @Test
    void csvNotesOfSkippedEmptyLinesReachTheResult() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n\n2,b\n".getBytes());

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).containsExactly("1 empty line(s) skipped in t/LOAD00000001.csv (first: line 2)");
    }

    @Test
    void badDataIsADataError() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n2,b,c\n".getBytes());

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.errorKind()).isEqualTo(ErrorKind.DATA);
        assertThat(result.error()).contains("t/LOAD00000001.csv, line 2", "expected 2 fields");
    }

    @Test
    void aTruncatedCompressedFileIsADataError() throws IOException {
        byte[] whole = gzip("1,a\n2,b\n".getBytes());
        write("t/LOAD00000001.csv.gz", Arrays.copyOf(whole, whole.length - 10));

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.errorKind()).isEqualTo(ErrorKind.DATA);
        assertThat(result.error()).contains("t/LOAD00000001.csv.gz");
    }

    @Test
    void anEmptyFileIsNamedInTheNotesAndNotLoaded() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        write("t/LOAD00000002.csv", new byte[0]);

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(warehouse.stagedFiles).extracting(f -> f.file().key()).containsExactly("t/LOAD00000001.csv");
        assertThat(result.notes()).containsExactly("empty, no rows to load, not recorded (loaded once they have "
                + "content): t/LOAD00000002.csv");
    }

    @Test
    void aPrefixWithEmptyFilesOnlyIsADataErrorThatNamesThem() throws IOException {
        write("t/LOAD00000001.csv", new byte[0]);

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.errorKind()).isEqualTo(ErrorKind.DATA);
        assertThat(result.error()).startsWith("no files with content under 't/'")
                .contains("only empty ones (t/LOAD00000001.csv)");
    }

    @Test
    void aPrefixWithoutFilesIsADataError() {
        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.errorKind()).isEqualTo(ErrorKind.DATA);
        assertThat(result.error()).startsWith("no files under 't/'");
    }

    @Test
    void eachFailureOfTheDatabaseHasItsKind() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());

        assertThat(failingPromotion(new ConfigException("no such type"))).isEqualTo(ErrorKind.CONFIGURATION);
        assertThat(failingPromotion(new RetriableException("deadlock", null))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(failingPromotion(new UnreachableException("refused", null))).isEqualTo(ErrorKind.UNREACHABLE);
        assertThat(failingPromotion(new UncheckedIOException(new IOException("reset")))).isEqualTo(
                ErrorKind.TRANSIENT);
        assertThat(failingPromotion(new IllegalStateException("a bug"))).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void aTransientFailureLoadsTheTableAgainAndNotesEachRetry() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n2,b\n".getBytes());
        warehouse.promotionFailure = new RetriableException("deadlock detected", null);
        warehouse.failuresLeft = 2;

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(warehouse.promotions).isEqualTo(3);
        assertThat(warehouse.livenessRenewals).isEqualTo(2);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(warehouse.staged).extracting(row -> row.get(0)).containsExactly("1", "2");
        assertThat(result.notes()).containsExactly(
                "attempt 1 failed (deadlock detected); loaded again after 1 ms",
                "attempt 2 failed (deadlock detected); loaded again after 2 ms");
    }

    @Test
    void aTransientFailureThatOutlastsTheAttemptsFailsTheTableSayingHowOftenItWasTried() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        warehouse.promotionFailure = new RetriableException("terminating connection due to administrator command",
                null);

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.errorKind()).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(result.error()).isEqualTo("terminating connection due to administrator command (after 3 attempts)");
        assertThat(warehouse.promotions).isEqualTo(3);
    }

    @Test
    void aPermanentFailureFailsTheTableAtOnce() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        warehouse.promotionFailure = new ConfigException("permission denied for schema public");

        TableResult result = run(csv().build()).tables().get(0);

        assertThat(result.errorKind()).isEqualTo(ErrorKind.CONFIGURATION);
        assertThat(result.error()).isEqualTo("permission denied for schema public");
        assertThat(warehouse.promotions).isEqualTo(1);
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void aRetryAfterACommitWhoseAnswerWasLostLoadsNothingTwice() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        warehouse.promotionFailure = new RetriableException("connection reset while committing", null);
        warehouse.failuresLeft = 1;
        warehouse.commitBeforeFailing = true;

        TableResult result = run(csv().build()).tables().get(0);

        // The second attempt plans against the ledger, which has the file from the first attempt's commit.
        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(warehouse.promotions).isEqualTo(1);
        assertThat(warehouse.entries).hasSize(1);
        assertThat(result.notes()).containsExactly(
                "attempt 1 failed (connection reset while committing); loaded again after 1 ms");
    }

    @Test
    void whatTheRunCleanedUpAfterDeadRunsIsInItsNotesAndAFailedCleanupLoadsTheTablesAnyway() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        warehouse.cleanup = () -> List.of("run r0 ended without finishing; marked abandoned");

        assertThat(run(csv().build()).notes()).containsExactly("run r0 ended without finishing; marked abandoned");

        warehouse.entries.clear();
        warehouse.cleanup = () -> {
            throw new RetriableException("connection reset", null);
        };
        RunReport report = run(csv().build());

        assertThat(report.tables().get(0).status()).isEqualTo(TableStatus.LOADED);
        assertThat(report.notes()).containsExactly(
                "could not clean up after dead runs (the next run tries again): connection reset");
    }

    @Test
    void retryWaitsDoubleUpToTheLongest() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(policy::backoffAfter).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    private ErrorKind failingPromotion(RuntimeException failure) {
        warehouse.promotionFailure = failure;
        TableResult result = run(csv().build()).tables().get(0);
        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains(failure.getMessage());
        return result.errorKind();
    }

    @Test
    void aRunThatCannotStartFailsEveryTableWithTheKindOfTheReason() {
        warehouse.prepareFailure = new UnreachableException("connection refused", null);

        RunReport report = run(csv().build(), TableSpec.builder("u", "u/").column("id", "text").build());

        assertThat(report.tables()).extracting(TableResult::name, TableResult::status, TableResult::errorKind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t", TableStatus.FAILED, ErrorKind.UNREACHABLE),
                        org.assertj.core.groups.Tuple.tuple("u", TableStatus.FAILED, ErrorKind.UNREACHABLE));
        assertThat(report.tables().get(0).error()).isEqualTo("the run could not start: connection refused");
        assertThat(report.runId()).isNotBlank();
    }

    @Test
    void listenersHearEveryEventInOrderWithTheCountsOfTheReport() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n2,b\n".getBytes());
        write("t/LOAD00000002.csv.gz", gzip("3,c\n".getBytes()));
        write("u/LOAD00000001.csv", "1,2,3\n".getBytes());
        long gzipSize = Files.size(lake.resolve("t/LOAD00000002.csv.gz"));
        warehouse.rowsRejected = 1;
        Recording first = new Recording();
        Recording second = new Recording();

        RunReport report = pipeline().listening(first).listening(second).run(List.of(csv().build(),
                TableSpec.builder("u", "u/").column("id", "bigint").build()));

        String runId = report.runId();
        assertThat(first.events).containsExactly(
                "runStarted " + runId + " [t, u]",
                "tableStarted t 2 files " + (8 + gzipSize) + " bytes",
                "fileStaged t t/LOAD00000001.csv 2 rows 8 bytes",
                "fileStaged t t/LOAD00000002.csv.gz 1 rows " + gzipSize + " bytes",
                "rowsRejected t 1",
                "tableFinished t loaded 3 read",
                "tableStarted u 1 files 6 bytes",
                "tableFinished u failed 0 read",
                "runFinished " + runId);
        assertThat(second.events).isEqualTo(first.events);
        assertThat(first.results).containsExactlyElementsOf(report.tables());
        assertThat(first.report).isSameAs(report);
    }

    @Test
    void aListenerThatThrowsBreaksNoLoadAndTheListenersAfterItStillHear() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        LoadListener broken = new LoadListener() {
            @Override
            public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void tableFinished(String runId, TableResult result) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        Recording after = new Recording();

        RunReport report = pipeline().listening(broken).listening(after).run(List.of(csv().build()));

        assertThat(report.tables().get(0).status()).isEqualTo(TableStatus.LOADED);
        assertThat(after.events).contains("fileStaged t t/LOAD00000001.csv 1 rows 4 bytes",
                "tableFinished t loaded 1 read");
    }

    @Test
    void aLongFileReportsProgressEveryFewThousandRecords() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            csv.append(i).append(",x\n");
        }
        write("t/LOAD00000001.csv", csv.toString().getBytes());
        List<long[]> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoadListener listener = new LoadListener() {
            @Override
            public void fileProgress(String runId, String table, SourceFile file, long rows, long bytes) {
                progress.add(new long[] {rows, bytes});
            }
        };

        pipeline().listening(listener).run(List.of(csv().build()));

        assertThat(progress).extracting(p -> p[0]).containsExactly(4096L, 8192L);
        assertThat(progress.get(0)[1]).isPositive().isLessThanOrEqualTo(progress.get(1)[1]);
        assertThat(progress.get(1)[1]).isLessThanOrEqualTo(csv.length());
    }

    @Test
    void oneSpecLoadsTwiceWithANewTransformerFromItsFactoryEachTime() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        TableSpec spec = csv().transformer(() -> {
            made.incrementAndGet();
            return new OnceOnly();
        }).build();

        TableResult first = run(spec).tables().get(0);
        write("t/LOAD00000002.csv", "2,b\n".getBytes());
        TableResult second = run(spec).tables().get(0);

        assertThat(first.status()).as(first.error()).isEqualTo(TableStatus.LOADED);
        assertThat(second.status()).as(second.error()).isEqualTo(TableStatus.LOADED);
        assertThat(second.rowsLoaded()).isEqualTo(1);
        assertThat(made).hasValue(2);
    }

    /** A transformer that refuses a second load, as one keeping state between loads would go wrong. */
    private static final class OnceOnly implements RowTransformer {
        private boolean begun;

        @Override
        public void begin(dev.lakeload.core.transform.TransformContext context) {
            if (begun) {
                throw new IllegalStateException("begun twice");
            }
            begun = true;
        }

        @Override
        public void transform(Row row, dev.lakeload.core.row.RowSink out) {
            out.accept(row);
        }
    }

    /** Records events as lines, and the results and report it heard. */
    private static final class Recording implements LoadListener {
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<TableResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile RunReport report;

        @Override
        public void runStarted(String runId, List<TableSpec> tables) {
            events.add("runStarted " + runId + " " + tables.stream().map(TableSpec::name).toList());
        }

        @Override
        public void tableStarted(String runId, TableSpec table, int files, long bytes) {
            events.add("tableStarted " + table.name() + " " + files + " files " + bytes + " bytes");
        }

        @Override
        public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
            events.add("fileStaged " + table + " " + file.key() + " " + rows + " rows " + bytes + " bytes");
        }

        @Override
        public void rowsRejected(String runId, String table, long rows) {
            events.add("rowsRejected " + table + " " + rows);
        }

        @Override
        public void tableFinished(String runId, TableResult result) {
            events.add("tableFinished " + result.name() + " " + result.status().label() + " " + result.rowsRead()
                    + " read");
            results.add(result);
        }

        @Override
        public void runFinished(RunReport finished) {
            events.add("runFinished " + finished.runId());
            report = finished;
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void recordsATransformerDropsAreCountedPerFileApartFromThoseThatReachStaging() throws IOException {
        write("t/LOAD00000001.csv", "1,keep\n2,drop\n3,keep\n".getBytes());
        write("t/LOAD00000002.csv", "4,drop\n".getBytes());
        RowTransformer dropping = (row, out) -> {
            if (!"drop".equals(row.get(1))) {
                out.accept(row);
            }
        };

        TableResult result = run(csv().transformer(() -> dropping).build()).tables().get(0);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsDropped()).isEqualTo(2);
        assertThat(warehouse.stagedFiles).extracting(StagedFile::rowsRead, StagedFile::rowsDropped).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, 1L), org.assertj.core.groups.Tuple.tuple(1L, 1L));
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aTableIsJudgedStaleAtTheClocksNowAndStillLoads() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        Files.setLastModifiedTime(lake.resolve("t/LOAD00000001.csv"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2026-12-01T09:00:00Z")));
        java.time.Clock noon = java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T12:00:00Z"),
                java.time.ZoneOffset.UTC);
        TableSpec table = csv().freshness(new Freshness(java.time.Duration.ofHours(2), java.time.Duration.ofDays(1)))
                .build();

        RunReport report = new LoadPipeline(new LocalFolderSource(lake), warehouse, warehouse, warehouse)
                .withClock(noon).run(List.of(table));

        TableResult result = report.tables().get(0);
        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.freshness().level()).isEqualTo(FreshnessVerdict.Level.ERROR);
        assertThat(result.freshness().age()).isEqualTo(java.time.Duration.ofHours(27));
        assertThat(report.succeeded()).isTrue();
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aTableAnotherRunHoldsIsLeftBusyUnreadAndTheRunSucceeds() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        List<String> claimed = new ArrayList<>();
        TableClaims heldElsewhere = (table, runId) -> {
            claimed.add(table.name());
            return () -> "run 20261202t160000_abcdef (pid 42) was loading it";
        };

        RunReport report = new LoadPipeline(new LocalFolderSource(lake), warehouse, warehouse, warehouse,
                heldElsewhere).run(List.of(csv().build()));

        TableResult result = report.tables().get(0);
        assertThat(result.status()).isEqualTo(TableStatus.BUSY);
        assertThat(result.status().label()).isEqualTo("busy");
        assertThat(result.notes()).containsExactly("not loaded: run 20261202t160000_abcdef (pid 42) was loading it; "
                + "the next run loads what is still new");
        assertThat(report.succeeded()).isTrue();
        // claimed without waiting first, then once more, waiting, after the other tables
        assertThat(claimed).containsExactly("t", "t");
        assertThat(warehouse.staged).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aHeldClaimIsReleasedAfterTheLoadAndExplainsItsFailure() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        warehouse.promotionFailure = new WaitTimeoutException("canceling statement due to lock timeout", null);
        List<String> events = new ArrayList<>();
        TableClaims claims = (table, runId) -> new TableClaims.Claim() {
            @Override
            public String heldBy() {
                return null;
            }

            @Override
            public String explain(RuntimeException failure) {
                return "; last seen waiting: for a lock held by pid 7";
            }

            @Override
            public void close() {
                events.add("released after " + warehouse.staged.size() + " row(s) staged");
            }
        };

        TableResult result = new LoadPipeline(new LocalFolderSource(lake), warehouse, warehouse, warehouse, claims)
                .run(List.of(csv().build())).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).isEqualTo("canceling statement due to lock timeout; last seen waiting: for a "
                + "lock held by pid 7");
        assertThat(events).containsExactly("released after 1 row(s) staged");
    }

    @Test
    void aSplitCdcTableSharesItsFullLoadAndAppliesItsChangesInOrderOnceNoFullLoadFileIsHeldElsewhere()
            throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        write("t/LOAD00000002.csv", "2,b\n".getBytes());
        write("t/LOAD00000003.csv", "3,c\n".getBytes());
        write("t/20260101-110000000.csv", "U,1,later\n".getBytes());
        write("t/20260101-100000000.csv", "D,2,\n".getBytes());
        SplitClaims claims = new SplitClaims();
        claims.heldElsewhere.add("LOAD00000002.csv");

        TableResult first = splitPipeline(claims).run(List.of(cdc())).tables().get(0);

        assertThat(warehouse.promoted).containsExactly(List.of("t/LOAD00000001.csv"), List.of("t/LOAD00000003.csv"));
        assertThat(first.status()).isEqualTo(TableStatus.LOADED);
        assertThat(first.files()).isEqualTo(2);
        assertThat(first.notes()).containsExactly(
                "1 file(s) left to the other runs loading them (split by file), from t/LOAD00000002.csv",
                "2 change file(s) wait until every full-load file is loaded, 1 still held by other runs (from "
                        + "t/LOAD00000002.csv): the run that loads the last applies them, else the next run");

        claims.heldElsewhere.clear();
        TableResult next = splitPipeline(claims).run(List.of(cdc())).tables().get(0);

        assertThat(next.status()).isEqualTo(TableStatus.LOADED);
        assertThat(next.files()).isEqualTo(3);
        assertThat(warehouse.promoted).hasSize(4).endsWith(List.of("t/LOAD00000002.csv"),
                List.of("t/20260101-100000000.csv", "t/20260101-110000000.csv"));
        assertThat(claims.ordered).as("the claim on the change files, released after their promotion").isZero();
        assertThat(splitPipeline(claims).run(List.of(cdc())).tables().get(0).status())
                .isEqualTo(TableStatus.UP_TO_DATE);
    }

    @Test
    void aSplitCdcTableLeavesItsChangesToTheRunApplyingThemAndIsBusyWhenItLoadedNothing() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n".getBytes());
        write("t/20260101-100000000.csv", "U,1,later\n".getBytes());
        SplitClaims claims = new SplitClaims();
        claims.orderedHeldElsewhere = true;

        TableResult first = splitPipeline(claims).run(List.of(cdc())).tables().get(0);
        TableResult second = splitPipeline(claims).run(List.of(cdc())).tables().get(0);

        assertThat(warehouse.promoted).containsExactly(List.of("t/LOAD00000001.csv"));
        assertThat(first.status()).isEqualTo(TableStatus.LOADED);
        assertThat(second.status()).isEqualTo(TableStatus.BUSY);
        assertThat(second.notes()).containsExactly("1 change file(s) left to another run applying this table's "
                + "change files now");
    }

    private static TableSpec cdc() {
        return csv().primaryKey(List.of("id")).mode(LoadMode.CDC).build();
    }

    private LoadPipeline splitPipeline(TableClaims claims) {
        return new LoadPipeline(new LocalFolderSource(lake), warehouse, warehouse, warehouse, claims)
                .retrying(QUICK_RETRIES).sharing(new Sharing(1, 1));
    }

    /** Shared claims where the files named in {@link #heldElsewhere} and, if so set, the ordered files are held. */
    private static final class SplitClaims implements TableClaims {
        final java.util.Set<String> heldElsewhere = new java.util.HashSet<>();
        boolean orderedHeldElsewhere;
        /** Ordered-file claims held now. */
        int ordered;

        @Override
        public Claim claim(TableSpec table, String runId) {
            throw new AssertionError("a split table is claimed shared");
        }

        @Override
        public Claim claimShared(TableSpec table, String runId) {
            return new Claim() {
                @Override
                public String heldBy() {
                    return null;
                }

                @Override
                public boolean tryClaimFile(SourceFile file) {
                    return !heldElsewhere.contains(file.key().substring("t/".length()));
                }

                @Override
                public boolean tryClaimOrdered() {
                    if (orderedHeldElsewhere) {
                        return false;
                    }
                    ordered++;
                    return true;
                }

                @Override
                public void releaseFiles() {
                    ordered = 0;
                }
            };
        }
    }

    @Test
    void onlyAFailedTableHasAnErrorAndAKind() {
        assertThatThrownBy(() -> new TableResult("t", TableStatus.FAILED, 0, 0, 0, 0, 0, "why", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableResult("t", TableStatus.LOADED, 0, 0, 0, 0, 0, null, ErrorKind.DATA,
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] ints(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int value : values) {
                out.writeInt(value);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** A binary format, as a format other than CSV would be: big-endian 32-bit integers, one per record. */
    private record BigEndianInts() implements FileFormat {
        private static final Schema SCHEMA = Schema.ofNames(List.of("n"));

        @Override
        public Compression compression() {
            return Compression.AUTO;
        }

        @Override
        public boolean namesFields() {
            return true;
        }

        @Override
        public List<String> fields() {
            return List.of();
        }

        @Override
        public RowReader reader(List<String> fieldNames) {
            return (InputStream in, String file, Consumer<Row> rows) -> {
                long count = 0;
                try (DataInputStream data = new DataInputStream(in)) {
                    while (true) {
                        int value;
                        try {
                            value = data.readInt();
                        } catch (EOFException end) {
                            break;
                        }
                        rows.accept(new Row(SCHEMA, new String[] {Integer.toString(value)}, file, ++count));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new ReadResult(count, List.of(file + ": " + count + " integer(s)"));
            };
        }
    }

    /** Staging, promotion and ledger in memory; a promotion or the ledger's preparation can be made to fail. */
    private static final class FakeWarehouse implements dev.lakeload.core.staging.StagingLoader, Promoter, Ledger {
        final List<Row> staged = new ArrayList<>();
        final List<StagedFile> stagedFiles = new ArrayList<>();
        /** The keys of each promotion's files, in promotion and load order. */
        final List<List<String>> promoted = new ArrayList<>();
        final Map<String, LedgerEntry> entries = new java.util.HashMap<>();
        RuntimeException promotionFailure;
        /** How many promotions fail with {@link #promotionFailure}; every one by default. */
        int failuresLeft = Integer.MAX_VALUE;
        /** Whether a failing promotion records its files first, as a commit whose answer was lost would. */
        boolean commitBeforeFailing;
        int promotions;
        int livenessRenewals;
        java.util.function.Supplier<List<String>> cleanup = List::of;
        RuntimeException prepareFailure;
        long rowsRejected;

        @Override
        public StagedLoad open(TableSpec table, String runId) {
            staged.clear();
            stagedFiles.clear();
            return new StagedLoad() {
                private SourceFile current;
                private long rows;

                @Override
                public void beginFile(SourceFile file, LedgerEntry previous) {
                    current = file;
                    rows = 0;
                }

                @Override
                public void accept(Row row) {
                    staged.add(row);
                    rows++;
                }

                @Override
                public void reject(Row origin, String column, String rawValue, String reason) {
                    throw new AssertionError("no rejects expected: " + reason);
                }

                @Override
                public void endFile(long rowsRead, long rowsDropped, FileContent content) {
                    stagedFiles.add(new StagedFile(stagedFiles.size() + 1, current, null, content, rowsRead, rows,
                            0, rowsDropped));
                }

                @Override
                public void finish() {
                }

                @Override
                public List<StagedFile> files() {
                    return List.copyOf(stagedFiles);
                }

                @Override
                public List<StagedRelation> relations() {
                    return List.of();
                }

                @Override
                public StagingTable rejectsTable() {
                    return null;
                }

                @Override
                public long rejectedRows() {
                    return 0;
                }

                @Override
                public long cleanedValues() {
                    return 0;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public Map<String, List<Column>> existingColumns(TableSpec table) {
            return Map.of();
        }

        @Override
        public PromotionResult promote(TableSpec table, StagedLoad stagedLoad, String runId) {
            promotions++;
            promoted.add(stagedLoad.files().stream().map(f -> f.file().key()).toList());
            boolean fails = promotionFailure != null && failuresLeft-- > 0;
            if (!fails || commitBeforeFailing) {
                for (StagedFile file : stagedLoad.files()) {
                    entries.put(file.file().location(), new LedgerEntry(entries.size() + 1, file.file().location(),
                            file.file().key(), file.file().versionTag(), file.content().sha256(),
                            file.content().bytes(), file.rowsRead(), LedgerEntry.Disposition.LOADED,
                            java.time.Instant.now(), runId));
                }
            }
            if (fails) {
                throw promotionFailure;
            }
            return new PromotionResult(staged.size(), rowsRejected, List.of(), List.of(), List.of());
        }

        @Override
        public void prepare() {
            if (prepareFailure != null) {
                throw prepareFailure;
            }
        }

        @Override
        public Map<String, LedgerEntry> latestEntries(String table) {
            return Map.copyOf(entries);
        }

        @Override
        public void keepRunLive(String runId) {
            livenessRenewals++;
        }

        @Override
        public List<String> cleanUpAfterDeadRuns(String runId) {
            return cleanup.get();
        }

        @Override
        public void recordUnloaded(String table, String runId, List<PlannedFile> skipped,
                                   List<PlannedFile> restamped) {
        }

        @Override
        public void runStarted(String runId, String description) {
        }

        @Override
        public void runFinished(RunReport report) {
        }
    }
}
