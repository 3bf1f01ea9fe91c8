package dev.tally.jobs.usage.rows;

import java.io.Serializable;

/**
 * One record of {@code tally.usage.v1}, already written ({@link UsageJson}): usage, node and volume
 * rows travel to the topic's sink as bytes, so the three streams join it with no row type in between.
 */
public record UsageTopicRecord(byte[] key, byte[] value) implements Serializable {

    public static UsageTopicRecord of(UsageHourly r) {
        return new UsageTopicRecord(UsageJson.key(r), UsageJson.write(r));
    }

    public static UsageTopicRecord of(NodeHourly r) {
        return new UsageTopicRecord(UsageJson.key(r), UsageJson.write(r));
    }

    public static UsageTopicRecord of(VolumeHourly r) {
        return new UsageTopicRecord(UsageJson.key(r), UsageJson.write(r));
    }

    /** A log volume row (the log volume job's). */
    public static UsageTopicRecord of(dev.tally.jobs.logvolume.LogUsageHourly r) {
        return new UsageTopicRecord(UsageJson.key(r), UsageJson.write(r));
    }
}
