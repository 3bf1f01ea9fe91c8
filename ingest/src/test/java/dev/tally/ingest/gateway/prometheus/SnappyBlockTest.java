package dev.tally.ingest.gateway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.gateway.limits.Rejection;
import dev.tally.ingest.gateway.support.Payloads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnappyBlockTest {

    @Test
    void theDeclaredLengthIsReadFromTheHeader() {
        byte[] raw = "hello hello hello hello".getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Payloads.snappy(raw);
        long declared = SnappyBlock.declaredLength(compressed);
        assertThat(declared).isEqualTo(raw.length);
        assertThat(SnappyBlock.decompress(compressed, declared, 1024)).isEqualTo(raw);
    }

    @Test
    void aBodyClaimingTwoGigabytesIsRefusedBeforeAnythingIsAllocated() {
        // varint 2^31: 0x80 0x80 0x80 0x80 0x08, then a few bytes of nothing
        byte[] bomb = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0, 1, 2};
        long declared = SnappyBlock.declaredLength(bomb);
        assertThat(declared).isEqualTo(1L << 31);
        long before = usedHeap();
        assertThatThrownBy(() -> SnappyBlock.decompress(bomb, declared, 64L * 1024 * 1024))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(413))
                .hasMessage("snappy body declares 2147483648 bytes uncompressed, above the limit of 67108864 (limits.max-decompressed-bytes)");
        assertThat(usedHeap() - before).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void aLengthThatDoesNotMatchTheContentIsMalformed() {
        byte[] compressed = Payloads.snappy("abcdefgh".getBytes(StandardCharsets.UTF_8));
        compressed[0] = 20; // claims 20 bytes, holds 8
        assertThatThrownBy(() -> SnappyBlock.decompress(compressed, 20, 1024))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void emptyAndUnterminatedHeadersAreMalformed() {
        assertThatThrownBy(() -> SnappyBlock.declaredLength(new byte[0])).hasMessageContaining("empty body");
        assertThatThrownBy(() -> SnappyBlock.declaredLength(new byte[] {(byte) 0x80, (byte) 0x80}))
                .hasMessageContaining("truncated length header");
        assertThatThrownBy(() -> SnappyBlock.declaredLength(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}))
                .hasMessageContaining("invalid length header");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
