package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every statement on the ledger's tables ({@code lakeload.files}, {@code runs}, {@code run_tables},
 * {@code rejects}, {@code columns}) is in {@link PostgresLedger}, so the ledger's shape is known in one place.
 */
class LedgerStatementsTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/lakeload/postgres");
    // A table named where a statement reads or writes it; messages may name it in prose.
    private static final Pattern LEDGER_TABLE = Pattern.compile("(?i)(FROM|INTO|JOIN|UPDATE|TABLE)\\s+"
            + "lakeload\\.(files|runs|run_tables|rejects|columns)\\b");

    @Test
    void onlyTheLedgerNamesTheLedgerTables() throws IOException {
        List<String> elsewhere = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (file.getFileName().toString().equals("PostgresLedger.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).trim();
                    Matcher matcher = LEDGER_TABLE.matcher(code);
                    if (matcher.find() && !code.startsWith("*") && !code.startsWith("/")) {
                        elsewhere.add(file.getFileName() + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertThat(SOURCES.resolve("PostgresLedger.java")).exists();
        assertThat(elsewhere).isEmpty();
    }
}
