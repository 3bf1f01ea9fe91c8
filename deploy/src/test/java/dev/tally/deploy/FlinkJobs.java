package dev.tally.deploy;

import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationJobMain;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.ingesthealth.IngestSamplesJobMain;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.logvolume.LogVolumeJobMain;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingJobMain;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageJobMain;
import java.util.List;
import java.util.Set;

/**
 * Tally's Flink jobs as the manifests must run them: the FlinkDeployment's name, its entry class, the
 * consumer group it reads as and the topics it reads and writes. Classes and names are the code's
 * constants, so a renamed class, group or topic breaks the tests that compare this with the manifests.
 */
record FlinkJobs(String deployment, Class<?> main, String consumerGroup, Set<Topic> reads, Set<Topic> writes,
                 Set<Topic> readWholeByOneSubtask) {

    FlinkJobs(String deployment, Class<?> main, String consumerGroup, Set<Topic> reads, Set<Topic> writes) {
        this(deployment, main, consumerGroup, reads, writes, Set.of());
    }

    /** The topics its parallel subtasks share by partition (a topic read whole by one subtask, then broadcast, is not). */
    Set<Topic> partitionedReads() {
        Set<Topic> partitioned = new java.util.HashSet<>(reads);
        partitioned.removeAll(readWholeByOneSubtask);
        return partitioned;
    }

    /** Every job writes its unusable input to the dead-letter topic. */
    static final List<FlinkJobs> ALL = List.of(
            new FlinkJobs("tally-usage", UsageJobMain.class, UsageJob.CONSUMER_GROUP,
                    Set.of(Topic.METRICS), Set.of(Topic.USAGE, Topic.DEAD_LETTER)),
            new FlinkJobs("tally-ingest-samples", IngestSamplesJobMain.class, IngestSamplesJob.CONSUMER_GROUP,
                    Set.of(Topic.METRICS), Set.of(Topic.DEAD_LETTER)),
            new FlinkJobs("tally-log-volume", LogVolumeJobMain.class, LogVolumeJob.CONSUMER_GROUP,
                    Set.of(Topic.LOGS), Set.of(Topic.USAGE, Topic.DEAD_LETTER)),
            new FlinkJobs("tally-rightsizing", RightsizingJobMain.class, RightsizingJob.CONSUMER_GROUP,
                    Set.of(Topic.METRICS, Topic.ALLOCATED_PRICES), Set.of(Topic.RIGHTSIZING, Topic.DEAD_LETTER),
                    // RightsizingJob reads the allocated prices with one subtask and broadcasts them
                    Set.of(Topic.ALLOCATED_PRICES)),
            new FlinkJobs("tally-allocation", AllocationJobMain.class, AllocationJob.CONSUMER_GROUP,
                    Set.of(Topic.USAGE, Topic.COSTS), Set.of(Topic.ALLOCATED_PRICES, Topic.DEAD_LETTER)));

    static FlinkJobs named(String deployment) {
        return ALL.stream().filter(j -> j.deployment().equals(deployment)).findFirst()
                .orElseThrow(() -> new AssertionError("no Tally job is deployed as " + deployment));
    }
}
