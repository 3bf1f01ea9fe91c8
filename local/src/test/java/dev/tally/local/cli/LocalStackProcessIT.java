package dev.tally.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.local.stack.StackFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code tally up} and {@code tally down} as separate processes, the way a user runs them:
 * the endpoints answer, data survives a restart, and nothing is left running after down.
 */
class LocalStackProcessIT {
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void upServesEveryEndpointDownStopsEverythingAndDataSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("tally-it-up");
        int kafkaPort = freePort();
        int clickHousePort = freePort();
        int flinkPort = freePort();
        int gatewayPort = freePort();
        String[] ports = {"--data", data.toString(), "--kafka-port", "" + kafkaPort, "--gateway-port", "" + gatewayPort,
                "--clickhouse-port", "" + clickHousePort, "--flink-port", "" + flinkPort};
        ClickHouseUrl clickHouse = ClickHouseUrl.parse("http://127.0.0.1:" + clickHousePort + "/tally");

        StackFile firstRun;
        try (TallyProcess up = TallyProcess.start(concat("up", ports))) {
            up.awaitLine(line -> line.startsWith("Stop it with"), START_TIMEOUT);
            assertThat(up.output()).containsPattern("Kafka       (localhost|127\\.0\\.0\\.1):" + kafkaPort)
                    .contains("ClickHouse  http://127.0.0.1:" + clickHousePort)
                    .contains("Flink UI    http://127.0.0.1:" + flinkPort);

            assertThat(kafkaTopics(kafkaPort)).containsAll(Topic.all().stream().map(Topic::topicName).toList());
            assertThat(httpGet("http://127.0.0.1:" + clickHousePort + "/ping")).isEqualTo("Ok.\n");
            assertThat(httpGet("http://127.0.0.1:" + flinkPort + "/overview")).contains("\"taskmanagers\":1");
            assertThat(httpGet("http://127.0.0.1:" + flinkPort + "/jobs/overview"))
                    .contains("\"name\":\"tally ingest samples\"", "\"name\":\"tally usage\"", "\"name\":\"tally log volume\"",
                            "\"name\":\"tally allocation\"")
                    .doesNotContain("FAILED");
            assertThat(httpGet("http://127.0.0.1:" + gatewayPort + "/ready")).isNotBlank();
            assertThat(data.resolve("gateway-tokens.properties")).content().contains("aks-prod-weu=", "aks-dev-weu=");
            try (Connection c = clickHouse.open(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tally.it_marker (note String) ENGINE = MergeTree ORDER BY note");
                s.execute("INSERT INTO tally.it_marker VALUES ('written before the restart')");
            }
            firstRun = StackFile.read(data.resolve("stack.json")).orElseThrow();
            assertThat(firstRun.pid()).isEqualTo(up.handle().pid());
            assertThat(firstRun.childPids()).isNotEmpty();

            stopWithDown(ports, up);
        }
        assertThat(firstRun.childPids()).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child " + pid + " alive").isFalse());
        assertThat(List.of(kafkaPort, clickHousePort, flinkPort, gatewayPort)).allSatisfy(port -> assertThat(isFree(port)).isTrue());
        assertThat(data.resolve("stack.json")).doesNotExist();

        try (TallyProcess up = TallyProcess.start(concat("up", ports))) {
            up.awaitLine(line -> line.startsWith("Stop it with"), START_TIMEOUT);
            try (Connection c = clickHouse.open(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT note FROM tally.it_marker")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("written before the restart");
            }
            stopWithDown(ports, up);
        }
    }

    @Test
    void ctrlCStopsTheStackAndItsChildren() throws Exception {
        // a process started in the background without job control (`cmd &` in a script) ignores
        // SIGINT, and so does every process it starts: the JVM then installs no handler, and Ctrl-C
        // cannot reach tally. CI runs the tests in the foreground; say so instead of failing elsewhere
        Assumptions.assumeFalse(interruptIgnored(), "SIGINT is ignored by this test's process tree (started in the background"
                + " without job control), so tally would inherit that: run the tests in the foreground to check Ctrl-C");
        Path data = Files.createTempDirectory("tally-it-ctrl-c");
        try (TallyProcess up = TallyProcess.start("up", "--data", data.toString(), "--kafka-port", "" + freePort(),
                "--clickhouse-port", "" + freePort(), "--flink-port", "" + freePort(), "--gateway-port", "" + freePort())) {
            up.awaitLine(line -> line.startsWith("Stop it with"), START_TIMEOUT);
            StackFile stack = StackFile.read(data.resolve("stack.json")).orElseThrow();

            signal("INT", up.handle().pid());

            assertThat(up.awaitExit(Duration.ofMinutes(1))).as(up.output()).isNotNegative();
            assertThat(up.output()).contains("stopping the local stack");
            assertThat(stack.childPids()).allSatisfy(pid -> awaitGone(pid, Duration.ofSeconds(10)));
            assertThat(data.resolve("stack.json")).doesNotExist();
        }
    }

    @Test
    void whenTheStackIsKilledOutrightItsClickHouseChildExitsByItselfAndDownCleansUp() throws Exception {
        Path data = Files.createTempDirectory("tally-it-kill");
        String[] options = {"--data", data.toString(), "--kafka-port", "" + freePort(),
                "--clickhouse-port", "" + freePort(), "--flink-port", "" + freePort(), "--gateway-port", "" + freePort()};
        try (TallyProcess up = TallyProcess.start(concat("up", options))) {
            up.awaitLine(line -> line.startsWith("Stop it with"), START_TIMEOUT);
            StackFile stack = StackFile.read(data.resolve("stack.json")).orElseThrow();

            signal("KILL", up.handle().pid());

            up.awaitExit(Duration.ofSeconds(30));
            assertThat(stack.childPids()).allSatisfy(pid -> awaitGone(pid, Duration.ofSeconds(10)));
        }
        try (TallyProcess down = TallyProcess.start(concat("down", options))) {
            assertThat(down.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        assertThat(data.resolve("stack.json")).doesNotExist();
    }

    @Test
    void downWithoutAStackSaysSoAndSucceeds() throws Exception {
        Path data = Files.createTempDirectory("tally-it-down");
        try (TallyProcess down = TallyProcess.start("down", "--data", data.toString())) {
            assertThat(down.awaitExit(Duration.ofMinutes(1))).isZero();
            assertThat(down.output()).contains("No local stack is running on " + data);
        }
    }

    @Test
    void aKafkaPortInUseIsOneClearLineAndExitCodeOne() throws Exception {
        Path data = Files.createTempDirectory("tally-it-busy");
        try (ServerSocket busy = new ServerSocket(0)) {
            try (TallyProcess up = TallyProcess.start("up", "--data", data.toString(), "--kafka-port", "" + busy.getLocalPort(),
                    "--clickhouse-port", "" + freePort(), "--flink-port", "" + freePort(), "--gateway-port", "" + freePort())) {
                assertThat(up.awaitExit(Duration.ofMinutes(2))).isEqualTo(1);
                assertThat(up.output()).contains("tally up: port " + busy.getLocalPort() + " is already in use");
                assertThat(up.output()).doesNotContain("\tat ");
            }
        }
    }

    private static void stopWithDown(String[] ports, TallyProcess up) throws Exception {
        try (TallyProcess down = TallyProcess.start(concat("down", ports))) {
            assertThat(down.awaitExit(Duration.ofMinutes(2))).isZero();
            assertThat(down.output()).contains("is stopped");
        }
        assertThat(up.awaitExit(Duration.ofSeconds(30))).isNotNegative();
        assertThat(up.handle().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status; false where there is no /proc). */
    static boolean interruptIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void awaitGone(long pid, Duration timeout) {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("process " + pid + " is still alive after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Set<String> kafkaTopics(int port) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
            return admin.listTopics().names().get();
        }
    }

    private static String httpGet(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
