package dev.tally.jobs.logvolume;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogBodiesTest {

    @Test
    void aStringBodyCountsItsUtf8Bytes() {
        assertThat(LogBodies.bytes(string("GET /api 200"))).isEqualTo(12);
        assertThat(LogBodies.bytes(string("größe"))).isEqualTo(7); // ö and ß are 2 bytes each
        assertThat(LogBodies.bytes(string("€"))).isEqualTo(3);
        assertThat(LogBodies.bytes(string("🙂 ok"))).isEqualTo(7); // a surrogate pair is 4 bytes
        assertThat(LogBodies.bytes(string(""))).isZero();
    }

    @Test
    void theCountingAgreesWithJavasUtf8EncoderIncludingLoneSurrogates() {
        for (String s : new String[]{"plain", "日本語のログ", "a\uD83D", "\uDE42b", "x\uD83D\uDE42y", "\u0000\u007F\u0080\u07FF\u0800\uFFFF"}) {
            assertThat(LogBodies.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void otherBodiesCountTheirBytesOrTheirEncodingAndNoBodyCountsZero() {
        assertThat(LogBodies.bytes(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[]{1, 2, 3})).build()))
                .isEqualTo(3);
        assertThat(LogBodies.bytes(AnyValue.getDefaultInstance())).isZero();
        AnyValue structured = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(KeyValue.newBuilder().setKey("msg").setValue(string("hi")))).build();
        // kvlist(1) len, KeyValue: key(1) len "msg"(3) + value(1) len AnyValue{string(1) len "hi"(2)}
        assertThat(LogBodies.bytes(structured)).isEqualTo(structured.getSerializedSize()).isEqualTo(15);
    }

    private static AnyValue string(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }
}
