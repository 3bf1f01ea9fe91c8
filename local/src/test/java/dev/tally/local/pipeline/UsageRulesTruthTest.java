package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.decode.UsageFamilies;
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

    /** The three renderings of the same fleet. */
    enum Form { REMOTE_WRITE, OTLP_PROMETHEUS_RECEIVER, OTLP_COLLECTOR_RECEIVERS }

    @Test
    void theRulesReproduceTheGroundTruthOfSixHoursOfTheDemoFleet() throws Exception {
        compare(FROM, TO, Form.REMOTE_WRITE);
    }

    /** The simulator's OTLP rendering (the Collector's prometheus receiver: same names, job/instance as resource). */
    @Test
    void theSameFleetAsOtlpMetricsGivesTheSameRows() throws Exception {
        compare(FROM.plus(Duration.ofHours(1)), FROM.plus(Duration.ofHours(3)), Form.OTLP_PROMETHEUS_RECEIVER);
    }

    /**
     * The Collector's own names (kubeletstats, k8s_cluster, k8sattributes): the same rows, compared
     * as exactly, except what the receivers do not carry: CFS periods (kubeletstats has none: the
     * rows must say 0), the nodes' providerID (no scale set: the rows must say ""), volumes.
     */
    @Test
    void theSameFleetInTheCollectorsOwnNamesGivesTheSameRows() throws Exception {
        compare(FROM.plus(Duration.ofHours(1)), FROM.plus(Duration.ofHours(3)), Form.OTLP_COLLECTOR_RECEIVERS);
    }

    private static void compare(Instant from, Instant to, Form form) throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        long step = sim.spec().scrapeInterval().toSeconds();
        MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));
        Map<String, Map<Long, HourBucket>> buckets = new TreeMap<>();
        List<Exception> failures = new ArrayList<>();
        sim.run(from, to.plus(sim.spec().scrapeInterval().multipliedBy(2)), batch -> {
            try {
                DecodedRecord d = decoder.decode(switch (form) {
                    case OTLP_PROMETHEUS_RECEIVER -> new RawTelemetry(batch.clusterId(), RecordHeaders.OTLP_METRICS_PROTOBUF,
                            batch.otlpMetrics().toByteArray(), SourcePosition.kafka("t", 0, 0));
                    case OTLP_COLLECTOR_RECEIVERS -> new RawTelemetry(batch.clusterId(), RecordHeaders.OTLP_METRICS_PROTOBUF,
                            batch.collectorMetrics().toByteArray(), SourcePosition.kafka("t", 0, 0));
                    case REMOTE_WRITE -> new RawTelemetry(batch.clusterId(), RecordHeaders.REMOTE_WRITE_PROTOBUF,
                            batch.remoteWrite().toByteArray(), SourcePosition.kafka("t", 0, 0));
                });
                assertThat(d.problems()).isEmpty();
                if (form == Form.OTLP_COLLECTOR_RECEIVERS) { // no Prometheus name in this form: the mapping does all
                    batch.collectorMetrics().getResourceMetricsList().forEach(r -> r.getScopeMetricsList().forEach(sm ->
                            sm.getMetricsList().forEach(m -> {
                                if (UsageFamilies.ALL.contains(m.getName())) {
                                    throw new AssertionError("a Prometheus name in the Collector form: " + m.getName());
                                }
                            })));
                }
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
        boolean collector = form == Form.OTLP_COLLECTOR_RECEIVERS;
        List<String> diffs = UsageTruth.containerDifferences(truth, usage, from, to, step, !collector);
        diffs.addAll(UsageTruth.nodeDifferences(truth, nodes, from, to, step, !collector));
        if (collector) {
            assertThat(volumes).as("the Collector's receivers carry no persistent volumes").isEmpty();
            assertThat(truth.containers().values().stream().mapToLong(c -> c.cfsPeriods()).sum())
                    .as("the fleet has CFS periods the Collector form cannot carry").isPositive();
        } else {
            diffs.addAll(UsageTruth.volumeDifferences(truth, volumes));
        }
        System.out.println(form + ": compared " + UsageTruth.coverage(truth, from, to)
                + ": " + diffs.size() + " differences");
        diffs.stream().limit(60).forEach(System.out::println);
        assertThat(diffs).isEmpty();
        assertThat(UsageTruth.oomKills(truth)).as("the hours compared hold OOM kills").isPositive();
    }
}
