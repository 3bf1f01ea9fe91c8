package dev.tally.jobs.usage;

import dev.tally.jobs.JobEnvironment;
import dev.tally.common.topics.Topic;

/** The usage job's entry for a Flink cluster of its own in application mode (the {@code FlinkDeployment} {@code tally-usage}). Settings: {@link JobEnvironment}. */
public final class UsageJobMain {

    private UsageJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobEnvironment settings = JobEnvironment.fromEnv("usage", System.getenv());
        UsageJob job = UsageJob.kafka(settings.kafka(), Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP,
                settings.clickHouseSink(), UsageSettings.defaults(), false);
        JobEnvironment.execute(job.name(), job::addTo);
    }
}
