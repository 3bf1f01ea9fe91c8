package dev.tally.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every place in the code base's main sources that builds a Kafka client (producer, consumer, admin,
 * Flink source or sink) takes its {@code bootstrap.servers} and TLS settings from
 * {@link KafkaConnection#clientProperties()}, so a new client cannot be forgotten when the cluster
 * requires mutual TLS. A grep over the sources: the builders are few and their names fixed.
 */
class KafkaClientsUseConnectionTest {

    private static final Pattern BUILDS_A_CLIENT = Pattern.compile(
            "new KafkaProducer\\s*<|new KafkaConsumer\\s*<|\\bAdmin(Client)?\\.create\\(|KafkaSource\\.<?[\\w<>]*>?builder\\(|KafkaSink\\.<?[\\w<>]*>?builder\\(");

    /**
     * Clients that only ever talk to an in-JVM broker started by the same code, on its plaintext
     * listener: the local stack's broker creating its own topics, and the benchmarks' producers,
     * consumers and admins.
     */
    private static final List<String> OWN_BROKER_ONLY = List.of(
            "local/src/main/java/dev/tally/local/kafka/LocalKafka.java",
            "bench/src/main/java/");

    @Test
    void everyKafkaClientIsBuiltFromKafkaConnectionProperties() {
        Map<String, String> clientFiles = clientBuildingFiles();

        // the grep must see the clients this test is about, or it would pass on nothing
        assertThat(clientFiles.keySet()).contains(
                "jobs/src/main/java/dev/tally/jobs/kafka/KafkaSources.java",
                "jobs/src/main/java/dev/tally/jobs/kafka/KafkaSinks.java",
                "ingest/src/main/java/dev/tally/ingest/gateway/kafka/GatewayProducer.java",
                "ingest/src/main/java/dev/tally/ingest/costs/importer/KafkaCostSink.java",
                "ingest/src/main/java/dev/tally/ingest/drift/RecommendationReader.java",
                "ingest/src/main/java/dev/tally/ingest/drift/InvalidRecordDeadLetters.java");
        List<String> withoutSecurity = clientFiles.entrySet().stream()
                .filter(e -> OWN_BROKER_ONLY.stream().noneMatch(e.getKey()::startsWith))
                .filter(e -> !e.getValue().contains(".clientProperties()"))
                .map(Map.Entry::getKey).toList();
        assertThat(withoutSecurity).as("files building a Kafka client without KafkaConnection.clientProperties()").isEmpty();
    }

    @Test
    void onlyTheLocalStackAndTheBenchmarksConnectWithoutTheEnvironmentsSecurity() {
        List<String> plaintext = mainSources().entrySet().stream()
                .filter(e -> e.getValue().contains("KafkaConnection.plaintext(") || e.getValue().contains("KafkaClientSecurity.plaintext()"))
                .map(Map.Entry::getKey)
                .filter(path -> !path.startsWith("local/") && !path.startsWith("bench/") && !path.startsWith("common/"))
                // the config records' defaults, replaced by the loaders' fromEnv
                .filter(path -> !path.endsWith("/gateway/kafka/KafkaSettings.java") && !path.endsWith("/drift/DriftExporterConfig.java"))
                .toList();
        assertThat(plaintext).as("deployed components that would ignore TALLY_KAFKA_SECURITY_PROTOCOL").isEmpty();
    }

    private static Map<String, String> clientBuildingFiles() {
        Map<String, String> files = new TreeMap<>();
        mainSources().forEach((path, text) -> {
            if (BUILDS_A_CLIENT.matcher(text).find()) {
                files.put(path, text);
            }
        });
        return files;
    }

    /** Every module's {@code src/main/java}, by path relative to the project root. */
    private static Map<String, String> mainSources() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("jobs/src/main/java")).as("project root above common/").isDirectory();
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        sources.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }
}
