package dev.tally.jobs.ingesthealth;

import dev.tally.jobs.JobEnvironment;

/** The ingest-samples job's entry for a Flink cluster of its own in application mode (the {@code FlinkDeployment} {@code tally-ingest-samples}). Settings: {@link JobEnvironment}. */
public final class IngestSamplesJobMain {

    private IngestSamplesJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobEnvironment settings = JobEnvironment.fromEnv("ingest samples", System.getenv());
        IngestSamplesJob job = IngestSamplesJob.kafka(settings.kafka(), settings.clickHouseSink(),
                IngestSamplesJob.IngestSamplesSettings.defaults(), false);
        JobEnvironment.execute(job.name(), job::addTo);
    }
}
