package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.JobEnvironment;

/** The allocation job's entry for a Flink cluster of its own in application mode (the {@code FlinkDeployment} {@code tally-allocation}). Settings: {@link JobEnvironment}. */
public final class AllocationJobMain {

    private AllocationJobMain() {
    }

    public static void main(String[] args) throws Exception {
        JobEnvironment settings = JobEnvironment.fromEnv("allocation", System.getenv());
        // No owner catalog in the cluster yet: every workload is unowned until one is wired (deploy/README.md).
        AllocationJob job = AllocationJob.kafka(settings.kafka(), "", AllocationJob.CONSUMER_GROUP,
                settings.clickHouseSink(), AllocationSettings.defaults(), WorkloadOwnerLookup.none(), false)
                .allocatedPricesTo(AllocatedPricesTopic.kafka(settings.kafka(), ""));
        JobEnvironment.execute(job.name(), job::addTo);
    }
}
