package dev.tally.jobs.rightsizing.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.series.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSignalsTest {
    private static final long T0 = 1_767_657_600_000L; // 2026-01-06T00:00Z
    private static final long WAIT = 300_000;
    private static final ContainerRef API = new ContainerRef("c1", "shop", "Deployment", "checkout", "api");

    /** Samples of one record: alternating labels and (timestamp, value). */
    private static final class Record {
        final List<Labels> labels = new ArrayList<>();
        final List<long[]> times = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        Record add(long t, double v, String... namesAndValues) {
            labels.add(Labels.of(namesAndValues));
            times.add(new long[] {t});
            values.add(v);
            return this;
        }

        /** Through the real decoder, as remote_write: the job's own input, whatever ClusterSamples' internals. */
        ClusterSamples build() {
            RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
            for (int i = 0; i < labels.size(); i++) {
                RemoteWrite.TimeSeries.Builder series = RemoteWrite.TimeSeries.newBuilder();
                Labels l = labels.get(i);
                for (int k = 0; k < l.size(); k++) {
                    series.addLabels(RemoteWrite.Label.newBuilder().setName(l.name(k)).setValue(l.value(k)));
                }
                series.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(times.get(i)[0]).setValue(values.get(i)));
                request.addTimeseries(series);
            }
            try {
                DecodedRecord decoded = new MetricsDecoder(List.of()).decode(new RawTelemetry("c1",
                        RecordHeaders.REMOTE_WRITE_PROTOBUF, request.build().toByteArray(), SourcePosition.kafka("t", 0, 0)));
                assertThat(decoded.problems()).isEmpty();
                assertThat(decoded.byHour()).hasSize(1);
                return decoded.byHour().get(0);
            } catch (UnusableTelemetryException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Record owners(Record r, long t) {
        return r.add(t, 1, "__name__", "kube_pod_owner", "namespace", "shop", "pod", "checkout-7d9-abc",
                        "owner_kind", "ReplicaSet", "owner_name", "checkout-7d9", "owner_is_controller", "true")
                .add(t, 1, "__name__", "kube_replicaset_owner", "namespace", "shop", "replicaset", "checkout-7d9",
                        "owner_kind", "Deployment", "owner_name", "checkout");
    }

    private static Record cpu(Record r, long t, double seconds) {
        return r.add(t, seconds, "__name__", "container_cpu_usage_seconds_total", "namespace", "shop",
                "pod", "checkout-7d9-abc", "container", "api", "id", "/kubepods/x");
    }

    @Test
    void cpuIsTheCounterIncreaseOverTheSecondsBetweenSamplesAttributedToTheDeployment() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        signals.accept("c1", cpu(owners(new Record(), T0), T0, 100.0).build());
        List<ContainerSignal> second = signals.accept("c1", cpu(new Record(), T0 + 30_000, 106.0).build());
        // a reset: the counter starts again from 0, so the increase is the new value
        List<ContainerSignal> third = signals.accept("c1", cpu(new Record(), T0 + 60_000, 3.0).build());

        assertThat(second).singleElement().satisfies(s -> {
            assertThat(s.container()).isEqualTo(API);
            assertThat(s.kind()).isEqualTo(SignalKind.CPU_CORES);
            assertThat(s.value()).isCloseTo(0.2, within(1e-12));
        });
        assertThat(third).singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(0.1, within(1e-12)));
    }

    @Test
    void aLongGapOrAReplayedSampleGivesNoCpuSample() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        signals.accept("c1", cpu(owners(new Record(), T0), T0, 100.0).build());
        assertThat(signals.accept("c1", cpu(new Record(), T0, 100.0).build())).isEmpty();
        assertThat(signals.accept("c1", cpu(new Record(), T0 + 600_000, 160.0).build())).isEmpty();
        assertThat(signals.accept("c1", cpu(new Record(), T0 + 630_000, 163.0).build()))
                .singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(0.1, within(1e-12)));
    }

    @Test
    void restartsCountAsOomKillsOnlyWhileTheLastTerminationWasOomKilled() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        String[] restarts = {"__name__", "kube_pod_container_status_restarts_total", "namespace", "shop",
                "pod", "checkout-7d9-abc", "container", "api", "uid", "u1"};
        signals.accept("c1", owners(new Record(), T0).add(T0, 2, restarts).build());
        List<ContainerSignal> errorRestart = signals.accept("c1", new Record().add(T0 + 30_000, 3, restarts)
                .add(T0 + 30_000, 1, "__name__", "kube_pod_container_status_last_terminated_reason", "namespace", "shop",
                        "pod", "checkout-7d9-abc", "container", "api", "reason", "Error").build());
        List<ContainerSignal> oom = signals.accept("c1", new Record().add(T0 + 60_000, 5, restarts)
                .add(T0 + 60_000, 1, "__name__", "kube_pod_container_status_last_terminated_reason", "namespace", "shop",
                        "pod", "checkout-7d9-abc", "container", "api", "reason", "OOMKilled").build());

        assertThat(errorRestart).isEmpty();
        assertThat(oom).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(SignalKind.OOM_KILLS);
            assertThat(s.value()).isEqualTo(2.0);
            assertThat(s.container()).isEqualTo(API);
        });
    }

    /** A pod of the checkout Deployment: owners, start time, first restart count and an OOMKilled last termination. */
    private static Record oomKilledBeforeFirstScrape(long t, String pod, long podStartMillis, double restarts) {
        return new Record()
                .add(t, 1, "__name__", "kube_pod_owner", "namespace", "shop", "pod", pod,
                        "owner_kind", "ReplicaSet", "owner_name", "checkout-7d9", "owner_is_controller", "true")
                .add(t, 1, "__name__", "kube_replicaset_owner", "namespace", "shop", "replicaset", "checkout-7d9",
                        "owner_kind", "Deployment", "owner_name", "checkout")
                .add(t, podStartMillis / 1000.0, "__name__", "kube_pod_start_time", "namespace", "shop", "pod", pod, "uid", pod)
                .add(t, restarts, "__name__", "kube_pod_container_status_restarts_total", "namespace", "shop",
                        "pod", pod, "container", "api", "uid", pod)
                .add(t, 1, "__name__", "kube_pod_container_status_last_terminated_reason", "namespace", "shop",
                        "pod", pod, "container", "api", "reason", "OOMKilled");
    }

    @Test
    void oomKillsBeforeTheFirstRestartSampleCountWhenThePodStartedWhileWatched() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        // watching the cluster since T0; a pod that started then, before its first scrape, was killed 3 times
        signals.accept("c1", cpu(owners(new Record(), T0), T0, 1.0).build());
        List<ContainerSignal> newPod = signals.accept("c1",
                oomKilledBeforeFirstScrape(T0 + 120_000, "checkout-7d9-new", T0 + 30_000, 3).build());
        // a pod older than the job's view: its kills may be months old, the first value is a baseline
        List<ContainerSignal> oldPod = signals.accept("c1",
                oomKilledBeforeFirstScrape(T0 + 150_000, "checkout-7d9-old", T0 - 86_400_000, 5).build());
        // the next sample of the new pod without a new restart: nothing more
        List<ContainerSignal> again = signals.accept("c1",
                oomKilledBeforeFirstScrape(T0 + 180_000, "checkout-7d9-new", T0 + 30_000, 3).build());

        assertThat(newPod).filteredOn(s -> s.kind() == SignalKind.OOM_KILLS).singleElement().satisfies(s -> {
            assertThat(s.value()).isEqualTo(3.0);
            assertThat(s.container()).isEqualTo(API);
            assertThat(s.pod()).isEqualTo("checkout-7d9-new");
        });
        assertThat(oldPod).filteredOn(s -> s.kind() == SignalKind.OOM_KILLS).isEmpty();
        assertThat(again).filteredOn(s -> s.kind() == SignalKind.OOM_KILLS).isEmpty();
    }

    @Test
    void aSampleWaitsForItsOwnerThenCountsUnderThePodItself() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        String[] ws = {"__name__", "container_memory_working_set_bytes", "namespace", "shop", "pod", "lonely",
                "container", "app"};
        assertThat(signals.accept("c1", new Record().add(T0, 5e8, ws).build())).isEmpty();
        assertThat(signals.pendingSignals()).isEqualTo(1);
        // the owner of another pod arrives: still waiting
        assertThat(signals.accept("c1", owners(new Record(), T0 + 30_000).build())).isEmpty();

        List<ContainerSignal> settled = signals.resolve("c1", T0 + WAIT);

        assertThat(settled).singleElement().satisfies(s -> {
            assertThat(s.container()).isEqualTo(new ContainerRef("c1", "shop", "Pod", "lonely", "app"));
            assertThat(s.value()).isEqualTo(5e8);
        });
        assertThat(signals.pendingSignals()).isZero();
    }

    @Test
    void aSampleBeforeItsOwnerInTheSameClusterIsAttributedWhenTheOwnerComes() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        String[] ws = {"__name__", "container_memory_working_set_bytes", "namespace", "shop", "pod", "checkout-7d9-abc",
                "container", "api"};
        assertThat(signals.accept("c1", new Record().add(T0, 4e8, ws).build())).isEmpty();

        List<ContainerSignal> later = signals.accept("c1", owners(new Record(), T0 + 10_000).build());

        assertThat(later).singleElement().satisfies(s -> assertThat(s.container()).isEqualTo(API));
    }

    @Test
    void podLevelSeriesAreSkippedAndRequestsBecomeSignals() {
        ClusterSignals signals = new ClusterSignals(WAIT, 300_000, 86_400_000);
        List<ContainerSignal> out = signals.accept("c1", owners(new Record(), T0)
                .add(T0, 9e8, "__name__", "container_memory_working_set_bytes", "namespace", "shop", "pod", "checkout-7d9-abc",
                        "container", "")
                .add(T0, 9e8, "__name__", "container_memory_working_set_bytes", "namespace", "shop", "pod", "checkout-7d9-abc",
                        "container", "POD")
                .add(T0, 0.5, "__name__", "kube_pod_container_resource_requests", "namespace", "shop", "pod", "checkout-7d9-abc",
                        "container", "api", "resource", "cpu", "unit", "core")
                .add(T0, 1073741824, "__name__", "kube_pod_container_resource_limits", "namespace", "shop",
                        "pod", "checkout-7d9-abc", "container", "api", "resource", "memory", "unit", "byte")
                .build());

        assertThat(out).extracting(ContainerSignal::kind)
                .containsExactlyInAnyOrder(SignalKind.CPU_REQUEST_CORES, SignalKind.MEMORY_LIMIT_BYTES);
    }
}
