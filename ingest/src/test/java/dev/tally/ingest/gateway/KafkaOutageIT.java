package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.GatewayProducer;
import dev.tally.ingest.gateway.kafka.TestBroker;
import dev.tally.ingest.gateway.support.GatewayClient;
import dev.tally.ingest.gateway.support.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka goes away while a cluster keeps sending, then comes back: the gateway answers 503 with
 * Retry-After, recovers by itself, and every request it ever answered 2xx is in the topic exactly once.
 * (429 on a full byte budget: {@link BackPressureTest}, where Kafka's slowness is under the test's control.)
 */
class KafkaOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageIT.class);
    private static final String CLUSTER = "aks-outage";
    private static final String TOKEN = "token-outage";

    @Test
    void noAcknowledgedRequestIsLostOrDuplicatedAcrossAKafkaRestart() throws Exception {
        TestBroker kafka = TestBroker.shared();
        GatewayConfig config = GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withRetryAfter(Duration.ofSeconds(1))
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(kafka.bootstrapServers())
                        .withTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .withClusters(List.of(new ClusterCredentials(CLUSTER, true, List.of(TokenHash.sha256Hex(TOKEN)))));

        Map<String, byte[]> acknowledged = new LinkedHashMap<>();   // request id -> uncompressed payload
        List<String> unavailable = new ArrayList<>();
        int sequence = 0;
        try (IngestGateway gateway = IngestGateway.start(config)) {
            GatewayClient client = new GatewayClient(gateway.url());

            for (int i = 0; i < 10; i++) {
                byte[] raw = payload(sequence++);
                HttpResponse<byte[]> r = client.remoteWrite(TOKEN, snappy(raw));
                assertThat(r.statusCode()).isEqualTo(204);
                acknowledged.put(GatewayIT.requestId(r), raw);
            }

            kafka.stop();
            long stoppedAt = System.nanoTime();

            List<byte[]> toResend = new ArrayList<>();
            HttpResponse<byte[]> refused = null;
            for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
                byte[] raw = payload(sequence++);
                HttpResponse<byte[]> r = client.remoteWrite(TOKEN, snappy(raw));
                if (r.statusCode() == 204) {
                    acknowledged.put(GatewayIT.requestId(r), raw);
                } else {
                    assertThat(r.statusCode()).isEqualTo(503);
                    refused = r;
                    unavailable.add(GatewayIT.requestId(r));
                    toResend.add(raw);
                }
            }
            assertThat(refused).as("a 503 while Kafka is down").isNotNull();
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(GatewayClient.text(refused)).startsWith("Kafka did not acknowledge the records: ");
            LOG.info("event=first_503 after_ms={}", Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
            // while Kafka stays down no request waits long: at most one per second probes (max.block 1 s)
            long downStarted = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                byte[] raw = payload(sequence++);
                HttpResponse<byte[]> r = client.remoteWrite(TOKEN, snappy(raw));
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                unavailable.add(GatewayIT.requestId(r));
                toResend.add(raw);
            }
            long downMs = Duration.ofNanos(System.nanoTime() - downStarted).toMillis();
            LOG.info("event=503_while_down requests=20 ms={}", downMs);
            assertThat(downMs).as("20 refusals while Kafka is down").isLessThan(10_000);
            assertThat(client.get("ready").statusCode()).isEqualTo(503);
            assertThat(client.get("healthy").statusCode()).isEqualTo(200);

            kafka.start();

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (byte[] raw : toResend) {
                while (true) {
                    HttpResponse<byte[]> r = client.remoteWrite(TOKEN, snappy(raw));
                    if (r.statusCode() == 204) {
                        acknowledged.put(GatewayIT.requestId(r), raw);
                        break;
                    }
                    assertThat(r.statusCode()).isIn(429, 503);
                    unavailable.add(GatewayIT.requestId(r));
                    assertThat(System.nanoTime()).as("Kafka back within 90 s").isLessThan(deadline);
                    Thread.sleep(Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")) * 1000);
                }
            }
            for (int i = 0; i < 10; i++) {
                byte[] raw = payload(sequence++);
                HttpResponse<byte[]> r = client.remoteWrite(TOKEN, snappy(raw));
                assertThat(r.statusCode()).isEqualTo(204);
                acknowledged.put(GatewayIT.requestId(r), raw);
            }
            // /ready follows by itself (a readiness probe asks again and again)
            long readyDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int ready;
            while ((ready = client.get("ready").statusCode()) != 200 && System.nanoTime() < readyDeadline) {
                Thread.sleep(500);
            }
            assertThat(ready).isEqualTo(200);
        }

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(kafka.bootstrapServers(), Topic.METRICS,
                r -> CLUSTER.equals(TopicReader.header(r, RecordHeaders.CLUSTER_ID)),
                l -> l.size() >= acknowledged.size(), Duration.ofSeconds(30));
        Map<String, Integer> copies = new HashMap<>();
        Map<String, byte[]> stored = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id = TopicReader.header(record, GatewayProducer.REQUEST_ID_HEADER);
            copies.merge(id, 1, Integer::sum);
            stored.put(id, record.value());
        }
        for (Map.Entry<String, byte[]> ack : acknowledged.entrySet()) {
            assertThat(copies.get(ack.getKey())).as("copies of acknowledged request " + ack.getKey()).isEqualTo(1);
            assertThat(stored.get(ack.getKey())).isEqualTo(ack.getValue());
        }
        long unknownOutcome = records.stream().map(r -> TopicReader.header(r, GatewayProducer.REQUEST_ID_HEADER))
                .filter(unavailable::contains).count();
        LOG.info("event=outage_summary acknowledged={} refused={} refused_but_stored={} records={}",
                acknowledged.size(), unavailable.size(), unknownOutcome, records.size());
        assertThat(records.size()).isEqualTo(acknowledged.size() + unknownOutcome);
    }

    private static byte[] payload(int sequence) {
        int seriesCount = 40;
        long now = System.currentTimeMillis();
        List<dev.tally.common.prometheus.RemoteWrite.TimeSeries> series = new ArrayList<>();
        for (int i = 0; i < seriesCount; i++) {
            series.add(series(sequence * 1000 + i, now, label("__name__", "outage_test"), label("seq", Integer.toString(sequence)),
                    label("i", Integer.toString(i)), label("noise", Long.toHexString(Double.doubleToLongBits(Math.random())))));
        }
        byte[] raw = request(series.toArray(dev.tally.common.prometheus.RemoteWrite.TimeSeries[]::new)).toByteArray();
        assertThat(raw.length).isBetween(2_000, 10_000);
        assertThat(snappy(raw).length).isLessThan(6_000);
        return raw;
    }

}
