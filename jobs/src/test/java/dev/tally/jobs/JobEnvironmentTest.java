package dev.tally.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.jobs.clickhouse.ClickHouseRetry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

    @Test
    void settingsComeFromTheEnvironmentWithTheClickHouseCredentialsApart() {
        JobEnvironment settings = JobEnvironment.fromEnv("usage", Map.of(
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, " tally-kafka-bootstrap:9092 ",
                JobEnvironment.CLICKHOUSE_URL, "http://clickhouse-tally:8123/tally",
                "CLICKHOUSE_USER", "tally_writer",
                "CLICKHOUSE_PASSWORD", "s3cret"));

        assertThat(settings.kafka().bootstrapServers()).isEqualTo("tally-kafka-bootstrap:9092");
        assertThat(settings.clickHouse().host()).isEqualTo("clickhouse-tally");
        assertThat(settings.clickHouse().port()).isEqualTo(8123);
        assertThat(settings.clickHouse().user()).isEqualTo("tally_writer");
        assertThat(settings.clickHouse().password()).isEqualTo("s3cret");
        assertThat(settings.clickHouseSink().retry()).as("no retry variables: the defaults").isEqualTo(ClickHouseRetry.defaults());
    }

    @Test
    void theClickHouseOutageBudgetComesFromTheEnvironmentAndAMistakeNamesTheJob() {
        JobEnvironment settings = JobEnvironment.fromEnv("usage", Map.of(
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "k:9092", JobEnvironment.CLICKHOUSE_URL, "http://c:8123",
                ClickHouseRetry.MAX_BACKOFF_ENV, "10s", ClickHouseRetry.OUTAGE_BUDGET_ENV, "30m"));
        assertThat(settings.clickHouseSink().retry())
                .isEqualTo(new ClickHouseRetry(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(30)));
        assertThat(settings.clickHouseSink().clickHouse()).isEqualTo(settings.clickHouse());

        assertThatThrownBy(() -> JobEnvironment.fromEnv("allocation", Map.of(
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "k:9092", JobEnvironment.CLICKHOUSE_URL, "http://c:8123",
                ClickHouseRetry.OUTAGE_BUDGET_ENV, "forever")))
                .hasMessageContaining("allocation job").hasMessageContaining(ClickHouseRetry.OUTAGE_BUDGET_ENV);
    }

    @Test
    void aMissingVariableIsNamedWithTheJob() {
        assertThatThrownBy(() -> JobEnvironment.fromEnv("allocation", Map.of(JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "k:9092")))
                .hasMessageContaining("allocation job").hasMessageContaining(JobEnvironment.CLICKHOUSE_URL);
        assertThatThrownBy(() -> JobEnvironment.fromEnv("usage", Map.of(JobEnvironment.CLICKHOUSE_URL, "http://c:8123",
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "  ")))
                .hasMessageContaining(JobEnvironment.KAFKA_BOOTSTRAP_SERVERS);
    }

    @Test
    void kafkaTlsComesFromTheEnvironmentAndAMistakeNamesTheJob() {
        JobEnvironment plain = JobEnvironment.fromEnv("usage", Map.of(
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "k:9092", JobEnvironment.CLICKHOUSE_URL, "http://c:8123"));
        assertThat(plain.kafka().clientProperties()).containsEntry("security.protocol", "PLAINTEXT");

        assertThatThrownBy(() -> JobEnvironment.fromEnv("rightsizing", Map.of(
                JobEnvironment.KAFKA_BOOTSTRAP_SERVERS, "k:9093", JobEnvironment.CLICKHOUSE_URL, "http://c:8123",
                "TALLY_KAFKA_SECURITY_PROTOCOL", "SSL", "TALLY_KAFKA_SSL_KEYSTORE_PASSWORD", "hunter2")))
                .hasMessageContaining("rightsizing job").hasMessageContaining("TALLY_KAFKA_SSL_KEYSTORE_LOCATION")
                .hasMessageNotContaining("hunter2");
    }
}
