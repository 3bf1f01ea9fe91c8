package dev.tally.common.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseUrlTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void errorsNeverShowThePasswordNotEvenInTheirCause() {
        for (String typed : java.util.List.of("http://u:pa/ss@host:8123/a/b", "http://u:s3cr3t@host name/",
                "http://u:s3cr3t@host:8123/db?x=1", "http://u:pa@ss@host:8123/a/b")) {
            assertThatThrownBy(() -> ClickHouseUrl.parse(typed, Map.of()))
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(t.getMessage()).as(typed).doesNotContain("pa/ss").doesNotContain("s3cr3t").doesNotContain("pa@ss");
                        }
                    });
        }
    }

    @Test
    void hostAndPortOnlyMeansTheTallyDatabaseAsTheDefaultUser() {
        ClickHouseUrl url = ClickHouseUrl.parse("http://127.0.0.1:8123", NO_ENV);

        assertThat(url).isEqualTo(new ClickHouseUrl("http", "127.0.0.1", 8123, "tally", "default", ""));
        assertThat(url.httpUrl()).isEqualTo("http://127.0.0.1:8123");
        assertThat(url.jdbcUrl())
                .isEqualTo("jdbc:clickhouse:http://127.0.0.1:8123/tally?compress=false&decompress=false&client_name=tally");
    }

    @Test
    void pathNamesTheDatabaseAndSchemeGivesTheDefaultPort() {
        assertThat(ClickHouseUrl.parse("https://ch.example.com/billing/", NO_ENV))
                .isEqualTo(new ClickHouseUrl("https", "ch.example.com", 8443, "billing", "default", ""));
        assertThat(ClickHouseUrl.parse("http://ch:8123/", NO_ENV).database()).isEqualTo("tally");
        assertThat(ClickHouseUrl.parse("HTTP://ch", NO_ENV).port()).isEqualTo(8123);
    }

    @Test
    void credentialsInTheUrlWinOverTheEnvironmentAndAreDecoded() {
        Map<String, String> env = Map.of("CLICKHOUSE_USER", "env-user", "CLICKHOUSE_PASSWORD", "env-secret");

        ClickHouseUrl fromUrl = ClickHouseUrl.parse("http://tally:p%40ss+word@ch:8123/tally", env);
        ClickHouseUrl fromEnv = ClickHouseUrl.parse("http://ch:8123/tally", env);

        assertThat(fromUrl.user()).isEqualTo("tally");
        assertThat(fromUrl.password()).isEqualTo("p@ss+word");
        assertThat(fromEnv.user()).isEqualTo("env-user");
        assertThat(fromEnv.password()).isEqualTo("env-secret");
        assertThat(fromEnv.jdbcProperties()).containsEntry("user", "env-user").containsEntry("password", "env-secret");
    }

    @Test
    void neitherToStringNorTheJdbcUrlNorErrorsShowThePassword() {
        ClickHouseUrl url = ClickHouseUrl.parse("http://tally:s3cret@ch:8123/tally", NO_ENV);

        assertThat(url.toString()).isEqualTo("http://tally@ch:8123/tally").doesNotContain("s3cret");
        assertThat(url.jdbcUrl()).doesNotContain("s3cret");
        assertThat(url.withDatabase("other").toString()).isEqualTo("http://tally@ch:8123/other");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://tally:s3cret@ch:8123/a/b", NO_ENV))
                .hasMessageContaining("at most one database")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void rejectsWhatTallyCannotUse() {
        assertThatThrownBy(() -> ClickHouseUrl.parse("ch:8123", NO_ENV)).hasMessageContaining("not a ClickHouse URL");
        assertThatThrownBy(() -> ClickHouseUrl.parse("tcp://ch:9000", NO_ENV)).hasMessageContaining("http or https");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://ch:8123/tally?compress=true", NO_ENV))
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> ClickHouseUrl.parse("http://ch:8123/bad-name", NO_ENV))
                .hasMessageContaining("letters, digits and _");
    }

    @Test
    void ipv6HostsAreBracketedInUrls() {
        ClickHouseUrl url = ClickHouseUrl.parse("http://[::1]:8123", NO_ENV);

        assertThat(url.httpUrl()).isEqualTo("http://[::1]:8123");
    }
}
