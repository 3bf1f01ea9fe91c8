package dev.tally.local.fleet;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.local.fleet.truth.ClusterHour;
import dev.tally.local.fleet.truth.GroundTruth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

/** The sample counts of the ground truth, computed from the model, are the samples actually rendered. */
class FleetSamplesTest {

    // Tuesday evening: burst nodes drain and go, CronJobs keep running.
    private static final Instant FROM = Instant.parse("2026-01-06T18:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(2));

    @Test
    void samplesByClusterHourAndByFamilyEqualWhatTheRequestsContain() {
        FleetSimulator sim = new FleetSimulator(DEMO);
        Map<ClusterHour, Long> total = new HashMap<>();
        Map<ClusterHour, Map<String, Long>> byFamily = new HashMap<>();
        sim.run(FROM, TO, b -> {
            ClusterHour key = new ClusterHour(b.clusterId(), hour(b.scrapeTime()));
            total.merge(key, (long) b.sampleCount(), Long::sum);
            for (RemoteWrite.TimeSeries ts : b.remoteWrite().getTimeseriesList()) {
                byFamily.computeIfAbsent(key, k -> new TreeMap<>()).merge(ts.getLabels(0).getValue(), 1L, Long::sum);
            }
        });
        GroundTruth truth = sim.groundTruth(FROM, TO);

        assertThat(truth.samplesByClusterHour()).hasSize(4).isEqualTo(total);
        assertThat(truth.samplesByFamily()).isEqualTo(byFamily);
        assertThat(truth.totalSamples()).isEqualTo(total.values().stream().mapToLong(Long::longValue).sum());
        // 120 scrapes per cluster-hour: some 1,700 samples per scrape in prod, 800 in dev
        assertThat(total.get(new ClusterHour("aks-prod-weu", FROM))).isBetween(120L * 1_400, 120L * 2_000);
        assertThat(total.get(new ClusterHour("aks-dev-weu", FROM))).isBetween(120L * 600, 120L * 1_000);
    }

    @Test
    void everyRequestIsAValidRemoteWriteOneRequest() {
        List<ScrapeBatch> batches = FleetTestSupport.render(new FleetSimulator(DEMO), FROM, FROM.plusSeconds(120));
        assertThat(batches).hasSize(8).allSatisfy(b -> {
            Set<List<RemoteWrite.Label>> seen = new HashSet<>();
            for (RemoteWrite.TimeSeries ts : b.remoteWrite().getTimeseriesList()) {
                assertThat(ts.getSamplesCount()).isEqualTo(1);
                assertThat(ts.getSamples(0).getTimestamp()).isEqualTo(b.scrapeTime().toEpochMilli());
                assertThat(ts.getLabels(0).getName()).isEqualTo("__name__");
                for (int i = 1; i < ts.getLabelsCount(); i++) {
                    assertThat(ts.getLabels(i).getName()).isGreaterThan(ts.getLabels(i - 1).getName());
                }
                assertThat(ts.getLabelsList()).allSatisfy(l -> assertThat(l.getValue()).isNotEmpty());
                assertThat(seen.add(ts.getLabelsList())).as("series is unique in its request").isTrue();
            }
        });
    }

    private static Instant hour(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), 3600));
    }
}
