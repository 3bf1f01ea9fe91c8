package dev.tally.common.topics;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics that connect Tally's stages (DESIGN.md, "Contracts between stages").
 * Every producer, consumer and the local stack take their names from here.
 */
public enum Topic {
    /** What clusters sent, as received: OTLP protobuf or a remote_write WriteRequest. */
    METRICS("tally.metrics.v1", Map.of()),
    LOGS("tally.logs.v1", Map.of()),
    /** Normalized cost line items, one schema for EA, MCA and FOCUS inputs. */
    COSTS("tally.costs.v1", Map.of()),
    /** Hourly usage rows, the allocation job's input. */
    USAGE("tally.usage.v1", Map.of()),
    /** Latest recommendation per container; compacted so a reader rebuilds state from it. */
    RIGHTSIZING("tally.rightsizing.v1", Map.of("cleanup.policy", "compact")),
    /**
     * What the allocation job charged per core-hour and GiB-hour, per cluster and per workload, in the
     * export's currency; compacted (newest per workload), the rightsizing job's prices.
     */
    ALLOCATED_PRICES("tally.allocated-prices.v1", Map.of("cleanup.policy", "compact")),
    /** Anything rejected, with reason, source and position. */
    DEAD_LETTER("tally.deadletter.v1", Map.of());

    private final String topicName;
    private final Map<String, String> config;

    Topic(String topicName, Map<String, String> config) {
        this.topicName = topicName;
        this.config = config;
    }

    public String topicName() {
        return topicName;
    }

    /** Topic-level settings that differ from the broker's defaults. */
    public Map<String, String> config() {
        return config;
    }

    public static List<Topic> all() {
        return List.of(values());
    }
}
