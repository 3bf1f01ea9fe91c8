package dev.tally.jobs.usage.hour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.TelemetryEventTime;
import dev.tally.jobs.usage.counters.CounterIncrease;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.series.Labels;
import dev.tally.jobs.usage.series.SeriesSamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile samples in the usage job: NaN, ±Inf, negative and overflowing values, samples from the
 * future, duplicates and out-of-order arrival. The unusable ones are refused with one reason per kind
 * (a dead letter carrying the record's position), the good ones next to them give exactly the usage
 * they give alone. Budget: 300 seeded records and 200 seeded shuffles, under a second.
 */
class UsageHostileInputTest {
    private static final long SEED = 20261126L;
    private static final long H = Fleet.H;
    private static final SourcePosition POSITION = SourcePosition.kafka("tally.metrics.v1", 3, 42);
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica"));

    private static RemoteWrite.TimeSeries cpu(String container, long t, double v) {
        return RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue(UsageFamilies.CPU_USAGE))
                .addLabels(RemoteWrite.Label.newBuilder().setName("container").setValue(container))
                .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(t).setValue(v)).build();
    }

    private DecodedRecord decode(RemoteWrite.WriteRequest.Builder request, long nowMillis) throws Exception {
        return decoder.decode(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, request.build().toByteArray(), POSITION), nowMillis);
    }

    @Test
    void unusableValuesAreRefusedOneReasonPerKindAndTheGoodSamplesAreKept() throws Exception {
        long now = H + 3_600_000;
        DecodedRecord d = decode(RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(cpu("api", H, 10))
                .addTimeseries(cpu("api", H + 30_000, 12.5))
                .addTimeseries(cpu("inf", H, Double.POSITIVE_INFINITY))
                .addTimeseries(cpu("inf", H + 30_000, Double.NEGATIVE_INFINITY))
                .addTimeseries(cpu("neg", H, -5))
                .addTimeseries(cpu("huge", H, 1e19))
                .addTimeseries(cpu("stale", H, Double.NaN))
                .addTimeseries(cpu("future", now + 600_001, 1))
                .addTimeseries(cpu("soon", now + 600_000, 2)), now);

        assertThat(d.problems()).containsExactly(
                "2 samples with an infinite value were skipped; first: container_cpu_usage_seconds_total{container=\"inf\"} at 2026-01-06T10:00:00Z = Infinity",
                "1 samples with a negative value were skipped; first: container_cpu_usage_seconds_total{container=\"neg\"} at 2026-01-06T10:00:00Z = -5.0",
                "1 samples with a CPU counter above 9223372036 s were skipped; first: container_cpu_usage_seconds_total{container=\"huge\"} at 2026-01-06T10:00:00Z = 1.0E19",
                "1 samples with a timestamp more than 10 min ahead of the job's clock (2026-01-06T11:00:00Z) were skipped; first: "
                        + "container_cpu_usage_seconds_total{container=\"future\"} at 2026-01-06T11:10:00.001Z = 1.0");
        assertThat(d.byHour()).extracting(ClusterSamples::hourStartMillis).containsExactly(H, H + 3_600_000);
        ClusterSamples hour = d.byHour().get(0);
        assertThat(hour.position()).isEqualTo(POSITION);
        assertThat(hour.values()).containsExactly(10, 12.5);
        assertThat(hour.labels()).extracting(l -> l.get("container")).containsExactly("api", "api");
        assertThat(d.byHour().get(1).values()).containsExactly(2); // exactly 10 min ahead is still accepted
    }

    /** A poison sample used to crash the hour's computation (secondsToNanos(Infinity)) on every restart. */
    @Test
    void anInfiniteCpuCounterNextToAGoodOneLeavesTheGoodOnesUsageExact() throws Exception {
        RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
        Labels cpu = Fleet.cpu("c1");
        for (long s = -60; s <= 3_660; s += 30) {
            RemoteWrite.TimeSeries.Builder good = RemoteWrite.TimeSeries.newBuilder();
            for (int i = 0; i < cpu.size(); i++) {
                good.addLabels(RemoteWrite.Label.newBuilder().setName(cpu.name(i)).setValue(cpu.value(i)));
            }
            request.addTimeseries(good.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(Fleet.at(s)).setValue(1000 + 0.25 * s)));
            request.addTimeseries(cpu("evil", Fleet.at(s), s % 90 == 0 ? Double.POSITIVE_INFINITY : -1));
        }
        DecodedRecord d = decode(request, Long.MAX_VALUE);
        Fleet fleet = new Fleet();
        for (ClusterSamples part : d.byHour()) {
            Labels[] series = part.allSeriesLabels();
            for (int i = 0; i < part.size(); i++) {
                fleet.add(series[part.sampleSeries()[i]], part.timestamps()[i], part.values()[i]);
            }
        }

        assertThat(fleet.hour(H).usage()).singleElement().satisfies(u -> assertThat(u.cpuUsageNanos()).isEqualTo(900_000_000_000L));
        assertThat(d.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("container=\"evil\""));
    }

    /** Random mixes of good and unusable samples: what is kept is exactly the good ones, and every refused one is counted. */
    @Test
    void randomMixesKeepEveryGoodSampleAndCountEveryRefusedOne() throws Exception {
        double[] bad = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-9, -7, 1e10, Double.MAX_VALUE};
        for (int iteration = 0; iteration < 300; iteration++) {
            long seed = SEED + iteration;
            Random random = new Random(seed);
            long now = H + random.nextInt(7_200_000);
            RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
            double goodSum = 0;
            long good = 0;
            long refused = 0;
            for (int i = 0, n = random.nextInt(40); i < n; i++) {
                long t = H + random.nextInt(3_600_000);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        request.addTimeseries(cpu("bad" + i, t, bad[random.nextInt(bad.length)]));
                        refused++;
                    }
                    case 1 -> {
                        request.addTimeseries(cpu("late" + i, now + 600_001 + random.nextInt(Integer.MAX_VALUE), 1));
                        refused++;
                    }
                    default -> {
                        double v = random.nextInt(1_000_000) / 4.0;
                        request.addTimeseries(cpu("good" + i, Math.min(t, now), v));
                        goodSum += v;
                        good++;
                    }
                }
            }
            DecodedRecord d = decode(request, now);

            double keptSum = 0;
            long kept = 0;
            for (ClusterSamples part : d.byHour()) {
                for (double v : part.values()) {
                    keptSum += v;
                    kept++;
                }
            }
            long counted = d.problems().stream().mapToLong(p -> Long.parseLong(p.substring(0, p.indexOf(' ')))).sum();
            assertThat(kept).as("seed %d", seed).isEqualTo(good);
            assertThat(keptSum).as("seed %d", seed).isEqualTo(goodSum);
            assertThat(counted).as("seed %d: %s", seed, d.problems()).isEqualTo(refused);
        }
    }

    /**
     * Duplicates (retries, both HA replicas) and out-of-order arrival: the hour's CPU is the same as
     * from the samples in order once each, and equals the sum of the counter's increments (resets included).
     */
    @Test
    void duplicatedAndShuffledSamplesGiveTheUsageOfTheOrderedOnes() {
        Labels cpu = Fleet.cpu("c1");
        for (int iteration = 0; iteration < 200; iteration++) {
            long seed = SEED + iteration;
            Random random = new Random(seed);
            List<long[]> samples = new ArrayList<>(); // {second after H, counter nanos}
            long nanos = random.nextInt(1_000_000) * 1_000_000L;
            long expected = 0;
            for (long s = -300; s <= 3_630; s += 30) {
                long previous = nanos;
                nanos = random.nextInt(20) == 0 ? random.nextInt(5_000_000) * 1_000L : nanos + random.nextInt(30_000_000) * 1_000L;
                if (s - 30 >= 0 && s - 30 < 3_600) {
                    expected += CounterIncrease.between(previous, nanos);
                }
                samples.add(new long[] {s, nanos});
            }
            Fleet ordered = new Fleet();
            samples.forEach(x -> ordered.add(cpu, Fleet.at(x[0]), x[1] / 1e9));
            List<long[]> hostile = new ArrayList<>(samples);
            for (int k = random.nextInt(samples.size()); k > 0; k--) {
                hostile.add(samples.get(random.nextInt(samples.size())));
            }
            Collections.shuffle(hostile, random);
            Fleet shuffled = new Fleet();
            hostile.forEach(x -> shuffled.add(cpu, Fleet.at(x[0]), x[1] / 1e9));

            assertThat(shuffled.buckets.get(H).samples()).as("seed %d", seed).isEqualTo(120);
            long shuffledNanos = shuffled.hour(H).usage().get(0).cpuUsageNanos();
            assertThat(shuffledNanos).as("seed %d", seed).isEqualTo(ordered.hour(H).usage().get(0).cpuUsageNanos());
            assertThat(shuffledNanos).as("seed %d", seed).isEqualTo(expected);
        }
    }

    /** A same-timestamp sample with another value (a replica's copy, a buggy exporter): the first to arrive is kept. */
    @Test
    void aDuplicateTimestampWithAnotherValueKeepsTheFirst() {
        Fleet f = new Fleet();
        Labels cpu = Fleet.cpu("c1");
        f.add(cpu, Fleet.at(0), 10);
        f.add(cpu, Fleet.at(0), 99);
        f.add(cpu, Fleet.at(3600), 12);
        SeriesSamples s = f.buckets.get(H).get(cpu);
        assertThat(s.size()).isEqualTo(1);
        assertThat(f.hour(H).usage().get(0).cpuUsageNanos()).isEqualTo(2_000_000_000L);
    }

    /** One record from a clock years ahead must not move event time there (every open hour would close). */
    @Test
    void aRecordFromTheFarFutureMovesEventTimeAtMostTenMinutesPastItsKafkaTime() {
        long kafka = H + 1_000;
        RawTelemetry future = new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF,
                RemoteWrite.WriteRequest.newBuilder().addTimeseries(cpu("x", 4_102_444_800_000L, 1)).build().toByteArray(), POSITION);
        RawTelemetry normal = new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF,
                RemoteWrite.WriteRequest.newBuilder().addTimeseries(cpu("x", H + 600_000, 1)).build().toByteArray(), POSITION);

        assertThat(TelemetryEventTime.eventMillis(future, kafka)).isEqualTo(kafka + 600_000);
        assertThat(TelemetryEventTime.eventMillis(normal, kafka)).isEqualTo(H + 600_000);
        assertThat(TelemetryEventTime.eventMillis(future, -1)).as("no Kafka time: unchanged").isEqualTo(4_102_444_800_000L);
    }
}
