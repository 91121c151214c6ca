package dev.lakeload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
    private static final List<String> COLUMNS = List.of("id", "name", "v");

    @Test
    void aNameDifferingInCaseOrByATypoHasAClosestMatch() {
        assertThat(Names.closest("ID", COLUMNS)).contains("id");
        assertThat(Names.closest("NAME", COLUMNS)).contains("name");
        assertThat(Names.closest("nme", COLUMNS)).contains("name");
        assertThat(Names.closest("Europe/Berlinn", List.of("Europe/Berlin", "Europe/Brussels"))).contains(
                "Europe/Berlin");
    }

    @Test
    void anUnrelatedNameHasNoneAndTheSuggestionListsTheCandidates() {
        assertThat(Names.closest("created_at", COLUMNS)).isEmpty();
        assertThat(Names.suggestion("created_at", COLUMNS)).isEqualTo("the names are 'id', 'name', 'v'");
        assertThat(Names.suggestion("nme", COLUMNS)).isEqualTo("did you mean 'name'?");
        assertThat(Names.suggestion("x", List.of())).isEqualTo("there are none");
    }
}
