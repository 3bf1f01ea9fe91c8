package dev.tally.jobs.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageJobMainTest {

    @Test
    void settingsComeFromTheEnvironmentWithTheClickHouseCredentialsApart() {
        UsageJobMain.Settings settings = UsageJobMain.Settings.fromEnv(Map.of(
                UsageJobMain.ENV_KAFKA_BOOTSTRAP_SERVERS, " tally-kafka-bootstrap:9092 ",
                UsageJobMain.ENV_CLICKHOUSE_URL, "http://clickhouse-tally:8123/tally",
                "CLICKHOUSE_USER", "tally_writer",
                "CLICKHOUSE_PASSWORD", "s3cret"));

        assertThat(settings.kafkaBootstrapServers()).isEqualTo("tally-kafka-bootstrap:9092");
        assertThat(settings.clickHouse().host()).isEqualTo("clickhouse-tally");
        assertThat(settings.clickHouse().port()).isEqualTo(8123);
        assertThat(settings.clickHouse().user()).isEqualTo("tally_writer");
        assertThat(settings.clickHouse().password()).isEqualTo("s3cret");
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> UsageJobMain.Settings.fromEnv(Map.of(UsageJobMain.ENV_KAFKA_BOOTSTRAP_SERVERS, "k:9092")))
                .hasMessageContaining(UsageJobMain.ENV_CLICKHOUSE_URL);
        assertThatThrownBy(() -> UsageJobMain.Settings.fromEnv(Map.of(UsageJobMain.ENV_CLICKHOUSE_URL, "http://c:8123",
                UsageJobMain.ENV_KAFKA_BOOTSTRAP_SERVERS, "  ")))
                .hasMessageContaining(UsageJobMain.ENV_KAFKA_BOOTSTRAP_SERVERS);
    }
}
