package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.s3.EmbeddedS3;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 end to end: a DMS-shaped bucket on an in-process S3 server, loaded through the CLI, re-run with
 * nothing new, then again after new files arrive.
 */
class S3RunIT {
    private static final String BUCKET = "lake";
    private static EmbeddedS3 s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start();
        s3.createBucket(BUCKET);
        // The manifest holds no credentials: they come from the SDK's default chain, here its system properties.
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    @AfterAll
    static void stopS3() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
    }

    @Test
    void loadsADmsShapedBucketThenOnlyNewFiles() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3run");
        // DMS with IncludeOpForFullLoad=true: every row starts with its operation, so one layout fits all files.
        s3.put(BUCKET, "dms/shop/orders/", new byte[0]);                                   // a folder marker
        s3.put(BUCKET, "dms/shop/orders/LOAD00000010.csv", "I,3,third\n");
        s3.put(BUCKET, "dms/shop/orders/LOAD00000009.csv", "I,1,first\n");
        s3.put(BUCKET, "dms/shop/orders/LOAD0000000A.csv.gz", TestFiles.gzip("I,2,\"second, zipped\"\n"));
        s3.put(BUCKET, "dms/shop/orders/2026/11/25/20261125-101500123.csv", "U,1,first updated\n");
        s3.put(BUCKET, "dms/shop/orders/2026/11/24/20261124-235959999.csv", "I,4,fourth\n");
        s3.put(BUCKET, "dms/shop/orders_archive/LOAD00000001.csv", "I,99,not orders\n");
        s3.put(BUCKET, "dms/shop/items/part2/LOAD00000001.csv", "I,20,b\n");
        s3.put(BUCKET, "dms/shop/items/part1/SEGMENT2_LOAD00000001.csv", "I,11,a2\n");
        s3.put(BUCKET, "dms/shop/items/part1/SEGMENT1_LOAD00000001.csv", "I,10,a1\n");
        s3.put(BUCKET, "dms/shop/items/readme.txt", "not data\n");
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source:
                  s3: { bucket: %s, prefix: dms/, region: %s, endpoint: "%s", pathStyle: true,
                        checksums: when_required }
                target:
                  postgres: { url: "%s", user: "%s", password: "%s" }
                tables:
                  - name: orders
                    from: shop/orders
                    format: { fields: [op, id, note] }
                    columns: [ { name: op, type: "char(1)" }, { name: id, type: bigint }, { name: note, type: text } ]
                  - name: items
                    from: shop/items/
                    include: ["*.csv", "*.csv.gz"]
                    format: { fields: [op, id, name] }
                    columns: [ { name: op, type: text }, { name: id, type: bigint }, { name: name, type: text } ]
                """.formatted(BUCKET, s3.region(), s3.endpoint(), db.jdbcUrl(), db.user(), db.password()));

        CliRun first = CliRun.of("run", manifest.toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).containsPattern("orders\\s+loaded\\s+5\\s+5\\s+5")
                .containsPattern("items\\s+loaded\\s+3\\s+3\\s+3");
        assertThat(db.query("SELECT op, id, note FROM orders ORDER BY ctid")).containsExactly(
                List.of("I", "1", "first"), List.of("I", "2", "second, zipped"), List.of("I", "3", "third"),
                List.of("I", "4", "fourth"), List.of("U", "1", "first updated"));
        assertThat(db.query("SELECT name FROM items ORDER BY ctid")).containsExactly(
                List.of("a1"), List.of("a2"), List.of("b"));

        CliRun second = CliRun.of("run", manifest.toString());

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).containsPattern("orders\\s+up_to_date\\s+0")
                .containsPattern("items\\s+up_to_date\\s+0");

        s3.put(BUCKET, "dms/shop/orders/2026/11/26/20261126-080000000.csv", "D,2,\n");
        s3.put(BUCKET, "dms/shop/orders/2026/11/26/20261126-090000000.csv.gz", TestFiles.gzip("I,5,fifth\n"));
        CliRun ls = CliRun.of("ls", manifest.toString(), "--table", "orders");
        assertThat(ls.out()).contains("orders (shop/orders): 2 to load, 5 loaded")
                .containsPattern("new\\s+\\d+\\s+shop/orders/2026/11/26/20261126-080000000.csv");

        CliRun third = CliRun.of("run", manifest.toString());

        assertThat(third.exitCode()).isZero();
        assertThat(third.out()).containsPattern("orders\\s+loaded\\s+2\\s+2\\s+2")
                .containsPattern("items\\s+up_to_date\\s+0");
        assertThat(db.query("SELECT op, id FROM orders ORDER BY ctid OFFSET 5")).containsExactly(
                List.of("D", "2"), List.of("I", "5"));
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files WHERE target_table = 'public.orders'"))
                .isEqualTo("7");

        // An object rewritten in place after it was loaded (a new ETag) is reported, not skipped or loaded twice.
        s3.put(BUCKET, "dms/shop/orders/LOAD00000009.csv", "I,1,first, rewritten\n");
        assertThat(CliRun.of("ls", manifest.toString(), "--table", "orders").out())
                .contains("0 to load, 6 loaded, 1 rewritten since loaded")
                .containsPattern("rewritten\\s+\\d+\\s+shop/orders/LOAD00000009.csv");
        CliRun rewritten = CliRun.of("run", manifest.toString());
        assertThat(rewritten.exitCode()).isEqualTo(3);
        assertThat(rewritten.out()).containsPattern("orders\\s+failed")
                .contains("rewritten in place", "shop/orders/LOAD00000009.csv");
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("7");
    }

    /** A manifest loading {@code from} under {@code prefix} of the bucket into orders, with rewrittenFiles: load. */
    private Path manifest(String name, URI endpoint, String bucket, String prefix, String from, TestDatabase db)
            throws IOException {
        return Files.writeString(dir.resolve(name), """
                source:
                  s3: { bucket: %s, prefix: "%s", region: %s, endpoint: "%s", pathStyle: true,
                        checksums: when_required }
                target:
                  postgres: { url: "%s", user: "%s", password: "%s" }
                tables:
                  - name: orders
                    from: %s
                    format: { fields: [id, note] }
                    columns: [ { name: id, type: bigint }, { name: note, type: text } ]
                    rewrittenFiles: load
                """.formatted(bucket, prefix, s3.region(), endpoint, db.jdbcUrl(), db.user(), db.password(), from));
    }

    @Test
    void anotherPrefixForTheSameObjectsLoadsNothingAgain() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3moved");
        s3.put(BUCKET, "moved/shop/orders/LOAD00000001.csv", "1,A\n");
        assertThat(CliRun.of("run", manifest("dms.yaml", s3.endpoint(), BUCKET, "moved/", "shop/orders", db)
                .toString()).exitCode()).isZero();

        CliRun moved = CliRun.of("run", manifest("shop.yaml", s3.endpoint(), BUCKET, "moved/shop/", "orders", db)
                .toString());

        assertThat(moved.exitCode()).as(moved.out()).isZero();
        assertThat(moved.out()).containsPattern("orders\\s+up_to_date\\s+0");
        assertThat(db.query("SELECT note FROM orders")).containsExactly(List.of("A"));
    }

    @Test
    void anObjectBackToItsFirstContentLoadsAgainUnderLoad() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3aba");
        String key = "aba/shop/orders/LOAD00000001.csv";
        Path manifest = manifest("aba.yaml", s3.endpoint(), BUCKET, "aba/", "shop/orders", db);
        s3.put(BUCKET, key, "1,A\n");
        assertThat(CliRun.of("run", manifest.toString()).exitCode()).isZero();
        s3.put(BUCKET, key, "1,B\n");
        assertThat(CliRun.of("run", manifest.toString()).out()).containsPattern("orders\\s+loaded\\s+1");
        s3.put(BUCKET, key, "1,A\n"); // the first ETag again

        CliRun back = CliRun.of("run", manifest.toString());

        assertThat(back.exitCode()).as(back.out()).isZero();
        assertThat(back.out()).containsPattern("orders\\s+loaded\\s+1")
                .contains("rewritten since loaded (load): shop/orders/LOAD00000001.csv");
        assertThat(db.query("SELECT note FROM orders ORDER BY ctid"))
                .containsExactly(List.of("A"), List.of("B"), List.of("A"));
    }

    @Test
    void aStoreThatListsFoldersWithoutETagsLoads(@TempDir Path storeFolder) throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3folders");
        try (EmbeddedS3 store = EmbeddedS3.startOnFolder(storeFolder)) {
            store.createBucket("folders");
            store.put("folders", "dms/shop/orders/LOAD00000001.csv", "1,a\n");
            // As MinIO and other stores on a file system list them: "dms/shop/orders/2026/", without an ETag.
            store.blobStore().createDirectory("folders", "dms/shop/orders/2026/11");
            Path manifest = manifest("folders.yaml", store.endpoint(), "folders", "dms/", "shop/orders", db);

            CliRun run = CliRun.of("run", manifest.toString());

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(run.out()).containsPattern("orders\\s+loaded\\s+1\\s+1\\s+1");
            assertThat(db.query("SELECT id, note FROM orders")).containsExactly(List.of("1", "a"));
        }
    }

    @Test
    void aMissingBucketFailsEveryTableWithWhatToFix() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3missing");
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source: { s3: { bucket: no-such-bucket, region: %s, endpoint: "%s", pathStyle: true,
                                checksums: when_required } }
                target: { postgres: { url: "%s", user: "%s", password: "%s" } }
                tables:
                  - { name: orders, from: shop/orders/, columns: [ { name: id, type: bigint } ] }
                """.formatted(s3.region(), s3.endpoint(), db.jdbcUrl(), db.user(), db.password()));

        CliRun run = CliRun.of("run", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).containsPattern("orders\\s+failed").contains("no-such-bucket");
        assertThat(run.out() + run.err()).doesNotContain(s3.secretKey());
    }

    @Test
    void anS3SourceOpenedBesideTheDatabaseStillFailsNamingWhatToFix() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3opening");
        Path manifest = dir.resolve("lakeload.yaml");
        String missingProfile = "profile: lakeload-no-such-profile, ";
        Files.writeString(manifest, """
                source: { s3: { %sbucket: %s, region: %s, endpoint: "%s", pathStyle: true, checksums: when_required } }
                target: { postgres: { url: "%s", user: "%s", password: "%s" } }
                tables:
                  - { name: orders, from: shop/orders/, columns: [ { name: id, type: bigint } ] }
                  - { name: items, from: shop/items/, columns: [ { name: id, type: bigint } ] }
                """.formatted(missingProfile, BUCKET, s3.region(), s3.endpoint(), db.jdbcUrl(), db.user(),
                db.password()));

        CliRun badSource = CliRun.of("run", manifest.toString());

        // The client is built while the run prepares the ledger; its failure is every table's, at its first use.
        assertThat(badSource.exitCode()).as(badSource.out() + badSource.err()).isEqualTo(2);
        assertThat(badSource.out()).containsPattern("orders\\s+failed").containsPattern("items\\s+failed")
                .contains("error: orders: source.s3.profile: there is no profile 'lakeload-no-such-profile'",
                        "error: items: source.s3.profile: there is no profile 'lakeload-no-such-profile'");

        Files.writeString(manifest, Files.readString(manifest).replace(missingProfile, "")
                .replace(db.jdbcUrl(), "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2"));
        CliRun badDatabase = CliRun.of("run", manifest.toString());

        assertThat(badDatabase.exitCode()).as(badDatabase.out() + badDatabase.err()).isEqualTo(4);
        assertThat(badDatabase.out()).containsPattern("orders\\s+failed").contains("Connection");
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aBucketFolderThatNoTableLoadsIsNotedAndFailsTheRunUnderFailUnlessIgnored() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("s3cover");
        s3.put(BUCKET, "cover/shop/orders/LOAD00000001.csv", "1,a\n");
        s3.put(BUCKET, "cover/shop/refunds/", new byte[0]);                                  // a folder marker
        s3.put(BUCKET, "cover/shop/refunds/2026/11/25/20261125-101500123.csv", "I,1,a\n");
        Path file = manifest("cover.yaml", s3.endpoint(), BUCKET, "cover/", "shop/orders/", db);
        Files.writeString(file, "uncoveredFolders: fail\n", StandardOpenOption.APPEND);

        CliRun failed = CliRun.of("run", file.toString());

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).containsPattern("orders\\s+loaded")
                .contains("error: run: folder shop/refunds/ holds 1 DMS file(s) and no table loads it");
        assertThat(CliRun.of("ls", file.toString()).out())
                .containsPattern("uncovered\\s+1 file\\(s\\)\\s+shop/refunds/");

        Files.writeString(file, "ignore: [refunds]\n", StandardOpenOption.APPEND);
        CliRun ignored = CliRun.of("run", file.toString());
        assertThat(ignored.exitCode()).as(ignored.out() + ignored.err()).isZero();
        assertThat(ignored.out()).doesNotContain("refunds");
    }
}
