package dev.lakeload.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code docs/lakeload.schema.json} is what {@link ManifestSchema} generates from the config
 * records today, and it describes every key.
 */
class ManifestSchemaTest {
    static final String REGENERATE = "./mvnw -B -q -pl etl-cli -am test -Dtest=ManifestSchemaTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dlakeload.schema.write=true";

    @Test
    void theCheckedInSchemaIsGeneratedFromTheConfigRecords() throws IOException {
        String generated = new ManifestSchema().generate();
        if (Boolean.getBoolean("lakeload.schema.write")) {
            Files.writeString(ManifestSchema.FILE, generated);
        }
        String checkedIn = Files.exists(ManifestSchema.FILE) ? Files.readString(ManifestSchema.FILE) : "";
        if (!checkedIn.equals(generated)) {
            fail("docs/lakeload.schema.json differs from the manifest's config records; regenerate it "
                    + "from the repository's root with:\n  " + REGENERATE);
        }
    }

    @Test
    void everyKeyHasADescriptionAndModesAndPoliciesListTheirValues() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(new ManifestSchema().generate());
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schema, "", undescribed);
        assertThat(undescribed).as("keys without a description (add an @param to the record's Javadoc)").isEmpty();

        JsonNode table = schema.at("/properties/tables/items");
        assertThat(table.at("/required").toString()).isEqualTo("[\"name\",\"from\"]");
        assertThat(table.at("/properties/mode/enum").toString()).isEqualTo("[\"append\",\"upsert\",\"cdc\",\"replace\"]");
        assertThat(table.at("/properties/mode/default").asText()).isEqualTo("append");
        assertThat(table.at("/properties/schemaEvolution/enum").toString()).contains("addColumns");
        assertThat(table.at("/properties/maxRejects/default").asLong()).isZero();
        assertThat(table.at("/properties/format/properties/compression/enum").toString()).contains("gzip", "zstd");
        assertThat(schema.at("/properties/target/properties/postgres/properties/sslMode/enum").toString())
                .contains("verify-full");
        assertThat(schema.at("/properties/defaults/properties").has("mode")).isTrue();
        assertThat(schema.at("/properties/defaults/properties").has("name")).isFalse();
        assertThat(schema.at("/properties/include/description").asText()).contains("relative to this one");
    }

    private static void collectUndescribed(JsonNode node, String path, List<String> undescribed) {
        JsonNode properties = node.get("properties");
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                String key = path + "/" + property.getKey();
                if (!property.getValue().hasNonNull("description")) {
                    undescribed.add(key);
                }
                collectUndescribed(property.getValue(), key, undescribed);
            }
        }
        if (node.has("items")) {
            collectUndescribed(node.get("items"), path + "[]", undescribed);
        }
    }
}
