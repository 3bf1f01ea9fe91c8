package dev.tally.jobs.usage.decode;

import java.util.List;

/**
 * What one raw record gave: its samples per hour, and the reasons for anything in it that was
 * not usable (each such reason becomes one dead letter carrying the record).
 */
public record DecodedRecord(List<ClusterSamples> byHour, List<String> problems) {
}
