package dev.tally.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.costs.ExportSource;
import dev.tally.ingest.costs.blob.BlobAccess;
import dev.tally.ingest.costs.blob.BlobLocation;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunDiscovery;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.local.azurite.TestAzurite;
import dev.tally.local.clickhouse.TestClickHouse;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets never reach the logs: the gateway (cluster tokens, the TLS key store password), the cost importer's Blob
 * access (a SAS token in the URL, a connection string's account key) and ClickHouse (a password in the URL) run with
 * recognizable random secret values through start, good and bad requests and failures; every error is logged the way
 * the mains log it (message and stack trace). Then the whole captured output must not contain any secret value.
 */
class SecretsNeverLoggedIT {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsNeverLoggedIT.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    /** name → secret value; every value random and long enough that a hit cannot be a coincidence. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    private String secret(String name) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String value = name + "-" + HexFormat.of().formatHex(bytes);
        secrets.put(name, value);
        return value;
    }

    @Test
    void noSecretValueAppearsInAnyLogLineOrPrintedOutput() throws Exception {
        String output;
        List<String> checkedSteps = new ArrayList<>();
        try (LogCapture capture = new LogCapture()) {
            gateway(checkedSteps);
            clickHouse(checkedSteps);
            blob(checkedSteps);
            output = capture.text();
        }
        assertThat(checkedSteps).as("every step ran").hasSize(3);
        assertThat(output).as("the capture works").contains("event=gateway_started").contains("event=kafka_write_failed");
        assertThat(secrets).hasSize(14);
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            // the value, and its URL-encoded and Base64 forms
            for (String form : List.of(secret.getValue(), java.net.URLEncoder.encode(secret.getValue(), StandardCharsets.UTF_8),
                    Base64.getEncoder().encodeToString(secret.getValue().getBytes(StandardCharsets.UTF_8)))) {
                output.lines().filter(line -> line.contains(form)).findFirst()
                        .ifPresent(line -> leaks.add(secret.getKey() + " in: " + line.substring(0, Math.min(line.length(), 400))));
            }
        }
        assertThat(leaks).as("log lines showing a secret").isEmpty();
    }

    private void gateway(List<String> steps) throws Exception {
        String token = secret("cluster-token");
        String otherToken = secret("unknown-token");
        String keyStorePassword = secret("keystore-password");
        Path keyStore = dir.resolve("gateway.p12");
        Keytool.run("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", keyStorePassword, "-keypass", keyStorePassword);
        Map<String, String> env = Map.of(
                "TALLY_GATEWAY_BIND_ADDRESS", "127.0.0.1",
                "TALLY_GATEWAY_PORT", "0",
                // no broker there: every acknowledged write fails, the error paths run
                "TALLY_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "TALLY_GATEWAY_KAFKA_MAX_BLOCK", "300ms",
                "TALLY_GATEWAY_KAFKA_REQUEST_TIMEOUT", "500ms",
                "TALLY_GATEWAY_KAFKA_DELIVERY_TIMEOUT", "1s",
                "TALLY_GATEWAY_TLS_KEYSTORE", keyStore.toString(),
                "TALLY_GATEWAY_TLS_KEYSTORE_PASSWORD", keyStorePassword,
                "TALLY_GATEWAY_TOKENS", "aks-secrets=" + token);
        // a producer credential from the file (kafka.producer.*), as a SASL setup would have it
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "kafka:\n  producer:\n    sasl.jaas.config: "
                + "\"org.apache.kafka.common.security.plain.PlainLoginModule required username='gw' password='"
                + secret("kafka-sasl-password") + "';\"\n");
        GatewayConfig config = GatewayConfigLoader.load(file, env);
        LOG.info("event=test_config config={}", config);
        // a malformed token list is refused without echoing the entry
        logFailure("tokens", () -> GatewayConfigLoader.load(null, Map.of("TALLY_GATEWAY_TOKENS", secret("malformed-token-entry"))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trust.load(in, keyStorePassword.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        List<Integer> statuses = new ArrayList<>();
        try (IngestGateway gateway = IngestGateway.start(config)) {
            URI write = gateway.url().resolve("api/v1/write");
            byte[] emptyWriteRequest = {0};   // snappy block of zero bytes: a valid, empty WriteRequest
            String basic = Base64.getEncoder().encodeToString(("admin:" + secret("basic-password")).getBytes(StandardCharsets.UTF_8));
            for (String authorization : List.of("Bearer " + token, "Bearer " + otherToken, "Bearer " + token + " trailing",
                    "Basic " + basic, "Token " + token)) {
                statuses.add(post(client, write, authorization, emptyWriteRequest));
            }
            statuses.add(post(client, write, "Bearer " + token, "not snappy at all".getBytes(StandardCharsets.UTF_8)));
            statuses.add(post(client, gateway.url().resolve("v1/metrics"), "Bearer " + token, new byte[] {(byte) 0xff, 1, 2}));
        }
        // Kafka down: 503; unknown or malformed tokens: 401; a bad body: its dead letter cannot be written either, 503
        assertThat(statuses).containsExactly(503, 401, 401, 401, 401, 503, 503);
        steps.add("gateway");
    }

    private static int post(HttpClient client, URI uri, String authorization, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .header("Content-Type", "application/x-protobuf").header("Content-Encoding", uri.getPath().endsWith("write") ? "snappy" : "identity")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void clickHouse(List<String> steps) throws Exception {
        ClickHouseUrl server = TestClickHouse.server();
        String password = secret("clickhouse-password");
        ClickHouseUrl withPassword = new ClickHouseUrl(server.scheme(), server.host(), server.port(), server.database(),
                server.user(), password);
        LOG.info("event=test_clickhouse url={} jdbc={}", withPassword, withPassword.jdbcUrl());
        // a wrong password (or a server ignoring it): either way, what the driver says is logged
        logFailure("clickhouse query", () -> {
            try (Connection connection = withPassword.open(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT no_such_column FROM no_such_table_secrets")) {
                rs.next();
            }
            return null;
        });
        String typed = "http://default:" + password + "@" + server.host() + ":" + server.port();
        logFailure("url with a query", () -> ClickHouseUrl.parse(typed + "/tally?x=1"));
        logFailure("url with two path segments", () -> ClickHouseUrl.parse(typed + "/a/b"));
        logFailure("url with a bad database", () -> ClickHouseUrl.parse(typed + "/bad-name"));
        logFailure("password holding a slash", () -> ClickHouseUrl.parse("http://default:" + password + "/x@127.0.0.1:1/a/b"));
        logFailure("not a URL", () -> ClickHouseUrl.parse("http://default:" + password + "@host name/"));
        logFailure("nothing listening", () -> {
            ClickHouseUrl.parse("http://default:" + password + "@127.0.0.1:1/tally").ping(Duration.ofSeconds(2));
            return null;
        });
        steps.add("clickhouse");
    }

    private void blob(List<String> steps) {
        BlobContainerClient container = new BlobServiceClientBuilder().connectionString(TestAzurite.connectionString())
                .buildClient().createBlobContainer("secrets-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
        try {
            container.getBlobClient("exports/dropped.csv").upload(com.azure.core.util.BinaryData.fromString("not,a,cost,export\n1,2,3,4\n"));
            String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                    new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
            String signature = java.net.URLDecoder.decode(sas.replaceFirst(".*sig=", "").replaceFirst("&.*", ""), StandardCharsets.UTF_8);
            secrets.put("real SAS signature", signature);
            String base = TestAzurite.blobEndpoint() + "/" + container.getBlobContainerName() + "/exports";
            // a working SAS URL whose file is not a cost export, a forged signature, a wrong account key, a bad SAS from env
            String forged = secret("forged-sas-signature");
            String wrongKey = Base64.getEncoder().encodeToString(secret("wrong-account-key").getBytes(StandardCharsets.UTF_8));
            secrets.put("wrong account key (Base64)", wrongKey);
            String connectionString = TestAzurite.connectionString().replace(TestAzurite.ACCOUNT_KEY, wrongKey);
            String envSas = "sv=2023-11-03&sr=c&sp=rl&se=2099-01-01&sig=" + secret("env-sas-signature");
            String azblob = "azblob://" + TestAzurite.ACCOUNT + "/" + container.getBlobContainerName() + "/exports/";
            logFailure("good SAS", () -> discoverAndImport(base + "/dropped.csv?" + sas, Map.of()));
            logFailure("forged SAS", () -> discoverAndImport(base + "?" + sas.replace(sas.replaceFirst(".*sig=", "").replaceFirst("&.*", ""), forged), Map.of()));
            logFailure("wrong account key", () -> discoverAndImport(azblob, Map.of(BlobAccess.CONNECTION_STRING, connectionString)));
            logFailure("SAS from the environment", () -> discoverAndImport(azblob, Map.of(BlobAccess.SAS_TOKEN, envSas)));
            logFailure("a malformed SAS URL", () -> BlobLocation.parse("https://host name/acct/c?sig=" + secret("malformed-url-sas")));
            logFailure("a SAS URL without a container", () -> BlobLocation.parse(TestAzurite.blobEndpoint().replaceFirst("/[^/]+$", "")
                    + "/x?sv=1&sig=" + secret("no-container-sas")));
            steps.add("blob");
        } finally {
            container.delete();
        }
    }

    private Object discoverAndImport(String url, Map<String, String> env) {
        ExportSource source = ExportSource.of(url, env);
        var runs = source.discover(new RunDiscovery(CostView.AMORTIZED));
        LOG.info("event=test_discovered source={} runs={}", source, runs);
        return runs;
    }

    /** Runs {@code action}; a failure is logged as the mains log one: message and stack trace. */
    private static void logFailure(String what, java.util.concurrent.Callable<?> action) {
        try {
            Object result = action.call();
            LOG.info("event=test_step step=\"{}\" result={}", what, result);
        } catch (Exception e) {
            LOG.error("event=test_step_failed step=\"{}\" error=\"{}\"", what, e.toString(), e);
        }
    }
}
