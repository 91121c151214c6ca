package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The bytes a table prints (not on a terminal, so without bold): values as stored, in psql's aligned layout.
 * {@code |} marks where a line ends, so that the expected padding shows.
 */
class TerminalTableTest {
    private static String printed(TerminalTable table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out, true));
        return out.toString().replace(System.lineSeparator(), "|\n");
    }

    @Test
    void backslashesQuotesAndNullAreShownAsTheyAre() {
        TerminalTable table = new TerminalTable("id", "note");
        table.add(1006, "Path C:\\orders\\1006 \"as is\" 'too'");
        table.add(1001, null);
        table.add(1005, "");

        assertThat(printed(table)).isEqualTo("""
                id    note|
                1006  Path C:\\orders\\1006 "as is" 'too'|
                1001  NULL|
                1005|
                """);
    }

    @Test
    void aValueWithLineBreaksContinuesOnTheNextLinesOfItsCellMarkedPlusAfterTheColumn() {
        TerminalTable table = new TerminalTable("note", "after");
        table.add("multi\nline\nnote", "x");
        table.add("one\n", "y\nz");
        table.add("ends in +", "w");

        assertThat(printed(table)).isEqualTo("""
                note       after|
                multi    + x|
                line     +|
                note|
                one      + y    +|
                           z|
                ends in +  w|
                """);
    }

    @Test
    void tabsAreSpacesToTheNextStopOfTheCellAndControlCharactersAreNamed() {
        TerminalTable table = new TerminalTable("value", "next");
        table.add("tabs\ttoo", 1);
        table.add("\tlead", 2);
        table.add("crlf\r\nend", 3);
        table.add("bell\u0007 nel\u0085", 4);

        assertThat(printed(table)).isEqualTo("""
                value               next|
                tabs    too         1|
                        lead        2|
                crlf\\r            + 3|
                end|
                bell\\x07 nel\\u0085  4|
                """);
    }

    @Test
    void columnsAlignWithWideCharacters() {
        TerminalTable table = new TerminalTable("note", "is_null");
        table.add("配送: 午前中\n玄関前に置いてください", "f");
        table.add("Emoji ok 🎉🚀", "f");
        table.add("plain", "f");

        assertThat(printed(table)).isEqualTo("""
                note                    is_null|
                配送: 午前中          + f|
                玄関前に置いてください|
                Emoji ok 🎉🚀           f|
                plain                   f|
                """);
    }

    @Test
    void rightAlignedColumnsPadOnTheLeft() {
        TerminalTable table = new TerminalTable("TABLE", "ROWS").alignRight(1);
        table.add("orders", 8);
        table.add("customers", 1_000);

        assertThat(printed(table)).isEqualTo("""
                TABLE      ROWS|
                orders        8|
                customers  1000|
                """);
    }
}
