package dev.tally.common.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The dead-letter topic's wire format: one JSON object per record, payload in base64. */
public final class DeadLetterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private DeadLetterJson() {
    }

    public static byte[] write(DeadLetter deadLetter) {
        try {
            return MAPPER.writeValueAsBytes(deadLetter);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode dead letter for " + deadLetter.position(), e);
        }
    }

    public static DeadLetter read(byte[] json) {
        try {
            return MAPPER.readValue(json, DeadLetter.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a dead-letter record: " + e.getMessage(), e);
        }
    }
}
