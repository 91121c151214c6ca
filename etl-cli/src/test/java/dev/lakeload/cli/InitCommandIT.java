package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import dev.lakeload.testkit.s3.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakeload init} as a new user meets it: pointed at a lake of DMS files (several tables, a header, gzip,
 * change files with Op, a MongoDB collection), it writes a manifest that {@code run} loads as it is, with typed
 * columns and no rejects. Through {@code bin/lakeload} into the embedded PostgreSQL (so it runs on one PostgreSQL
 * major only, like QuickstartIT), and from an S3 bucket into the test server.
 */
class InitCommandIT {
    private static final String COLUMNS = "SELECT table_name || '.' || column_name || ' ' || data_type "
            + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position";

    @TempDir
    Path dir;

    private static ChildProcess.Result lakeload(String... args) {
        List<String> command = new ArrayList<>(List.of(CliProject.REPO.resolve("bin/lakeload").toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(CliProject.REPO, Duration.ofMinutes(5), command);
    }

    @Test
    void theManifestInitWritesLoadsWithoutEditsIntoTypedTables() {
        DmsLake.writeTo(dir.resolve("lake"));
        String manifest = dir.resolve("lakeload.yaml").toString();

        ChildProcess.Result init = lakeload("init", "--from", dir.resolve("lake").toString(), "--output", manifest);
        assertThat(init.exitCode()).as(init.output()).isZero();
        ChildProcess.Result run = lakeload("run", manifest);

        assertThat(run.exitCode()).as(run.output()).isZero();
        // Every file of every table, none of their rows rejected.
        assertThat(run.output()).containsPattern("accounts\\s+loaded\\s+2\\s+6\\s+\\d+\\s+0\\s")
                .containsPattern("devices\\s+loaded\\s+2\\s+5\\s+\\d+\\s+0\\s")
                .containsPattern("customers\\s+loaded\\s+1\\s+2\\s+2\\s+0\\s")
                .containsPattern("orders\\s+loaded\\s+2\\s+4\\s+4\\s+0\\s");
        ChildProcess.Result columns = lakeload("db", manifest, "-e", COLUMNS);
        assertThat(columns.output()).contains("accounts.col1 bigint", "accounts.col2 text", "accounts.col3 date",
                "customers.id bigint", "customers.score double precision", "devices._id text",
                "devices.on boolean", "devices.price numeric", "devices__tags.value text", "orders.col1 bigint",
                "orders.col2 integer", "orders.col3 text", "orders.col4 numeric", "orders.col5 timestamp without "
                        + "time zone", "orders.col6 boolean", "orders.col7 date", "orders.col8 text");
        ChildProcess.Result rows = lakeload("db", manifest, "-e", "SELECT (SELECT count(*) FROM orders) || ' ' || "
                + "(SELECT count(*) FROM customers) || ' ' || (SELECT count(*) FROM accounts) || ' ' || "
                + "(SELECT count(*) FROM devices) || ' ' || (SELECT string_agg(col2, ',' ORDER BY col1) FROM accounts)"
                + " || ' ' || (SELECT col3 FROM orders WHERE col1 = 1001) AS counts");
        assertThat(rows.output()).contains(DmsLake.ROWS.get("orders") + " " + DmsLake.ROWS.get("customers") + " "
                + DmsLake.ROWS.get("accounts") + " " + DmsLake.ROWS.get("devices")
                + " Acme Corp,Initech,Umbrella 05021");
    }

    @Test
    void initFromAnS3PrefixWritesTheBucketAndItsSettings() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("init_s3");
        try (EmbeddedS3 s3 = EmbeddedS3.start()) {
            s3.createBucket("lake");
            DmsLake.writeTo((key, bytes) -> s3.put("lake", "dms/" + key, bytes));
            // The manifest holds no credentials: they come from the SDK's default chain, here its system properties.
            System.setProperty("aws.accessKeyId", s3.accessKey());
            System.setProperty("aws.secretAccessKey", s3.secretKey());
            try {
                Path manifest = dir.resolve("lakeload.yaml");
                CliRun init = CliRun.of("init", "--from", "s3://lake/dms", "--output", manifest.toString(),
                        "--region", s3.region(), "--endpoint", s3.endpoint().toString(), "--path-style",
                        "--checksums", "when_required");

                assertThat(init.exitCode()).as(init.err()).isZero();
                assertThat(init.out()).contains("4 DMS table folder(s) in s3://lake/dms/");
                String written = Files.readString(manifest);
                assertThat(written).contains("source:\n  s3: { bucket: lake, prefix: dms/, region: " + s3.region()
                        + ", endpoint: \"" + s3.endpoint() + "\", pathStyle: true, checksums: when_required }");

                // A user with a server of their own names it in target: the one edit this test makes.
                Files.writeString(manifest, written.replaceFirst("(?s)target:\n.*?\ntables:\n", """
                        target:
                          postgres: { url: "%s", user: "%s", password: "%s" }
                        tables:
                        """.formatted(db.jdbcUrl(), db.user(), db.password())));
                CliRun run = CliRun.of("run", manifest.toString());

                assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
        assertThat(db.query(COLUMNS).stream().map(r -> r.get(0)).toList()).contains("orders.col4 numeric",
                "orders.col5 timestamp without time zone", "accounts.col1 bigint", "devices.on boolean");
        for (Map.Entry<String, Integer> table : DmsLake.ROWS.entrySet()) {
            assertThat(db.queryValue("SELECT count(*) FROM " + table.getKey())).as(table.getKey())
                    .isEqualTo(String.valueOf(table.getValue()));
        }
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("0");
    }
}
