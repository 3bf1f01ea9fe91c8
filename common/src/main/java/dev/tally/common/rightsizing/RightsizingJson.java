package dev.tally.common.rightsizing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire format of {@code tally.rightsizing.v1}: the value is one JSON object per
 * {@link RightsizingRecommendation} (amounts as decimal strings, times as ISO-8601); the key is the
 * container's identity as a JSON array {@code [cluster, namespace, workloadKind, workloadName,
 * container]}, so no name can collide with another through a separator. Readers ignore fields
 * and risk reasons they do not know, so a later writer may add them.
 */
public final class RightsizingJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    private RightsizingJson() {
    }

    public static byte[] write(RightsizingRecommendation recommendation) {
        try {
            return MAPPER.writeValueAsBytes(recommendation);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the recommendation for " + recommendation.container(), e);
        }
    }

    public static RightsizingRecommendation read(byte[] json) {
        try {
            return MAPPER.readValue(json, RightsizingRecommendation.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a rightsizing recommendation: " + e.getMessage(), e);
        }
    }

    /** The record key: the same container always gives the same bytes. */
    public static byte[] key(ContainerRef container) {
        try {
            return MAPPER.writeValueAsBytes(List.of(container.cluster(), container.namespace(),
                    container.workloadKind(), container.workloadName(), container.container()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the key of " + container, e);
        }
    }

    public static byte[] key(RightsizingRecommendation recommendation) {
        return key(recommendation.container());
    }

    /** The container a record key names; a clear error when the bytes are not such a key. */
    public static ContainerRef readKey(byte[] key) {
        String[] parts;
        try {
            parts = MAPPER.readValue(key, String[].class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a rightsizing key: " + e.getMessage(), e);
        }
        if (parts.length != 5) {
            throw new IllegalArgumentException("a rightsizing key has 5 parts, this one has " + parts.length);
        }
        return new ContainerRef(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }
}
