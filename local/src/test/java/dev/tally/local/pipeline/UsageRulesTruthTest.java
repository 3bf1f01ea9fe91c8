package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.hour.UsageRules;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The usage rules alone (no Flink, no Kafka) on the simulator's remote_write output against its
 * ground truth: the quick check of the rules; {@code UsagePipelineIT} runs the same through
 * the whole pipeline.
 */
class UsageRulesTruthTest {
    static final Instant FROM = Instant.parse("2026-01-06T04:00:00Z"); // a Tuesday: rollouts 05–07, scale-out from 07
    static final Instant TO = FROM.plus(Duration.ofHours(6));

    @Test
    void theRulesReproduceTheGroundTruthOfSixHoursOfTheDemoFleet() throws Exception {
        compare(FROM, TO, false);
    }

    /** The simulator's OTLP rendering (the Collector's prometheus receiver: same names, job/instance as resource). */
    @Test
    void theSameFleetAsOtlpMetricsGivesTheSameRows() throws Exception {
        compare(FROM.plus(Duration.ofHours(1)), FROM.plus(Duration.ofHours(3)), true);
    }

    private static void compare(Instant from, Instant to, boolean otlp) throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        long step = sim.spec().scrapeInterval().toSeconds();
        MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));
        Map<String, Map<Long, HourBucket>> buckets = new TreeMap<>();
        List<Exception> failures = new ArrayList<>();
        sim.run(from, to.plus(sim.spec().scrapeInterval().multipliedBy(2)), batch -> {
            try {
                DecodedRecord d = decoder.decode(otlp
                        ? new RawTelemetry(batch.clusterId(), RecordHeaders.OTLP_METRICS_PROTOBUF,
                                batch.otlpMetrics().toByteArray(), SourcePosition.kafka("t", 0, 0))
                        : new RawTelemetry(batch.clusterId(), RecordHeaders.REMOTE_WRITE_PROTOBUF,
                                batch.remoteWrite().toByteArray(), SourcePosition.kafka("t", 0, 0)));
                assertThat(d.problems()).isEmpty();
                for (ClusterSamples s : d.byHour()) {
                    HourBucket b = buckets.computeIfAbsent(s.cluster(), c -> new TreeMap<>())
                            .computeIfAbsent(s.hourStartMillis(), HourBucket::new);
                    for (int i = 0; i < s.size(); i++) {
                        b.add(s.labels().get(i), s.timestamps()[i], s.values()[i]);
                    }
                }
            } catch (Exception e) {
                failures.add(e);
            }
        });
        assertThat(failures).isEmpty();
        List<UsageHourly> usage = new ArrayList<>();
        List<NodeHourly> nodes = new ArrayList<>();
        List<VolumeHourly> volumes = new ArrayList<>();
        long started = System.nanoTime();
        buckets.forEach((cluster, hours) -> hours.forEach((hour, bucket) -> {
            HourUsage.Result r = HourUsage.compute(cluster, hour, hours.get(hour - 3_600_000), bucket,
                    hours.get(hour + 3_600_000), UsageRules.defaults());
            usage.addAll(r.usage());
            nodes.addAll(r.nodes());
            volumes.addAll(r.volumes());
        }));
        System.out.printf("computed %d cluster-hours in %d ms%n", buckets.values().stream().mapToInt(Map::size).sum(),
                (System.nanoTime() - started) / 1_000_000);
        GroundTruth truth = sim.groundTruth(from, to);
        List<String> diffs = UsageTruth.containerDifferences(truth, usage, from, to, step);
        diffs.addAll(UsageTruth.nodeDifferences(truth, nodes, from, to, step));
        diffs.addAll(UsageTruth.volumeDifferences(truth, volumes));
        System.out.println((otlp ? "OTLP: " : "remote_write: ") + "compared " + UsageTruth.coverage(truth, from, to)
                + ": " + diffs.size() + " differences");
        diffs.stream().limit(60).forEach(System.out::println);
        assertThat(diffs).isEmpty();
        assertThat(UsageTruth.oomKills(truth)).as("the hours compared hold OOM kills").isPositive();
    }
}
