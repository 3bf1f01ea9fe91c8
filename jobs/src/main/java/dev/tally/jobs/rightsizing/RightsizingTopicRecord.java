package dev.tally.jobs.rightsizing;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;

/**
 * One record of the compacted {@code tally.rightsizing.v1}: a container's latest recommendation,
 * or, once the job has forgotten the container ({@code forgetAfter} without signals), a tombstone
 * (no recommendation: a null value under the container's key), so that compaction removes it and
 * readers such as the drift exporter drop its series.
 */
public record RightsizingTopicRecord(ContainerRef container, RightsizingRecommendation recommendation) {

    public static RightsizingTopicRecord latest(RightsizingRecommendation recommendation) {
        return new RightsizingTopicRecord(recommendation.container(), recommendation);
    }

    public static RightsizingTopicRecord forgotten(ContainerRef container) {
        return new RightsizingTopicRecord(container, null);
    }

    public boolean tombstone() {
        return recommendation == null;
    }
}
