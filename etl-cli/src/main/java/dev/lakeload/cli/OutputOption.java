package dev.lakeload.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --output} option: a table for people (the default) or JSON for scripts, on stdout. */
final class OutputOption {
    /** The output formats. */
    enum Format { TEXT, JSON }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = FormatConverter.class,
            description = "text (default) or json: one JSON document on stdout, and nothing else there.")
    Format format;

    boolean json() {
        return format == Format.JSON;
    }

    /** A new JSON object to fill and {@linkplain #print print}. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static void print(ObjectNode document, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
        out.flush();
    }

    /** Reads {@code text} or {@code json} in any case, and says which exist otherwise. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format format : Format.values()) {
                if (format.name().equalsIgnoreCase(value)) {
                    return format;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not an output format: "
                    + "use text or json");
        }
    }
}
