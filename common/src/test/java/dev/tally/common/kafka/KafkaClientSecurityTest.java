package dev.tally.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {

    @TempDir
    Path dir;

    @Test
    void withoutVariablesClientsTalkPlaintext() {
        KafkaClientSecurity security = KafkaClientSecurity.fromEnv(Map.of());

        assertThat(security.protocol()).isEqualTo(KafkaClientSecurity.Protocol.PLAINTEXT);
        assertThat(KafkaConnection.of("kafka:9092", Map.of()).clientProperties())
                .containsExactly(Map.entry("bootstrap.servers", "kafka:9092"), Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void strimziSecretsMapToMutualTlsPropertiesWithPasswordsFromTheirFiles() throws IOException {
        Path ca = strimziFile("ca.p12", "not read here");
        Path caPassword = strimziFile("ca.password", "ca-s3cret\n"); // an editor's newline is not part of it
        Path user = strimziFile("user.p12", "not read here");
        Path userPassword = strimziFile("user.password", "user-s3cret");
        Map<String, String> env = Map.of(
                KafkaConnection.BOOTSTRAP_SERVERS_ENV, "tally-kafka-bootstrap:9093",
                KafkaClientSecurity.PROTOCOL_ENV, "ssl",
                KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV, ca.toString(),
                KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV + "_FILE", caPassword.toString(),
                KafkaClientSecurity.KEYSTORE_LOCATION_ENV, user.toString(),
                KafkaClientSecurity.KEYSTORE_PASSWORD_ENV + "_FILE", userPassword.toString());

        KafkaConnection kafka = KafkaConnection.of(KafkaConnection.bootstrapServersFromEnv(env).orElseThrow(), env);

        assertThat(kafka.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "tally-kafka-bootstrap:9093",
                "security.protocol", "SSL",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", ca.toString(),
                "ssl.truststore.password", "ca-s3cret",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", user.toString(),
                "ssl.keystore.password", "user-s3cret"));
        assertThat(kafka.toString()).contains(ca.toString()).contains(user.toString())
                .doesNotContain("ca-s3cret").doesNotContain("user-s3cret");
    }

    @Test
    void aPasswordMayComeFromItsVariable() throws IOException {
        Path ca = strimziFile("ca.p12", "x");
        KafkaClientSecurity security = KafkaClientSecurity.fromEnv(Map.of(
                KafkaClientSecurity.PROTOCOL_ENV, "SSL",
                KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV, ca.toString(),
                KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV, "pw"));

        assertThat(security.clientProperties()).containsEntry("ssl.truststore.password", "pw")
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void theOldCliBootstrapVariableStillWorksWhenTheCommonOneIsUnset() {
        assertThat(KafkaConnection.bootstrapServersFromEnv(Map.of("TALLY_KAFKA_BOOTSTRAP", "old:9092"))).contains("old:9092");
        assertThat(KafkaConnection.bootstrapServersFromEnv(Map.of("TALLY_KAFKA_BOOTSTRAP", "old:9092",
                "TALLY_KAFKA_BOOTSTRAP_SERVERS", "new:9093"))).contains("new:9093");
        assertThat(KafkaConnection.bootstrapServersFromEnv(Map.of())).isEmpty();
    }

    @Test
    void misconfigurationsNameTheVariableAndNeverThePassword() throws IOException {
        Path ca = strimziFile("ca.p12", "x");
        Path caPassword = strimziFile("ca.password", "hunter2");
        String truststore = KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV;
        String password = KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV;

        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SASL_SSL")))
                .hasMessageContaining(KafkaClientSecurity.PROTOCOL_ENV).hasMessageContaining("SASL_SSL");
        // stores without SSL would be ignored by Kafka: records would go out in clear
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(truststore, ca.toString(), password, "hunter2")))
                .hasMessageContaining("PLAINTEXT").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SSL", truststore, ca.toString())))
                .hasMessageContaining(password);
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SSL", truststore, ca.toString(),
                password, "hunter2", password + "_FILE", caPassword.toString())))
                .hasMessageContaining(password + "_FILE").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SSL",
                truststore, dir.resolve("missing.p12").toString(), password, "hunter2")))
                .hasMessageContaining(truststore).hasMessageContaining("missing.p12").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SSL", truststore, ca.toString(),
                password + "_FILE", dir.resolve("no-password").toString())))
                .hasMessageContaining(password + "_FILE").hasMessageContaining("no-password");
        assertThatThrownBy(() -> KafkaClientSecurity.fromEnv(Map.of(KafkaClientSecurity.PROTOCOL_ENV, "SSL", password, "hunter2")))
                .hasMessageContaining(truststore).hasMessageNotContaining("hunter2");
    }

    private Path strimziFile(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
