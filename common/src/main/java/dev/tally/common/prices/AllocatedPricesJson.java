package dev.tally.common.prices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire format of {@code tally.allocated-prices.v1} (compacted): the value is one JSON object
 * per {@link AllocatedPrices} (prices as decimal strings, the day as ISO-8601); the key is
 * {@code [cluster, namespace, workloadKind, workloadName, currency]} as a JSON array, so the newest
 * prices of each workload (and of each cluster: empty names) stay after compaction.
 */
public final class AllocatedPricesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AllocatedPricesJson() {
    }

    public static byte[] write(AllocatedPrices prices) {
        try {
            return MAPPER.writeValueAsBytes(prices);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the allocated prices of " + prices.cluster(), e);
        }
    }

    /** A clear error naming what is wrong when the bytes are not allocated prices. */
    public static AllocatedPrices read(byte[] json) {
        try {
            return MAPPER.readValue(json, AllocatedPrices.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not allocated prices: " + e.getMessage(), e);
        }
    }

    public static byte[] key(AllocatedPrices p) {
        try {
            return MAPPER.writeValueAsBytes(List.of(p.cluster(), p.namespace(), p.workloadKind(), p.workloadName(),
                    p.currency()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode the key of the allocated prices of " + p.cluster(), e);
        }
    }
}
