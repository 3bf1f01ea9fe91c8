package dev.tally.local.faults;

import static dev.tally.local.faults.FleetPipelineRun.CONCURRENCY;
import static dev.tally.local.faults.FleetPipelineRun.FROM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.jobs.clickhouse.ClickHouseRetry;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.local.faults.FleetPipelineRun.Fault;
import dev.tally.local.faults.FleetPipelineRun.Result;
import dev.tally.local.faults.FleetPipelineRun.Running;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11's fault tests for the stack's two endpoints, on the same input as one uninterrupted run:
 * the ClickHouse endpoint down for a while (the sinks back off, Flink backpressures, everything lands
 * after recovery) and the Kafka broker restarted under load (the gateway answers 503 with Retry-After,
 * the fleet's clients retry, the jobs reconnect); and ClickHouse down past the sinks' outage budget (the
 * jobs fail and restart from their checkpoints with exponential delay). Each must end with exactly the uninterrupted run's
 * views ({@link PipelineSnapshot}), invoice money and month's report ({@link MonthReport}), and with the
 * simulator's truth and the invoice (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointOutagesIT {

    private Result uninterrupted;

    @BeforeAll
    void runTheSameInputUninterrupted() throws Exception {
        uninterrupted = FleetPipelineRun.run("uninterrupted", FleetPipelineRun.NONE);
        assertMatchesTruth(uninterrupted, "the uninterrupted run");
    }

    @Test
    void clickHouseDownForAWhileBackpressuresTheJobsAndEverythingLandsAfterItComesBack() throws Exception {
        ClickHouseOutage outage = new ClickHouseOutage(FROM.plus(Duration.ofMinutes(50)), FROM.plus(Duration.ofMinutes(80)));

        Result faulted = FleetPipelineRun.run("clickhouse-down", outage);

        System.out.printf("ClickHouse down %d s; ingest-samples lag %d records 4 s after the stop, %d at mid-outage,"
                        + " %d at its end (%d metrics records sent meanwhile); jobs during the outage %s; its sink metrics"
                + " %d insert retries, %d seconds unavailable (summed over writers)%n",
                outage.downSeconds(), outage.lagAfterStop, outage.lagMidOutage, outage.lagAtEnd, outage.recordsSentAfterMid,
                outage.statusesDuringOutage, outage.insertRetries, outage.unavailableSeconds);
        assertThat(outage.rowsBeforeOutage).as("the pipeline had written before the outage").isPositive();
        // Backpressure: while ClickHouse is down no checkpoint completes, so the ingest-samples job commits
        // no Kafka offset and every record that arrives meanwhile adds to its lag
        assertThat(outage.lagAtEnd).as("lag at the outage's end")
                .isGreaterThanOrEqualTo(outage.lagMidOutage + outage.recordsSentAfterMid);
        assertThat(outage.lagMidOutage).isPositive();
        assertThat(outage.insertRetries).as("the ingest-samples job's %s", ClickHouseSink.RETRIES_METRIC).isPositive();
        assertThat(outage.unavailableSeconds).as("the ingest-samples job's %s", ClickHouseSink.UNAVAILABLE_METRIC).isPositive();
        assertThat(outage.statusesDuringOutage).as("jobs while ClickHouse is down")
                .allSatisfy((job, status) -> assertThat(status).isEqualTo(JobStatus.RUNNING));
        assertThat(faulted.jobStatuses()).as("jobs after recovery")
                .allSatisfy((job, status) -> assertThat(status).isEqualTo(JobStatus.RUNNING));

        assertMatchesTruth(faulted, "ClickHouse down for " + outage.downSeconds() + " s");
        assertSameOutcome(faulted, "ClickHouse down for a while");
    }

    @Test
    void clickHouseDownPastTheOutageBudgetFailsTheJobsWhichRestartFromTheirCheckpointsAndLoseNothing() throws Exception {
        ClickHouseRetry shortBudget = new ClickHouseRetry(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));
        OutagePastBudget outage = new OutagePastBudget(FROM.plus(Duration.ofMinutes(50)));

        Result faulted = FleetPipelineRun.run("clickhouse-down-past-budget", outage, UnaryOperator.identity(), shortBudget);

        System.out.printf("ClickHouse down %d s with an outage budget of %s: the ingest-samples job restarted %d times"
                + " (exponential delay) while it was down; jobs then %s%n", outage.downSeconds(), shortBudget.outageBudget(),
                outage.restartsWhileDown, outage.statusesDuringOutage);
        assertThat(outage.restartsWhileDown).as("restarts of the ingest-samples job past its outage budget").isPositive();
        assertThat(outage.statusesDuringOutage).as("jobs while ClickHouse is down: restarting, never failed for good")
                .allSatisfy((job, status) -> assertThat(status.isGloballyTerminalState()).as(job + " " + status).isFalse());
        assertThat(faulted.jobStatuses()).as("jobs after recovery")
                .allSatisfy((job, status) -> assertThat(status).isEqualTo(JobStatus.RUNNING));

        assertMatchesTruth(faulted, "ClickHouse down past the outage budget");
        assertSameOutcome(faulted, "ClickHouse down past the outage budget");
    }

    @Test
    void kafkaBrokerRestartedUnderLoadLosesNoAcknowledgedSampleAndCountsNoneTwice() throws Exception {
        BrokerRestart restart = new BrokerRestart(FROM.plus(Duration.ofMinutes(60)));

        // short gateway timeouts, so the restart turns into 503s within seconds rather than after 30 s
        Result faulted = FleetPipelineRun.run("kafka-restarted", restart, gateway -> gateway
                .withKafka(gateway.kafka().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .withRetryAfter(Duration.ofSeconds(1)));

        System.out.printf("Kafka down %d s; the gateway answered %d × 503 with Retry-After; %d requests, %d retried;"
                        + " jobs during the outage %s%n", restart.downSeconds(), faulted.unavailableWithRetryAfter(),
                faulted.requests(), faulted.retries(), restart.statusesDuringOutage);
        assertThat(restart.failure.get()).as("the broker's restart").isNull();
        assertThat(faulted.unavailableWithRetryAfter()).as("503 answers with Retry-After while Kafka was down").isPositive();
        assertThat(faulted.requests()).as("the same requests as the uninterrupted run").isEqualTo(uninterrupted.requests());
        assertThat(faulted.jobStatuses()).as("jobs after the broker came back")
                .allSatisfy((job, status) -> assertThat(status).isEqualTo(JobStatus.RUNNING));

        assertMatchesTruth(faulted, "the Kafka broker restarted");
        assertSameOutcome(faulted, "the Kafka broker restarted under load");
    }

    /** Every view row for row, the invoice money and the month's report (Parquet rows and per-team CSV) as uninterrupted. */
    private void assertSameOutcome(Result faulted, String what) {
        uninterrupted.snapshot().assertSameAs(faulted.snapshot(), what);
        FleetCosts.assertSameMoney(faulted.billed(), uninterrupted.billed(), what + " against the uninterrupted run");
        assertThat(faulted.report()).as("the month's report after %s: the uninterrupted run's rows and per-team CSV", what)
                .isEqualTo(uninterrupted.report());
    }

    private static void assertMatchesTruth(Result run, String what) {
        System.out.printf("%s: %,d samples counted (truth %,d), %s CPU core-seconds in usage_hourly_latest (truth %s),"
                        + " %d usage_hourly_latest rows%n", what, run.samplesCounted(), run.samplesTruth(),
                run.cpuCoreSecondsCounted().toPlainString(), run.cpuCoreSecondsTruth().toPlainString(),
                run.snapshot().rowCount("usage_hourly_latest"));
        System.out.printf("%s: billed %s (invoice %s), %d cost_allocation_daily_latest rows, report v%d with %d rows%n", what,
                run.billed(), run.invoice(), run.snapshot().rowCount("cost_allocation_daily_latest"), run.report().version(),
                run.report().parquetRows().size());
        FleetCosts.assertSameMoney(run.billed(), run.invoice(), "the allocation after " + what + " against the invoice");
        assertThat(run.samplesCounted()).as("samples in ingest_samples_hourly_latest after %s", what).isEqualTo(run.samplesTruth());
        assertThat(run.cpuCoreSecondsTruth()).isPositive();
        assertThat(run.cpuCoreSecondsCounted()).as("CPU core-seconds in usage_hourly_latest after %s", what)
                .isEqualByComparingTo(run.cpuCoreSecondsTruth());
        assertThat(run.checks()).as("usage and log checks against the simulator after %s", what)
                .allSatisfy(check -> assertThat(check.matches()).as(check.what() + ": " + check).isTrue());
        assertThat(run.snapshot().rowCount("usage_hourly_latest")).isPositive();
        assertThat(run.snapshot().rowCount("log_usage_hourly_latest")).isPositive();
    }

    /** Stops ClickHouse at {@code stopAt} of the input, measures the lag at {@code midAt} and at the input's end, then starts it again. */
    private static final class ClickHouseOutage implements Fault {
        private final Instant stopAt;
        private final Instant midAt;
        private boolean stopped;
        private boolean measuredMid;
        private long stoppedNanos;
        private long restartedNanos;
        long rowsBeforeOutage;
        long lagAfterStop;
        long lagMidOutage;
        long lagAtEnd;
        long recordsSentAfterMid;
        long insertRetries;
        long unavailableSeconds;
        Map<String, JobStatus> statusesDuringOutage;

        ClickHouseOutage(Instant stopAt, Instant midAt) {
            this.stopAt = stopAt;
            this.midAt = midAt;
        }

        @Override
        public void beforeSending(Instant scrapeTime, Running run) throws Exception {
            if (!stopped && !scrapeTime.isBefore(stopAt)) {
                run.gateway().flush(CONCURRENCY);
                rowsBeforeOutage = awaitIngestRows(run.stack().clickHouseUrl());
                run.stack().stopClickHouse();
                stoppedNanos = System.nanoTime();
                stopped = true;
                Thread.sleep(4_000);
                lagAfterStop = run.metricsLag(IngestSamplesJob.CONSUMER_GROUP);
            }
            if (stopped && !measuredMid && !scrapeTime.isBefore(midAt)) {
                run.gateway().flush(CONCURRENCY);
                Thread.sleep(4_000); // two checkpoint intervals: the writers have met the outage and block
                lagMidOutage = run.metricsLag(IngestSamplesJob.CONSUMER_GROUP);
                measuredMid = true;
            }
            if (measuredMid) {
                recordsSentAfterMid++; // each scrape is one remote_write request: one record on tally.metrics.v1
            }
        }

        @Override
        public void afterSending(Running run) throws Exception {
            Thread.sleep(4_000);
            lagAtEnd = run.metricsLag(IngestSamplesJob.CONSUMER_GROUP);
            statusesDuringOutage = run.jobStatuses();
            // what an operator sees meanwhile (the REST API's metrics lag a few seconds behind the writers)
            JobID ingest = run.jobs().get("ingest-samples").getJobID();
            for (int i = 0; i < 30 && (insertRetries == 0 || unavailableSeconds == 0); i++) {
                insertRetries = FlinkMetrics.sum(run.stack().flink().webUi(), ingest, ClickHouseSink.RETRIES_METRIC);
                unavailableSeconds = FlinkMetrics.sum(run.stack().flink().webUi(), ingest, ClickHouseSink.UNAVAILABLE_METRIC);
                Thread.sleep(1_000);
            }
            run.stack().startClickHouseAgain();
            restartedNanos = System.nanoTime();
        }

        long downSeconds() {
            return Duration.ofNanos(restartedNanos - stoppedNanos).toSeconds();
        }

        private static long awaitIngestRows(ClickHouseUrl url) throws Exception {
            for (int i = 0; i < 60; i++) {
                try (Connection c = url.open(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT count() FROM " + url.database() + ".ingest_samples_hourly_latest")) {
                    r.next();
                    if (r.getLong(1) > 0) {
                        return r.getLong(1);
                    }
                }
                Thread.sleep(1_000);
            }
            return 0;
        }
    }

    /** Stops ClickHouse at {@code stopAt} of the input and starts it again once the ingest-samples job has failed and restarted. */
    private static final class OutagePastBudget implements Fault {
        private final Instant stopAt;
        private boolean stopped;
        private long stoppedNanos;
        private long restartedNanos;
        long restartsWhileDown;
        Map<String, JobStatus> statusesDuringOutage;

        OutagePastBudget(Instant stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void beforeSending(Instant scrapeTime, Running run) throws Exception {
            if (!stopped && !scrapeTime.isBefore(stopAt)) {
                run.gateway().flush(CONCURRENCY);
                ClickHouseOutage.awaitIngestRows(run.stack().clickHouseUrl());
                run.stack().stopClickHouse();
                stoppedNanos = System.nanoTime();
                stopped = true;
            }
        }

        @Override
        public void afterSending(Running run) throws Exception {
            JobID ingest = run.jobs().get("ingest-samples").getJobID();
            for (int i = 0; i < 90 && restartsWhileDown == 0; i++) {
                Thread.sleep(1_000);
                restartsWhileDown = FlinkMetrics.restarts(run.stack().flink().webUi(), ingest);
            }
            statusesDuringOutage = run.jobStatuses();
            run.stack().startClickHouseAgain();
            restartedNanos = System.nanoTime();
        }

        long downSeconds() {
            return Duration.ofNanos(restartedNanos - stoppedNanos).toSeconds();
        }
    }

    /**
     * Stops the broker at {@code stopAt} of the input while the fleet goes on sending; starts it again on
     * the same port and data once the gateway has answered a 503 (so the outage is seen by the clients).
     */
    private static final class BrokerRestart implements Fault {
        private final Instant stopAt;
        private boolean stopped;
        private Thread restarter;
        private long stoppedNanos;
        private volatile long restartedNanos;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, JobStatus> statusesDuringOutage;

        BrokerRestart(Instant stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void beforeSending(Instant scrapeTime, Running run) throws Exception {
            if (stopped || scrapeTime.isBefore(stopAt)) {
                return;
            }
            stopped = true;
            run.stack().stopKafka();
            stoppedNanos = System.nanoTime();
            statusesDuringOutage = run.jobStatuses();
            restarter = new Thread(() -> {
                try {
                    for (int i = 0; i < 600 && run.gateway().unavailableWithRetryAfter() == 0; i++) {
                        Thread.sleep(100);
                    }
                    run.stack().startKafkaAgain();
                    restartedNanos = System.nanoTime();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "it-kafka-restart");
            restarter.start();
        }

        @Override
        public void afterSending(Running run) throws Exception {
            restarter.join();
        }

        long downSeconds() {
            return Duration.ofNanos(restartedNanos - stoppedNanos).toSeconds();
        }
    }
}
