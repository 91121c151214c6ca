package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.cli.LakeloadCommand;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A custom transformer named by class in a manifest runs in the CLI, and its rejects are counted. */
class CustomTransformerCliIT {
    @TempDir
    Path dir;

    @Test
    void aManifestCanNameACustomTransformer() throws IOException {
        TestDatabase db = PostgresServer.shared().newDatabase("custom");
        Path file = dir.resolve("lake/crm/contacts/LOAD00000001.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "1,ann@example.com\n2,nobody\n3,\n");
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source: { local: { path: lake } }
                target: { postgres: { url: "%s", user: "%s", password: "%s" } }
                tables:
                  - name: contacts
                    from: crm/contacts/
                    columns: [ { name: id, type: bigint }, { name: email, type: text } ]
                    transformers: [ dev.lakeload.examples.MaskEmails ]
                    maxRejects: 1
                """.formatted(db.jdbcUrl(), db.user(), db.password()));
        StringWriter out = new StringWriter();
        CommandLine cli = LakeloadCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("run", manifest.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("contacts\\s+loaded\\s+1\\s+3\\s+2\\s+1");
        assertThat(db.queryValue("SELECT email FROM contacts WHERE id = 1")).matches("[0-9a-f]{10}@example\\.com");
        assertThat(db.queryValue("SELECT reason FROM lakeload.rejects WHERE line = 2")).contains("cannot be masked");
    }
}
