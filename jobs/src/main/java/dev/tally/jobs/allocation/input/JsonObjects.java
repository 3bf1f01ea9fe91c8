package dev.tally.jobs.allocation.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A topic record's JSON object, numbers read as exact decimals (never through a double). */
public final class JsonObjects {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonObjects() {
    }

    /** @throws IllegalArgumentException when it is not JSON, or not an object ({@code what} names what was expected) */
    public static JsonNode parse(byte[] json, String what) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not " + what + ": a JSON object is expected");
        }
        return o;
    }
}
