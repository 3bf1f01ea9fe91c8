package dev.tally.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.local.security.Keytool;
import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tally's Kafka clients over mutual TLS, configured only through {@link KafkaClientSecurity}'s
 * environment variables, against the in-JVM broker with an SSL listener that requires client
 * certificates (as Strimzi's {@code tls} listener on 9093). The CA, the broker's and a user's
 * certificates are made at test time with the JDK's keytool, laid out as Strimzi's Secrets are:
 * the cluster CA's {@code ca.p12} + {@code ca.password}, the user's {@code user.p12} + {@code user.password}.
 */
class KafkaTlsIT {

    private static Path dir;
    private static LocalKafka kafka;
    private static String tlsBootstrap;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void brokerWithTlsListener() throws Exception {
        dir = Files.createDirectories(Path.of("target")).resolve("kafka-tls-" + System.nanoTime());
        Path certs = Files.createDirectories(dir.resolve("certs"));
        TestCertificates.Made made = TestCertificates.make(certs);
        int tlsPort;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("localhost", 0));
            tlsPort = free.getLocalPort();
        }
        kafka = LocalKafka.start(new LocalKafkaConfig(dir.resolve("data"), 0, 0, 1), Optional.of(new ExtraListener("SSL", tlsPort, Map.of(
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", made.brokerKeystore().toString(),
                "ssl.keystore.password", made.brokerPassword(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", made.caTruststore().toString(),
                "ssl.truststore.password", made.caPassword(),
                "ssl.client.auth", "required"))));
        tlsBootstrap = "localhost:" + tlsPort;
        userEnv = Map.of(
                KafkaConnection.BOOTSTRAP_SERVERS_ENV, tlsBootstrap,
                KafkaClientSecurity.PROTOCOL_ENV, "SSL",
                KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV, made.caTruststore().toString(),
                KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV + KafkaClientSecurity.FILE_SUFFIX, made.caPasswordFile().toString(),
                KafkaClientSecurity.KEYSTORE_LOCATION_ENV, made.userKeystore().toString(),
                KafkaClientSecurity.KEYSTORE_PASSWORD_ENV + KafkaClientSecurity.FILE_SUFFIX, made.userPasswordFile().toString());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        DataFolder.deleteRecursively(dir);
    }

    @Test
    void aProducerAndAConsumerConfiguredOnlyByTheEnvironmentExchangeRecordsOverMutualTls() throws Exception {
        KafkaConnection connection = KafkaConnection.of(KafkaConnection.bootstrapServersFromEnv(userEnv).orElseThrow(), userEnv);
        String topic = "tls-" + System.nanoTime();
        try (Admin admin = Admin.create(new HashMap<>(connection.clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(1, TimeUnit.MINUTES);
        }
        Map<String, Object> producerConfig = new HashMap<>(connection.clientProperties());
        producerConfig.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get(1, TimeUnit.MINUTES);
            }
        }

        List<ConsumerRecord<String, String>> read = readAll(connection, topic, 10);

        assertThat(read).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
                        "value-5", "value-6", "value-7", "value-8", "value-9");
    }

    @Test
    void theCostImportersTransactionalProducerCommitsOverMutualTls() {
        KafkaConnection connection = KafkaConnection.of(tlsBootstrap, userEnv);
        String reason = "tls-check-" + System.nanoTime();
        try (KafkaCostSink sink = new KafkaCostSink(connection, Clock.systemUTC())) {
            sink.begin("subscriptions/tls", "run-tls");
            sink.rejected("subscriptions/tls", "run-tls", new CostRejection("export.csv", 7, null, reason));
            sink.commit();
        }

        // read_committed: the letter is there only because the transaction committed over TLS
        List<ConsumerRecord<String, String>> letters = readAll(connection, Topic.DEAD_LETTER.topicName(), 1);

        assertThat(letters).extracting(ConsumerRecord::value).singleElement().asString()
                .contains(reason).contains("export.csv");
    }

    @Test
    void withoutTheUsersCertificateTheBrokerRefusesTheClient() {
        // trust the broker but present no client certificate: ssl.client.auth=required turns it away
        Map<String, String> withoutKeystore = new HashMap<>(userEnv);
        withoutKeystore.remove(KafkaClientSecurity.KEYSTORE_LOCATION_ENV);
        withoutKeystore.remove(KafkaClientSecurity.KEYSTORE_PASSWORD_ENV + KafkaClientSecurity.FILE_SUFFIX);
        KafkaConnection anonymous = KafkaConnection.of(tlsBootstrap, withoutKeystore);
        Map<String, Object> config = new HashMap<>(anonymous.clientProperties());
        config.put("default.api.timeout.ms", "20000");
        config.put("request.timeout.ms", "10000");

        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(1, TimeUnit.MINUTES))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaConnection connection, String topic, int expected) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(connection, "tls-it-" + topic)) {
            consumer.subscribe(List.of(topic));
            // bounded by polls, not by time: 60 empty polls of 1 s each end it with what arrived
            for (int emptyPolls = 0; read.size() < expected && emptyPolls < 60; ) {
                int before = read.size();
                consumer.poll(Duration.ofSeconds(1)).forEach(read::add);
                emptyPolls = read.size() == before ? emptyPolls + 1 : 0;
            }
        }
        return read;
    }

    private static KafkaConsumer<String, String> consumer(KafkaConnection connection, String group) {
        Map<String, Object> config = new HashMap<>(connection.clientProperties());
        config.put("group.id", group);
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** A CA, a broker certificate for localhost and a user certificate, with the JDK's keytool. */
    static final class TestCertificates {

        record Made(Path caTruststore, String caPassword, Path caPasswordFile, Path brokerKeystore, String brokerPassword,
                    Path userKeystore, Path userPasswordFile) {
        }

        static Made make(Path dir) throws IOException, InterruptedException {
            String caPassword = "ca-" + System.nanoTime();
            String brokerPassword = "broker-" + System.nanoTime();
            String userPassword = "user-" + System.nanoTime();
            Path caKeys = dir.resolve("ca-keys.p12");
            Path caCert = dir.resolve("ca.crt");
            Path caP12 = dir.resolve("ca.p12");
            Keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=tally-test-cluster-ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-ext", "bc:c", "-validity", "2", "-keystore", caKeys.toString(), "-storetype", "PKCS12", "-storepass", caPassword);
            Keytool.run("-exportcert", "-rfc", "-alias", "ca", "-file", caCert.toString(), "-keystore", caKeys.toString(), "-storepass", caPassword);
            // as Strimzi's <cluster>-cluster-ca-cert Secret: ca.p12 holds the CA certificate only
            Keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", caP12.toString(),
                    "-storetype", "PKCS12", "-storepass", caPassword);
            Path broker = signed(dir, "broker", "CN=localhost", brokerPassword, caKeys, caCert, caPassword,
                    "SAN=dns:localhost,ip:127.0.0.1");
            // as Strimzi's KafkaUser Secret: user.p12 with the user's key and certificate, CN = the user's name
            Path user = signed(dir, "user", "CN=tally-usage-job", userPassword, caKeys, caCert, caPassword, null);
            return new Made(caP12, caPassword, Files.writeString(dir.resolve("ca.password"), caPassword, StandardCharsets.UTF_8),
                    broker, brokerPassword, user, Files.writeString(dir.resolve("user.password"), userPassword, StandardCharsets.UTF_8));
        }

        private static Path signed(Path dir, String name, String dname, String password, Path caKeys, Path caCert,
                                   String caPassword, String san) throws IOException, InterruptedException {
            Path store = dir.resolve(name + ".p12");
            Path request = dir.resolve(name + ".csr");
            Path cert = dir.resolve(name + ".crt");
            Keytool.run("-genkeypair", "-alias", name, "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
            Keytool.run("-certreq", "-alias", name, "-file", request.toString(), "-keystore", store.toString(), "-storepass", password);
            List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-infile", request.toString(),
                    "-outfile", cert.toString(), "-validity", "2", "-keystore", caKeys.toString(), "-storepass", caPassword));
            if (san != null) {
                gencert.addAll(List.of("-ext", san));
            }
            Keytool.run(gencert.toArray(String[]::new));
            Keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", store.toString(), "-storepass", password);
            Keytool.run("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-keystore", store.toString(), "-storepass", password);
            return store;
        }
    }
}
