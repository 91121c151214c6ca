package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --output json}, the distinct exit codes by kind of failure, {@code --help} and shell completion. */
class OutputAndExitCodesIT {
    private static final String ORDERS = """
            - name: orders
              from: shop/orders/
              columns: [ { name: id, type: bigint }, { name: note, type: text } ]
            """;

    @TempDir
    Path dir;

    private CliProject project;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "output");
        project.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        project.writeManifest(ORDERS);
    }

    @Test
    void runAndLsWithOutputJsonPrintOneJsonDocumentAndNothingElse() throws IOException {
        CliRun ls = CliRun.of("ls", project.manifest().toString(), "-o", "json");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        JsonNode listed = new ObjectMapper().readTree(ls.out()).get("tables").get(0);
        assertThat(listed.get("name").asText()).isEqualTo("orders");
        assertThat(listed.get("toLoad").asInt()).isEqualTo(1);
        assertThat(listed.get("files").get(0).get("state").asText()).isEqualTo("new");
        assertThat(listed.get("files").get(0).get("key").asText()).isEqualTo("shop/orders/LOAD00000001.csv");

        CliRun run = CliRun.of("run", project.manifest().toString(), "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("tables").get(0).get("rowsLoaded").asLong()).isEqualTo(2);
        assertThat(run.out().strip()).startsWith("{").endsWith("}");

        JsonNode again = new ObjectMapper().readTree(CliRun.of("ls", project.manifest().toString(), "-o", "json")
                .out()).get("tables").get(0);
        assertThat(again.get("toLoad").asInt()).isZero();
        assertThat(again.get("files").get(0).get("state").asText()).isEqualTo("loaded");

        CliRun wrong = CliRun.of("status", project.manifest().toString(), "--output", "yaml");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(wrong.err()).contains("'yaml' is not an output format: use text or json");
    }

    @Test
    void aTableThatFailsOnItsDataExitsThree() {
        project.write("shop/orders/LOAD00000002.csv", "three,c\n");
        CliRun run = CliRun.of("run", project.manifest().toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA).isEqualTo(3);
        assertThat(run.out()).containsPattern("orders\\s+failed")
                .contains("error: orders: shop/orders/LOAD00000002.csv, line 1, column id");
    }

    @Test
    void anUnreachableDatabaseExitsFourForEveryCommand() {
        project.writeManifest(ORDERS, "", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
        CliRun run = CliRun.of("run", project.manifest().toString());
        assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCodes.UNREACHABLE).isEqualTo(4);
        assertThat(run.out()).contains("error: orders: the run could not start");
        CliRun status = CliRun.of("status", project.manifest().toString());
        assertThat(status.exitCode()).as(status.err()).isEqualTo(4);
        assertThat(status.err()).startsWith("lakeload: ");
    }

    @Test
    void anInvalidManifestExitsTwoNamingTheKey() throws IOException {
        Files.writeString(project.manifest(), Files.readString(project.manifest()).replace("from:", "form:"));
        for (String command : new String[] {"run", "status", "rejects", "ls"}) {
            CliRun run = CliRun.of(command, project.manifest().toString());
            assertThat(run.exitCode()).as(command + ": " + run.err()).isEqualTo(ExitCodes.INVALID).isEqualTo(2);
            assertThat(run.err()).as(command).contains("lakeload.yaml, line 7", "unknown key 'form'", "did you mean 'from'?");
        }
    }

    @Test
    void helpListsTheExitCodesAndCompletionPrintsABashScriptForEverySubcommand() {
        CliRun help = CliRun.of("--help");
        assertThat(help.out()).contains("Exit codes:", "  3  a table failed on its data",
                "  4  the source or the database could not be reached", "status", "rejects", "completion");
        // The command list shows a command's first description line alone: a whole sentence, not "Try it in this".
        assertThat(help.out()).containsPattern("completion +Print a bash/zsh completion script for lakeload\\.\\n");
        assertThat(CliRun.of("run", "--help").out()).contains("  2  invalid manifest or command line");

        ChildProcess.Result completion = CliProject.lakeload(Map.of(), "completion");
        assertThat(completion.exitCode()).as(completion.output()).isZero();
        assertThat(completion.output()).contains("complete -F _complete_lakeload", "status", "rejects",
                "--output", "--export");
        ChildProcess.Result syntax = ChildProcess.run(dir, Duration.ofSeconds(30),
                List.of("bash", "-n", write(completion.output())));
        assertThat(syntax.exitCode()).as(syntax.output()).isZero();
    }

    @Test
    void tablesAreBoldOnATerminalOnlyAndNeverUnderNoColor() {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "script(1) gives the command a pseudo-terminal");
        List<String> onTerminal = List.of(script.toString(), "-qec", CliProject.REPO.resolve("bin/lakeload")
                + " status '" + project.manifest() + "'", "/dev/null");
        ChildProcess.Result terminal = ChildProcess.run(dir, Duration.ofMinutes(5), onTerminal);
        assertThat(terminal.exitCode()).as(terminal.output()).isZero();
        assertThat(terminal.output()).contains("\u001b[1mTABLE");
        ChildProcess.Result noColor = ChildProcess.run(dir, Map.of("NO_COLOR", "1"), Duration.ofMinutes(5),
                onTerminal);
        assertThat(noColor.output()).contains("TABLE").doesNotContain("\u001b[");
        ChildProcess.Result piped = CliProject.lakeload(Map.of(), "status", project.manifest().toString());
        assertThat(piped.output()).contains("TABLE").doesNotContain("\u001b[");
    }

    private String write(String script) {
        try {
            return Files.writeString(dir.resolve("lakeload-completion.bash"), script).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
