package dev.tally.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's heap figures come from its GC log: pauses count, concurrent phases do not. */
class GatewayProcessHeapTest {

    @Test
    void peakIsTheFullestHeapBeforeAPauseAndAfterIsTheMostLeftAfterOne() {
        GatewayProcess.Heap heap = GatewayProcess.heapOf(List.of(
                "[0.011s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms",
                "[2.001s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 131M->87M(256M) 2.100ms",
                "[2.050s][info][gc] GC(2) Concurrent Mark Cycle",
                "[2.100s][info][gc] GC(2) Pause Remark 90M->90M(256M) 1.002ms",
                "[2.200s][info][gc] GC(2) Pause Cleanup 91M->91M(256M) 0.101ms",
                "[2.300s][info][gc] GC(2) Concurrent Mark Cycle 25.311ms",
                "[3.000s][info][gc] GC(3) Pause Young (Mixed) (G1 Evacuation Pause) 120M->21M(240M) 4.000ms"));
        assertThat(heap.collections()).isEqualTo(5);
        assertThat(heap.peakBeforeGcMb()).isEqualTo(131);
        assertThat(heap.maxAfterGcMb()).isEqualTo(91);
        assertThat(heap.committedMb()).isEqualTo(256);
    }

    @Test
    void noPauseInTheWindowIsNoCollection() {
        GatewayProcess.Heap heap = GatewayProcess.heapOf(List.of("[0.011s][info][gc] Using G1"));
        assertThat(heap.collections()).isZero();
        assertThat(heap.peakBeforeGcMb()).isZero();
    }
}
