package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.gateway.support.SelfSignedCert;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway speaking HTTPS with a self-signed certificate made at test time, configured the way an operator
 * does it (environment: key store path and password, tokens): remote_write over HTTPS trusting only that
 * certificate is accepted; plain HTTP on the same port is not served.
 */
class GatewayTlsIT {

    private static final String TOKEN = "tls-token-7f3a";
    private static final LimitsHttpTest.RecordingSink SINK = new LimitsHttpTest.RecordingSink();

    @TempDir
    static Path dir;
    private static SelfSignedCert cert;
    private static IngestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedCert.generate(dir, "ks-pass-91c2");
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of(
                "TALLY_GATEWAY_BIND_ADDRESS", "127.0.0.1",
                "TALLY_GATEWAY_PORT", "0",
                "TALLY_GATEWAY_TLS_KEYSTORE", cert.keyStore().toString(),
                "TALLY_GATEWAY_TLS_KEYSTORE_PASSWORD", cert.password(),
                "TALLY_GATEWAY_TOKENS", "aks-tls=" + TOKEN));
        gateway = IngestGateway.start(config, Clock.systemUTC(), SINK);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void remoteWriteOverHttpsTrustingOnlyTheSelfSignedCertificate() throws Exception {
        assertThat(gateway.url().getScheme()).isEqualTo("https");
        HttpClient client = HttpClient.newBuilder().sslContext(cert.trustingOnlyThis()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        byte[] body = request(series(42, System.currentTimeMillis(), label("__name__", "tls_probe"))).toByteArray();
        int before = SINK.records.size();

        HttpResponse<byte[]> response = client.send(remoteWrite(gateway.url(), snappy(body)), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(SINK.records).hasSize(before + 1);
        assertThat(SINK.records.get(before)).isEqualTo(body);
        assertThat(response.sslSession()).isPresent();
        assertThat(response.sslSession().get().getProtocol()).startsWith("TLSv1.");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
        HttpClient defaultTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = request(series(1, System.currentTimeMillis(), label("__name__", "untrusted"))).toByteArray();
        assertThatThrownBy(() -> defaultTrust.send(remoteWrite(gateway.url(), snappy(body)), HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
    }

    @Test
    void plainHttpOnTheTlsPortIsNotServed() throws Exception {
        int before = SINK.records.size();
        byte[] body = snappy(request(series(7, System.currentTimeMillis(), label("__name__", "plain"))).toByteArray());
        String reply;
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/x-protobuf\r\nContent-Encoding: snappy\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            reply = readAll(socket.getInputStream());
        }
        // either the connection is closed without an HTTP answer, or Jetty's "not TLS" 400: never a 2xx
        assertThat(reply).doesNotStartWith("HTTP/1.1 2");
        assertThat(SINK.records).hasSize(before);
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI http = URI.create("http://127.0.0.1:" + gateway.port() + "/");
        HttpResponse<byte[]> answer = null;
        try {
            answer = plain.send(remoteWrite(http, body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException refused) {
            // the TLS port closed the plain connection: not served
        }
        if (answer != null) {
            assertThat(answer.statusCode()).isGreaterThanOrEqualTo(400);
        }
        assertThat(SINK.records).hasSize(before);
    }

    @Test
    void theKeyStorePasswordNeverComesFromTheConfigFile() throws IOException {
        Path yaml = Files.writeString(dir.resolve("gateway.yaml"),
                "tls:\n  keystore: " + cert.keyStore() + "\n  keystore-password: in-the-file\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(yaml, Map.of()))
                .hasMessage("tls.keystore-password does not belong in the config file: set TALLY_GATEWAY_TLS_KEYSTORE_PASSWORD"
                        + " or tls.keystore-password-file");
        Path noPassword = Files.writeString(dir.resolve("nopass.yaml"), "tls:\n  keystore: " + cert.keyStore() + "\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(noPassword, Map.of()))
                .hasMessageContaining("needs a password");
        Path passwordFile = Files.writeString(dir.resolve("password"), cert.password() + "\n");
        GatewayConfig fromFile = GatewayConfigLoader.load(noPassword,
                Map.of("TALLY_GATEWAY_TLS_KEYSTORE_PASSWORD_FILE", passwordFile.toString()));
        assertThat(fromFile.tls().password()).isEqualTo(cert.password());
        assertThat(fromFile.toString()).doesNotContain(cert.password());
    }

    private static HttpRequest remoteWrite(URI base, byte[] snappyBody) {
        return HttpRequest.newBuilder(base.resolve("api/v1/write")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody)).build();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException reset) {
            return "";
        }
    }
}
