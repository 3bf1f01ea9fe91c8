package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.local.clickhouse.TestClickHouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code tally migrate}: applies the schema once, is safe to re-run, and says clearly when it cannot connect. */
class MigrateCommandIT {

    @Test
    void migrateAppliesEveryFileOnceAndARerunAppliesNothing() {
        ClickHouseUrl server = TestClickHouse.server();
        String database = "it_migrate_" + UUID.randomUUID().toString().replace("-", "");

        Result first = run("migrate", "--clickhouse", server.httpUrl(), "--database", database);
        Result second = run("migrate", "--clickhouse", server.httpUrl(), "--database", database);

        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).contains("applied  V0001__ingest_samples_hourly.sql")
                .contains("applied  V0002__log_usage_hourly.sql")
                .contains("applied  V0003__usage.sql")
                .contains("applied  V0004__cost_exports.sql")
                .contains("applied  V0005__rightsizing_recommendations.sql")
                .contains("applied  V0006__cost_allocation.sql")
                .contains("applied  V0007__report_versions.sql")
                .contains("applied  V0008__rightsizing_price_source.sql")
                .contains("applied  V0009__cost_allocation_origin.sql")
                .contains("is at schema version 9 (9 applied now, 0 already applied)");
        assertThat(second.exit).isZero();
        assertThat(second.out).doesNotContain("applied  V")
                .contains("is at schema version 9 (0 applied now, 9 already applied)");
    }

    @Test
    void aPortWhereNoClickHouseListensIsOneLineNamingTheServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result result = run("migrate", "--clickhouse", "http://127.0.0.1:" + closedPort);

        assertThat(result.exit).isEqualTo(1);
        assertThat(result.err.lines()).hasSize(1);
        assertThat(result.err).startsWith("tally migrate: ")
                .contains("127.0.0.1:" + closedPort)
                .doesNotContain("Exception:");
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
