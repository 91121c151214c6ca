package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import org.junit.jupiter.api.Test;

class FlattenOptionsTest {
    @Test
    void hasTheDocumentedDefaults() {
        assertThat(FlattenOptions.DEFAULTS)
                .isEqualTo(new FlattenOptions("_doc", "_", 5, ArrayMode.JSONB, false, true));
    }

    @Test
    void changesOneComponentAtATime() {
        FlattenOptions options = FlattenOptions.DEFAULTS.withColumn("doc").withSeparator("__").withMaxDepth(2)
                .withArrays(ArrayMode.TABLE).withKeep(true).withLowerCase(false);

        assertThat(options).isEqualTo(new FlattenOptions("doc", "__", 2, ArrayMode.TABLE, true, false));
    }

    @Test
    void namesTheManifestKeyOfWhatIsInvalid() {
        FlattenOptions d = FlattenOptions.DEFAULTS;
        assertThatThrownBy(() -> d.withColumn(" ")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flatten.column");
        assertThatThrownBy(() -> d.withSeparator("")).hasMessageStartingWith("flatten.separator");
        assertThatThrownBy(() -> d.withSeparator("_________")).hasMessageStartingWith("flatten.separator");
        assertThatThrownBy(() -> d.withSeparator(".")).hasMessageStartingWith("flatten.separator '.'");
        assertThatThrownBy(() -> d.withSeparator("X")).hasMessageContaining("flatten.lowerCase");
        assertThat(d.withLowerCase(false).withSeparator("X").separator()).isEqualTo("X");
        assertThatThrownBy(() -> d.withMaxDepth(0)).hasMessageStartingWith("flatten.maxDepth");
        assertThatThrownBy(() -> d.withMaxDepth(101)).hasMessageStartingWith("flatten.maxDepth");
        assertThatThrownBy(() -> d.withArrays(null)).hasMessageStartingWith("flatten.arrays");
    }
}
