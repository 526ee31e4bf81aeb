package dev.leakbench.analysis.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds the line of a JSON Pointer in a file by streaming through it again. Used only to turn
 * a validation error found in a parsed tree into a precise line number.
 */
final class JsonLocator {
    private JsonLocator() {}

    /** The 1-based line of the value at {@code pointer}, or {@code fallback} when not found. */
    static long lineOf(JsonFactory factory, Path file, String pointer, long fallback) {
        try (JsonParser p = factory.createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext ctx = p.getParsingContext();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    ctx = ctx.getParent();
                }
                if (t != JsonToken.FIELD_NAME
                        && ctx != null
                        && pointer.equals(ctx.pathAsPointer().toString())) {
                    return p.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
        return fallback;
    }

    /** Escapes one JSON Pointer segment. */
    static String segment(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
