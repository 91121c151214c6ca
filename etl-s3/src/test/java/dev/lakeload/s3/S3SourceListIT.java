package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3SourceListIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static S3Client client;

    @BeforeAll
    static void connect() {
        client = EmbeddedS3.client(S3.server().endpoint());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static S3Source source(String bucket, String prefix) {
        return S3Source.withClient(client, bucket, prefix, TestS3.FAST);
    }

    @Test
    void pagesThroughThousandsOfKeysWithKeysRelativeToTheRoot() {
        EmbeddedS3 server = S3.server();
        server.createBucket("paged");
        // 2,600 keys take three ListObjectsV2 pages of at most 1,000.
        IntStream.range(1, 2_600).parallel().forEach(i ->
                server.put("paged", "dms/shop/events/" + String.format("%05d.csv", i), "row " + i + "\n"));
        String etag = server.put("paged", "dms/shop/events/00000.csv", "row 0\n");
        server.put("paged", "dms/shop/events_archive/00000.csv", "not this table\n");
        server.put("paged", "elsewhere/shop/events/00000.csv", "not under the root\n");

        try (S3Source source = source("paged", "dms")) {
            List<SourceFile> files = source.list("shop/events/");

            assertThat(files).hasSize(2_600);
            assertThat(files).extracting(SourceFile::key).doesNotHaveDuplicates()
                    .allMatch(key -> key.startsWith("shop/events/"))
                    .contains("shop/events/00000.csv", "shop/events/02599.csv");
            SourceFile first = files.stream().filter(f -> f.key().equals("shop/events/00000.csv")).findFirst()
                    .orElseThrow();
            assertThat(first.size()).isEqualTo("row 0\n".length());
            assertThat(first.versionTag()).isEqualTo(etag).isEqualTo(TestS3.md5Hex("row 0\n"));
            assertThat(first.lastModified()).isAfter(java.time.Instant.now().minusSeconds(600));
        }
    }

    @Test
    void filesAreLocatedByBucketAndFullKeyWhateverTheRoot() {
        S3.server().createBucket("located");
        S3.server().put("located", "dms/shop/orders/LOAD00000001.csv", "1\n");

        try (S3Source dms = source("located", "dms/"); S3Source shop = source("located", "dms/shop")) {
            SourceFile fromDms = dms.list("shop/orders/").get(0);
            SourceFile fromShop = shop.list("orders/").get(0);

            assertThat(fromDms.key()).isEqualTo("shop/orders/LOAD00000001.csv");
            assertThat(fromShop.key()).isEqualTo("orders/LOAD00000001.csv");
            assertThat(fromShop.location()).isEqualTo(fromDms.location())
                    .isEqualTo("s3://located/dms/shop/orders/LOAD00000001.csv");
        }
    }

    @Test
    void folderMarkersListedWithoutAnETagAreLeftOut(@TempDir Path folder) {
        try (EmbeddedS3 store = EmbeddedS3.startOnFolder(folder);
             S3Client folderClient = EmbeddedS3.client(store.endpoint())) {
            store.createBucket("folders");
            String etag = store.put("folders", "dms/shop/orders/LOAD00000001.csv", "1\n");
            store.blobStore().createDirectory("folders", "dms/shop/orders/2026/11");
            List<S3Object> listed = folderClient.listObjectsV2(r -> r.bucket("folders").prefix("dms/")).contents();
            assumeTrue(listed.stream().anyMatch(o -> o.key().endsWith(".csv") && o.eTag() != null),
                    "the file system keeps no extended attributes, so this store lists no ETags at all");
            assertThat(listed).anySatisfy(o -> assertThat(o.key()).endsWith("/2026/"))
                    .allSatisfy(o -> assertThat(o.eTag() == null).isEqualTo(o.key().endsWith("/")));

            try (S3Source source = S3Source.withClient(folderClient, "folders", "dms/", TestS3.FAST)) {
                assertThat(source.list("shop/orders/")).extracting(SourceFile::key, SourceFile::versionTag)
                        .containsExactly(tuple("shop/orders/LOAD00000001.csv", etag));
            }
        }
    }

    @Test
    void describesItselfAsAnS3Uri() {
        try (S3Source rooted = source("lake", "/dms");
             S3Source whole = source("lake", "")) {
            assertThat(rooted.describe()).isEqualTo("s3://lake/dms/");
            assertThat(whole.describe()).isEqualTo("s3://lake/");
        }
    }

    @Test
    void listsTheWholeBucketWithoutRoot() {
        S3.server().createBucket("whole");
        S3.server().put("whole", "a/LOAD00000001.csv", "1\n");
        S3.server().put("whole", "b/LOAD00000001.csv", "2\n");

        try (S3Source source = source("whole", "")) {
            assertThat(source.list("")).extracting(SourceFile::key)
                    .containsExactlyInAnyOrder("a/LOAD00000001.csv", "b/LOAD00000001.csv");
            assertThat(source.list("c/")).isEmpty();
        }
    }

    @Test
    void selectsAndOrdersATablesFilesTheWayDmsMeansThem() {
        EmbeddedS3 server = S3.server();
        server.createBucket("ordered");
        List<String> expected = List.of(
                // full load, by hex counter: 9 < A < 10
                "LOAD00000001.csv",
                "LOAD00000009.csv",
                "LOAD0000000A.csv",
                "LOAD00000010.csv.gz",
                // parallel full load: SEGMENT prefixes, by segment then counter
                "SEGMENT1_LOAD00000001.csv",
                "SEGMENT1_LOAD00000002.csv",
                "SEGMENT2_LOAD00000001.csv",
                // parallel full load: partition subfolders
                "part-a/LOAD00000001.csv",
                "part-a/LOAD00000002.csv",
                "part-b/LOAD00000001.csv",
                // changes by time, whether in the table folder or date-partitioned folders
                "2026/11/24/20261124-235959999.csv",
                "20261125-000000001.csv",
                "2026/11/25/20261125-081500000.csv",
                "20261125-081500001.csv",
                "2026/11/26/20261126-000000000.csv.gz",
                // unknown names last, in key order
                "notes/readme.txt",
                "zz-unknown.csv");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new java.util.Random(7));
        for (String name : shuffled) {
            server.put("ordered", "dms/shop/orders/" + name, name + "\n");
        }
        // what TableFiles must drop: folder markers, empty objects, another table sharing the name's start
        server.put("ordered", "dms/shop/orders/", new byte[0]);
        server.put("ordered", "dms/shop/orders/2026/11/", new byte[0]);
        server.put("ordered", "dms/shop/orders/empty.csv", new byte[0]);
        server.put("ordered", "dms/shop/orders_archive/LOAD00000001.csv", "other table\n");

        try (S3Source source = source("ordered", "dms/")) {
            List<SourceFile> files = TableFiles.select(source, "shop/orders", GlobFilter.ALL);

            assertThat(files).extracting(SourceFile::key)
                    .containsExactlyElementsOf(expected.stream().map(name -> "shop/orders/" + name).toList());
        }
    }

    @Test
    void appliesIncludeAndExcludeGlobsRelativeToTheTable() {
        EmbeddedS3 server = S3.server();
        server.createBucket("globs");
        for (String name : List.of("LOAD00000001.csv", "LOAD00000002.csv.gz", "20261125-000000001.csv",
                "2026/11/25/20261125-000000002.csv", "LOAD00000003.parquet", "tmp/LOAD00000004.csv")) {
            server.put("globs", "shop/orders/" + name, "x\n");
        }

        try (S3Source source = source("globs", "")) {
            GlobFilter csvOnly = new GlobFilter(List.of("*.csv", "*.csv.gz"), List.of("tmp/**"));
            GlobFilter changesOnly = new GlobFilter(List.of("**/2026????-*.csv"), List.of());

            assertThat(names(TableFiles.select(source, "shop/orders/", csvOnly))).containsExactly(
                    "LOAD00000001.csv", "LOAD00000002.csv.gz", "20261125-000000001.csv",
                    "2026/11/25/20261125-000000002.csv");
            assertThat(names(TableFiles.select(source, "shop/orders", changesOnly))).containsExactly(
                    "20261125-000000001.csv", "2026/11/25/20261125-000000002.csv");
        }
    }

    @Test
    void keysWithSpacesAndUnicodeComeBackIntact() {
        S3.server().createBucket("names");
        Set<String> keys = Set.of("shop/ordres été/LOAD00000001.csv", "shop/ordres été/a+b c=d&e.csv");
        keys.forEach(key -> S3.server().put("names", key, "x\n"));

        try (S3Source source = source("names", "")) {
            assertThat(source.list("shop/ordres été/")).extracting(SourceFile::key)
                    .containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    private static List<String> names(List<SourceFile> files) {
        return files.stream().map(f -> f.key().substring("shop/orders/".length())).collect(Collectors.toList());
    }
}
