package dev.tally.local.fleet;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

/** The fleet is a pure function of (seed, spec, time): same inputs, same bytes; any range on its own. */
class FleetDeterminismTest {

    // Tuesday 2026-01-06, 13:50–14:10 UTC: business hours, burst nodes up, CronJobs coming and going.
    private static final Instant FROM = Instant.parse("2026-01-06T13:50:00Z");
    private static final Instant TO = Instant.parse("2026-01-06T14:10:00Z");

    @Test
    void sameSeedRendersByteIdenticalRequestsInEveryFormat() throws Exception {
        String first = digest(render(new FleetSimulator(DEMO), FROM, TO));
        String second = digest(render(new FleetSimulator(FleetSpec.demo()), FROM, TO));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedRendersDifferentData() throws Exception {
        String seed42 = digest(render(new FleetSimulator(DEMO), FROM, TO));
        String seed43 = digest(render(new FleetSimulator(DEMO.withSeed(43)), FROM, TO));

        assertThat(seed43).isNotEqualTo(seed42);
    }

    @Test
    void aRangeRenderedOnItsOwnEqualsTheSameTicksOfALongerRange() throws Exception {
        // The later range starts cold: its pods are stepped up from their own start, so counters,
        // restarts and container ids must come out exactly as in the longer run.
        Instant middle = FROM.plus(Duration.ofMinutes(11));
        List<ScrapeBatch> whole = render(new FleetSimulator(DEMO), FROM, TO);
        List<ScrapeBatch> tail = render(new FleetSimulator(DEMO), middle, TO);

        List<ScrapeBatch> wholeTail = whole.stream().filter(b -> !b.scrapeTime().isBefore(middle)).toList();
        assertThat(tail).hasSameSizeAs(wholeTail).isNotEmpty();
        assertThat(digest(tail)).isEqualTo(digest(wholeTail));
    }

    @Test
    void eachTickYieldsOneBatchPerClusterInTimeOrderWithItsClusterId() {
        List<ScrapeBatch> batches = render(new FleetSimulator(DEMO), FROM, FROM.plusSeconds(90));

        assertThat(batches).extracting(ScrapeBatch::clusterId)
                .containsExactly("aks-prod-weu", "aks-dev-weu", "aks-prod-weu", "aks-dev-weu", "aks-prod-weu", "aks-dev-weu");
        assertThat(batches).extracting(ScrapeBatch::scrapeTime).containsExactly(
                FROM, FROM, FROM.plusSeconds(30), FROM.plusSeconds(30), FROM.plusSeconds(60), FROM.plusSeconds(60));
    }

    @Test
    void theRemoteWriteBodyIsTheSnappyBlockCompressedWriteRequest() throws IOException {
        ScrapeBatch batch = render(new FleetSimulator(DEMO), FROM, FROM.plusSeconds(30)).get(0);

        byte[] body = batch.remoteWriteBody();

        assertThat(Snappy.uncompress(body)).isEqualTo(batch.remoteWrite().toByteArray());
        assertThat(body.length).isLessThan(batch.remoteWrite().getSerializedSize() / 3);
    }

    @Test
    void nothingIsRenderedBeforeTheClustersExist() {
        List<ScrapeBatch> batches = render(new FleetSimulator(DEMO), DEMO.origin().minusSeconds(3600), DEMO.origin());

        assertThat(batches).isEmpty();
    }

    private static String digest(List<ScrapeBatch> batches) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (ScrapeBatch b : batches) {
            sha.update(b.clusterId().getBytes());
            sha.update(Long.toString(b.scrapeTime().getEpochSecond()).getBytes());
            sha.update(b.remoteWrite().toByteArray());
            ByteArrayOutputStream otlp = new ByteArrayOutputStream();
            b.otlpMetrics().writeTo(otlp);
            b.otlpLogs().writeTo(otlp);
            sha.update(otlp.toByteArray());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
