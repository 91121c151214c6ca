package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Terminal columns by Unicode's East Asian Width, with the characters a DMS lake really holds. */
class TerminalWidthTest {
    @Test
    void latinAndOtherNarrowCharactersTakeOneColumn() {
        assertThat(TerminalWidth.of("C:\\orders")).isEqualTo(9);
        assertThat(TerminalWidth.of("Ünïcödé → ÷")).isEqualTo(11);
        assertThat(TerminalWidth.of("Привет")).isEqualTo(6);
        assertThat(TerminalWidth.of("ｶﾅ")).as("halfwidth katakana").isEqualTo(2);
    }

    @Test
    void cjkFullwidthAndEmojiTakeTwo() {
        assertThat(TerminalWidth.of("配送")).isEqualTo(4);
        assertThat(TerminalWidth.of("ください")).isEqualTo(8);
        assertThat(TerminalWidth.of("한국어")).isEqualTo(6);
        assertThat(TerminalWidth.of("ＡＢ")).as("fullwidth Latin").isEqualTo(4);
        assertThat(TerminalWidth.of("\u3000")).as("ideographic space").isEqualTo(2);
        assertThat(TerminalWidth.of("🎉🚀")).isEqualTo(4);
        assertThat(TerminalWidth.of("𠀋")).as("an ideograph past the BMP").isEqualTo(2);
        assertThat(TerminalWidth.of("⌚")).as("the first of a two-code-point run").isEqualTo(2);
        assertThat(TerminalWidth.of("⌛")).as("the last of it").isEqualTo(2);
    }

    @Test
    void combiningMarksAndFormatCharactersTakeNone() {
        assertThat(TerminalWidth.of("e\u0301")).as("e and a combining acute").isEqualTo(1);
        assertThat(TerminalWidth.of("a\u200Bb")).as("zero-width space").isEqualTo(2);
        assertThat(TerminalWidth.of("❤\uFE0F")).as("variation selector").isEqualTo(1);
    }
}
