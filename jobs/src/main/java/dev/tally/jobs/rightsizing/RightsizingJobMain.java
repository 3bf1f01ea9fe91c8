package dev.tally.jobs.rightsizing;

import dev.tally.jobs.JobEnvironment;
import dev.tally.common.topics.Topic;

/** The rightsizing job's entry for a Flink cluster of its own in application mode (the {@code FlinkDeployment} {@code tally-rightsizing}); settings from {@code TALLY_RIGHTSIZING_CONFIG} and {@code TALLY_RIGHTSIZING_*} (docs/rightsizing.md). Settings: {@link JobEnvironment}. */
public final class RightsizingJobMain {

    private RightsizingJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobEnvironment settings = JobEnvironment.fromEnv("rightsizing", System.getenv());
        RightsizingJob job = RightsizingJob.kafka(settings.kafka(), Topic.METRICS.topicName(),
                RightsizingJob.CONSUMER_GROUP, settings.clickHouseSink(), RightsizingSettingsLoader.fromEnvironment(), false);
        JobEnvironment.execute(job.name(), job::addTo);
    }
}
