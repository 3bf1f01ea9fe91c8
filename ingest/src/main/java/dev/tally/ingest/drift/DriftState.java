package dev.tally.ingest.drift;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest recommendation per container, as the compacted topic {@code tally.rightsizing.v1}
 * holds it: a record replaces the container's recommendation, a tombstone (null value) removes
 * it and with it the container's series. Safe to read while the Kafka thread applies records.
 */
public final class DriftState {

    /** What one record did. */
    public sealed interface Applied permits Updated, Removed, Invalid {
        /** The word the exporter counts it under: update, tombstone, invalid. */
        String outcome();
    }

    public record Updated(ContainerRef container) implements Applied {
        @Override
        public String outcome() {
            return "update";
        }
    }

    public record Removed(ContainerRef container, boolean wasKnown) implements Applied {
        @Override
        public String outcome() {
            return "tombstone";
        }
    }

    /** A record that is not a recommendation: kept out of the state, with the reason. */
    public record Invalid(String reason) implements Applied {
        @Override
        public String outcome() {
            return "invalid";
        }
    }

    private final Map<ContainerRef, RightsizingRecommendation> latest = new ConcurrentHashMap<>();

    /** Applies one record of the topic; bad bytes give {@link Invalid}, never an exception. */
    public Applied apply(byte[] key, byte[] value) {
        if (key == null) {
            return new Invalid("the record has no key (the container's identity)");
        }
        ContainerRef container;
        try {
            container = RightsizingJson.readKey(key);
        } catch (RuntimeException e) {
            return new Invalid(e.getMessage());
        }
        if (value == null) {
            return new Removed(container, latest.remove(container) != null);
        }
        RightsizingRecommendation recommendation;
        try {
            recommendation = RightsizingJson.read(value);
        } catch (RuntimeException e) {
            return new Invalid(e.getMessage());
        }
        if (!recommendation.container().equals(container)) {
            return new Invalid("the key names " + container + " but the value " + recommendation.container());
        }
        latest.put(container, recommendation);
        return new Updated(container);
    }

    public List<RightsizingRecommendation> recommendations() {
        return List.copyOf(latest.values());
    }

    public int size() {
        return latest.size();
    }

    /** Per cluster, when its newest recommendation was computed: the staleness gauge. */
    public static Map<String, Instant> newestPerCluster(List<RightsizingRecommendation> recommendations) {
        Map<String, Instant> newest = new TreeMap<>();
        for (RightsizingRecommendation r : recommendations) {
            newest.merge(r.container().cluster(), Objects.requireNonNull(r.computedAt()),
                    (a, b) -> a.isAfter(b) ? a : b);
        }
        return newest;
    }
}
