package dev.tally.ingest.gateway.support;

import dev.tally.common.prometheus.RemoteWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xerial.snappy.Snappy;

/** Request bodies for tests: remote_write protos as Prometheus builds them, and where the shared samples live. */
public final class Payloads {

    private Payloads() {
    }

    public static RemoteWrite.Label label(String name, String value) {
        return RemoteWrite.Label.newBuilder().setName(name).setValue(value).build();
    }

    /**
     * Replaces the first occurrence of {@code placeholder}'s bytes in {@code encoded} by {@code raw} (same
     * length): how a test puts invalid UTF-8 into a label, which the generated builders refuse to do.
     */
    public static byte[] patch(byte[] encoded, String placeholder, byte[] raw) {
        byte[] p = placeholder.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (p.length != raw.length) {
            throw new IllegalArgumentException("placeholder and replacement differ in length");
        }
        for (int i = 0; i + p.length <= encoded.length; i++) {
            if (java.util.Arrays.equals(encoded, i, i + p.length, p, 0, p.length)) {
                byte[] out = encoded.clone();
                System.arraycopy(raw, 0, out, i, raw.length);
                return out;
            }
        }
        throw new IllegalArgumentException("placeholder not found");
    }

    public static RemoteWrite.TimeSeries series(double value, long timestampMs, RemoteWrite.Label... labels) {
        RemoteWrite.TimeSeries.Builder b = RemoteWrite.TimeSeries.newBuilder();
        for (RemoteWrite.Label l : labels) {
            b.addLabels(l);
        }
        return b.addSamples(RemoteWrite.Sample.newBuilder().setValue(value).setTimestamp(timestampMs)).build();
    }

    public static RemoteWrite.WriteRequest request(RemoteWrite.TimeSeries... series) {
        RemoteWrite.WriteRequest.Builder b = RemoteWrite.WriteRequest.newBuilder();
        for (RemoteWrite.TimeSeries s : series) {
            b.addTimeseries(s);
        }
        return b.build();
    }

    public static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ../shared/data} seen from the project root ({@code tally.home}, set by Maven), or from the module. */
    public static Path sharedData() {
        String home = System.getProperty("tally.home");
        Path root = home != null ? Path.of(home) : Path.of("..");
        return root.resolve("../shared/data").normalize();
    }

    public static Path otlpExample(String name) {
        return sharedData().resolve("otlp/opentelemetry-proto-examples").resolve(name);
    }

    public static boolean exists(Path p) {
        return Files.isRegularFile(p);
    }
}
