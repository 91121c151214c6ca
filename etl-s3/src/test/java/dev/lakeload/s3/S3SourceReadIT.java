package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

class S3SourceReadIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static S3Client client;

    @BeforeAll
    static void connect() {
        client = EmbeddedS3.client(S3.server().endpoint());
        S3.server().createBucket("lake");
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static S3Source source() {
        return S3Source.withClient(client, "lake", "dms/", TestS3.FAST);
    }

    private static SourceFile listed(S3Source source, String key) {
        return source.list(key).stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void streamsAnObjectLargerThanItsReadAheadByteForByte() throws IOException {
        byte[] content = TestS3.randomBytes(S3Source.CHUNK_SIZE * S3Source.CHUNKS * 2 + 12_345, 1);
        S3.server().put("lake", "dms/shop/big/LOAD00000001.csv", content);

        try (S3Source source = source();
             InputStream in = source.open(listed(source, "shop/big/LOAD00000001.csv"))) {
            assertThat(TestS3.sha256(in)).isEqualTo(TestS3.sha256(content));
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void readsSmallAndEmptyObjectsAndSingleBytes() throws IOException {
        S3.server().put("lake", "dms/shop/small/LOAD00000001.csv", "1,apple\n2,pear\n");
        S3.server().put("lake", "dms/shop/small/LOAD00000002.csv", new byte[0]);

        try (S3Source source = source()) {
            try (InputStream in = source.open(listed(source, "shop/small/LOAD00000001.csv"))) {
                assertThat(in.read()).isEqualTo('1');
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(",apple\n2,pear\n");
                assertThat(in.read()).isEqualTo(-1);
            }
            try (InputStream in = source.open(listed(source, "shop/small/LOAD00000002.csv"))) {
                assertThat(in.readAllBytes()).isEmpty();
            }
        }
    }

    @Test
    void returnsGzipObjectsRawForTheCallerToDecompress() throws IOException {
        String csv = "1,\"Müller, Anna\",2026-11-25\n".repeat(1_000);
        byte[] gzipped = TestFiles.gzip(csv);
        S3.server().put("lake", "dms/shop/customers/LOAD00000001.csv.gz", gzipped);

        try (S3Source source = source()) {
            SourceFile file = listed(source, "shop/customers/LOAD00000001.csv.gz");
            assertThat(file.size()).isEqualTo(gzipped.length);
            try (InputStream raw = source.open(file)) {
                assertThat(raw.readAllBytes()).isEqualTo(gzipped);
            }
            try (InputStream in = Compression.AUTO.decompress(source.open(file), file.key())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(csv);
            }
        }
    }

    @Test
    void anObjectRewrittenBetweenListAndOpenFailsAsChanged() {
        S3.server().put("lake", "dms/shop/rewritten/LOAD00000001.csv", "1,old\n");

        try (S3Source source = source()) {
            SourceFile file = listed(source, "shop/rewritten/LOAD00000001.csv");
            S3.server().put("lake", "dms/shop/rewritten/LOAD00000001.csv", "1,new\n");

            assertThatThrownBy(() -> source.open(file))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("shop/rewritten/LOAD00000001.csv")
                    .hasMessageContaining("changed since listed")
                    .satisfies(e -> assertThat(((DataException) e).file())
                            .contains("shop/rewritten/LOAD00000001.csv"));
        }
    }

    @Test
    void anObjectDeletedBetweenListAndOpenFailsAsVanished() {
        S3.server().put("lake", "dms/shop/deleted/LOAD00000001.csv", "1\n");

        try (S3Source source = source()) {
            SourceFile file = listed(source, "shop/deleted/LOAD00000001.csv");
            S3.server().delete("lake", "dms/shop/deleted/LOAD00000001.csv");

            assertThatThrownBy(() -> source.open(file))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("s3://lake/dms/shop/deleted/LOAD00000001.csv")
                    .hasMessageContaining("vanished since listed");
        }
    }

    @Test
    void closingAStreamEarlyStopsItsDownloadThread() throws IOException {
        byte[] content = TestS3.randomBytes(S3Source.CHUNK_SIZE * S3Source.CHUNKS * 3, 2);
        S3.server().put("lake", "dms/shop/abandoned/LOAD00000001.csv", content);

        try (S3Source source = source()) {
            InputStream in = source.open(listed(source, "shop/abandoned/LOAD00000001.csv"));
            assertThat(in.read(new byte[100])).isEqualTo(100);
            assertThat(downloadThreads()).isNotEmpty();

            in.close();

            assertThat(downloadThreads()).isEmpty();
            assertThat(source.openDownloads()).isZero();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void closingTheSourceStopsDownloadsStillOpen() throws IOException {
        byte[] content = TestS3.randomBytes(S3Source.CHUNK_SIZE * S3Source.CHUNKS * 3, 3);
        S3.server().put("lake", "dms/shop/forgotten/LOAD00000001.csv", content);
        S3.server().put("lake", "dms/shop/forgotten/LOAD00000002.csv", content);

        S3Source source = source();
        InputStream first = source.open(listed(source, "shop/forgotten/LOAD00000001.csv"));
        InputStream second = source.open(listed(source, "shop/forgotten/LOAD00000002.csv"));
        assertThat(first.read()).isNotNegative();
        assertThat(source.openDownloads()).isEqualTo(2);

        source.close();

        assertThat(downloadThreads()).isEmpty();
        assertThatThrownBy(second::read).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> source.list("shop/")).isInstanceOf(IllegalStateException.class);
        // the embedder's client stays open: whoever created it closes it
        assertThat(client.listBuckets().buckets()).isNotEmpty();
    }

    @Test
    void theWholeSourceCanBeReadFromSeveralThreads() throws Exception {
        for (int i = 1; i <= 8; i++) {
            S3.server().put("lake", "dms/shop/parallel/LOAD0000000" + i + ".csv", TestS3.randomBytes(300_000, i));
        }
        try (S3Source source = source()) {
            List<SourceFile> files = source.list("shop/parallel/");
            List<Thread> readers = files.stream().map(file -> new Thread(() -> {
                try (InputStream in = source.open(file)) {
                    int seed = Integer.parseInt(file.key().substring(file.key().length() - 5, file.key().length() - 4));
                    assertThat(TestS3.sha256(in)).isEqualTo(TestS3.sha256(TestS3.randomBytes(300_000, seed)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).toList();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            readers.forEach(t -> t.setUncaughtExceptionHandler((thread, e) -> failures.add(e)));
            readers.forEach(Thread::start);
            for (Thread reader : readers) {
                reader.join(Duration.ofSeconds(60).toMillis());
                assertThat(reader.isAlive()).as("a reader still running after a minute").isFalse();
            }
            assertThat(failures).isEmpty();
            assertThat(files).hasSize(8);
        }
    }

    static List<Thread> downloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lakeload-s3-read-") && t.isAlive())
                .toList();
    }
}
