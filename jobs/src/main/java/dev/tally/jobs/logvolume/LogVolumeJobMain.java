package dev.tally.jobs.logvolume;

import dev.tally.jobs.JobEnvironment;

/** The log-volume job's entry for a Flink cluster of its own in application mode (the {@code FlinkDeployment} {@code tally-log-volume}). Settings: {@link JobEnvironment}. */
public final class LogVolumeJobMain {

    private LogVolumeJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobEnvironment settings = JobEnvironment.fromEnv("log volume", System.getenv());
        LogVolumeJob job = LogVolumeJob.kafka(settings.kafka(), settings.clickHouseSink(),
                LogVolumeJob.LogVolumeSettings.defaults(), false);
        JobEnvironment.execute(job.name(), job::addTo);
    }
}
