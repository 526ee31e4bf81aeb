package dev.leakbench.analysis.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Indented JSON text of a tree, with one mapper made when first needed: a mapper costs a cold
 * JVM tens of milliseconds, which a run that prints only text need not pay.
 */
final class JsonText {
    private JsonText() {}

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The tree as indented JSON, without a trailing newline. */
    static String of(JsonNode root) {
        try {
            return Holder.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
