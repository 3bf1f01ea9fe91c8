package dev.tally.local.clickhouse;

import dev.tally.local.stack.DataFolder;
import dev.tally.common.clickhouse.ClickHouseUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The local ClickHouse endpoint through the real clickhouse-jdbc driver. The driver-facing stories
 * use {@link TestClickHouse}, so they also pass against a real server ({@code CLICKHOUSE_URL}); the
 * lifecycle stories start their own endpoints.
 */
class LocalClickHouseIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ClickHouseUrl db;

    @BeforeAll
    static void createDatabase() throws SQLException {
        db = TestClickHouse.createDatabase("local_clickhouse_it");
    }

    // ---- the HTTP interface ------------------------------------------------------------------------

    @Test
    void pingAndRootAnswerOk() throws Exception {
        HttpResponse<String> ping = get("/ping");
        HttpResponse<String> root = get("/");

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("Ok.\n");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("Ok.\n");
    }

    @Test
    void errorsComeBackAsClickHouseDoes() throws Exception {
        HttpResponse<String> syntax = post("/", "SELEC 1");
        HttpResponse<String> unknownTable = post("/?query=" + encode("SELECT * FROM " + db.database() + ".nope"), "");

        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(syntax.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("62");
        assertThat(syntax.body()).startsWith("Code: 62. DB::Exception: Syntax error").contains("(SYNTAX_ERROR)");
        assertThat(unknownTable.statusCode()).isEqualTo(404);
        assertThat(unknownTable.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
        assertThat(unknownTable.body()).startsWith("Code: 60. DB::Exception: ").contains("(UNKNOWN_TABLE)");
    }

    @Test
    void queryParameterBodyFormatAndSettingsFollowClickHouseRules() throws Exception {
        // the query parameter, a line break, then the body
        HttpResponse<String> combined = post("/?query=" + encode("SELECT 1 +"), "41");
        HttpResponse<String> json = post("/?default_format=JSONEachRow", "SELECT 7 AS n");
        HttpResponse<String> clause = post("/?default_format=JSONEachRow", "SELECT 7 AS n FORMAT CSV");
        HttpResponse<String> setting = post("/?max_threads=3", "SELECT getSetting('max_threads')");
        HttpResponse<String> afterSetting = post("/", "SELECT getSetting('max_threads') = 3");
        // param_ values are in ClickHouse's escaped text form: \t is one tab
        HttpResponse<String> parameter = post("/?param_s=" + encode("a\\tb"), "SELECT length({s:String})");

        assertThat(combined.body()).isEqualTo("42\n");
        assertThat(json.body()).isEqualTo("{\"n\":7}\n");
        assertThat(json.headers().firstValue("X-ClickHouse-Format")).hasValue("JSONEachRow");
        assertThat(clause.body()).isEqualTo("7\n");
        assertThat(setting.body()).isEqualTo("3\n");
        assertThat(afterSetting.body()).as("a setting applies to its request only").isEqualTo("0\n");
        assertThat(parameter.body()).isEqualTo("3\n");
    }

    @Test
    void binaryFormatsTravelByteExactBothWays() throws Exception {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE raw_bytes (id UInt32, payload String) ENGINE = MergeTree ORDER BY id");
        }
        // RowBinary: UInt32 little-endian, then a String as LEB128 length + bytes (not valid UTF-8)
        byte[] rowBinary = {7, 0, 0, 0, 3, (byte) 0xff, 0x00, (byte) 0x80};
        HttpResponse<String> insert = postBytes("/?database=" + db.database() + "&query="
                + encode("INSERT INTO raw_bytes FORMAT RowBinary"), rowBinary);
        HttpResponse<byte[]> select = HTTP.send(request("/?database=" + db.database())
                        .header("X-ClickHouse-Format", "RowBinaryWithNamesAndTypes")
                        .POST(HttpRequest.BodyPublishers.ofString("SELECT id, payload FROM raw_bytes")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(insert.statusCode()).as(insert.body()).isEqualTo(200);
        assertThat(insert.headers().firstValue("X-ClickHouse-Summary").orElseThrow()).contains("\"written_rows\":\"1\"");
        assertThat(select.body()).containsExactly(
                2, 2, 'i', 'd', 7, 'p', 'a', 'y', 'l', 'o', 'a', 'd',
                6, 'U', 'I', 'n', 't', '3', '2', 6, 'S', 't', 'r', 'i', 'n', 'g',
                7, 0, 0, 0, 3, (byte) 0xff, 0x00, (byte) 0x80);
    }

    // ---- through the JDBC driver ------------------------------------------------------------------

    @Test
    void ddlCreatesADatabaseAndAMergeTreeTable() throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + db.database() + "_ddl");
            statement.execute("CREATE TABLE " + db.database() + "_ddl.usage_hourly (hour DateTime('UTC'), "
                    + "namespace LowCardinality(String), cpu_core_hours Float64) "
                    + "ENGINE = MergeTree ORDER BY (namespace, hour)");

            int inserted = statement.executeUpdate("INSERT INTO " + db.database() + "_ddl.usage_hourly "
                    + "SELECT toDateTime('2024-01-01 00:00:00', 'UTC') + number * 3600, 'payments', 0.25 FROM numbers(24)");
            assertThat(inserted).as("written_rows of the INSERT").isEqualTo(24);

            try (ResultSet rs = statement.executeQuery("SELECT engine, sorting_key FROM system.tables WHERE database = '"
                    + db.database() + "_ddl' AND name = 'usage_hourly'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("engine")).isEqualTo("MergeTree");
                assertThat(rs.getString("sorting_key")).isEqualTo("namespace, hour");
                assertThat(rs.next()).isFalse();
            }
            statement.execute("DROP DATABASE " + db.database() + "_ddl");
        }
    }

    @Test
    void batchInsertOf100kRowsReadsBackExactCountAndSum() throws SQLException {
        int rows = 100_000;
        try (Connection connection = db.open()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE batch (id UInt64, namespace String, cost Decimal(18, 6)) "
                        + "ENGINE = MergeTree ORDER BY id");
            }
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO batch (id, namespace, cost) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "ns-" + (i % 7));
                    insert.setBigDecimal(3, new BigDecimal("0.000001").multiply(BigDecimal.valueOf(i)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long insertMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("LocalClickHouseIT: PreparedStatement batch insert of %,d rows took %d ms%n", rows, insertMillis);

            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                         "SELECT count(), sum(id), sum(cost), uniqExact(namespace) FROM batch")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(100_000L);
                assertThat(rs.getLong(2)).isEqualTo(5_000_050_000L);
                assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(new BigDecimal("5000.050000"));
                assertThat(rs.getLong(4)).isEqualTo(7L);
            }
        }
    }

    @Test
    void everyColumnTypeTallyUsesComesBackExactly() throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE typed (id UInt8, at DateTime64(3, 'UTC'), cost Decimal(18, 6), "
                    + "team LowCardinality(String), labels Map(String, String), restarts Nullable(Int64), "
                    + "tags Array(String), samples Array(Float64)) ENGINE = MergeTree ORDER BY id");
            statement.execute("INSERT INTO typed VALUES "
                    + "(1, '2024-05-01 12:34:56.789', 12345.678901, 'payments', {'app': 'api', 'tier': 'gold'}, NULL, "
                    + "['a', 'b'], [0.5, 1.25]), "
                    + "(2, '2024-12-31 23:59:59.001', -0.000001, 'search', {}, 42, [], [-3.75])");

            try (ResultSet rs = statement.executeQuery("SELECT * FROM typed ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp("at").toInstant()).isEqualTo(Instant.parse("2024-05-01T12:34:56.789Z"));
                assertThat(rs.getBigDecimal("cost")).isEqualTo(new BigDecimal("12345.678901"));
                assertThat(rs.getString("team")).isEqualTo("payments");
                assertThat(rs.getObject("labels")).isEqualTo(Map.of("app", "api", "tier", "gold"));
                assertThat(rs.getObject("restarts")).isNull();
                assertThat(rs.getLong("restarts")).isZero();
                assertThat(rs.wasNull()).isTrue();
                assertThat(arrayOf(rs.getArray("tags"))).containsExactly("a", "b");
                assertThat(arrayOf(rs.getArray("samples"))).containsExactly(0.5, 1.25);

                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp("at").toInstant()).isEqualTo(Instant.parse("2024-12-31T23:59:59.001Z"));
                assertThat(rs.getBigDecimal("cost")).isEqualTo(new BigDecimal("-0.000001"));
                assertThat(rs.getString("team")).isEqualTo("search");
                assertThat(rs.getObject("labels")).isEqualTo(Map.of());
                assertThat(rs.getLong("restarts")).isEqualTo(42L);
                assertThat(rs.wasNull()).isFalse();
                assertThat(arrayOf(rs.getArray("tags"))).isEmpty();
                assertThat(arrayOf(rs.getArray("samples"))).containsExactly(-3.75);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void connectionsFromTheUrlAndItsDataSourceUseItsDatabase() throws SQLException {
        try (Connection fromUrl = db.open(); Connection fromDataSource = db.dataSource().getConnection();
             Statement first = fromUrl.createStatement(); Statement second = fromDataSource.createStatement();
             ResultSet viaUrl = first.executeQuery("SELECT currentDatabase()");
             ResultSet viaDataSource = second.executeQuery("SELECT currentDatabase()")) {
            assertThat(viaUrl.next()).isTrue();
            assertThat(viaDataSource.next()).isTrue();
            assertThat(viaUrl.getString(1)).isEqualTo(db.database());
            assertThat(viaDataSource.getString(1)).isEqualTo(db.database());
        }
    }

    @Test
    void malformedSqlSurfacesClickHousesSyntaxError() throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Code: 62")
                    .hasMessageContaining("Syntax error");
        }
    }

    @Test
    void unknownTableSurfacesCode60() throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Code: 60")
                    .hasMessageContaining("UNKNOWN_TABLE");
        }
    }

    @Test
    void eightThreadsAtOnceEachGetTheirOwnDatabaseAndAnswer() throws Exception {
        // Same table name in two databases with different contents: an answer from the wrong
        // database (or a setting leaking between requests) shows up as a wrong number.
        ClickHouseUrl other = TestClickHouse.createDatabase("local_clickhouse_it_other");
        for (ClickHouseUrl url : List.of(db, other)) {
            try (Connection connection = url.open(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE numbers_here (n UInt64) ENGINE = MergeTree ORDER BY n");
                int size = url.equals(db) ? 1_000 : 2_000;
                statement.execute("INSERT INTO numbers_here SELECT number FROM numbers(" + size + ")");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                ClickHouseUrl url = thread % 2 == 0 ? db : other;
                int offset = thread;
                Callable<List<String>> task = () -> {
                    List<String> got = new ArrayList<>();
                    try (Connection connection = url.open(); Statement statement = connection.createStatement()) {
                        for (int i = 0; i < 25; i++) {
                            try (ResultSet rs = statement.executeQuery("SELECT count() + " + offset
                                    + ", sum(n), currentDatabase() FROM numbers_here")) {
                                rs.next();
                                got.add(rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3));
                            }
                        }
                    }
                    return got;
                };
                answers.add(pool.submit(task));
            }
            for (int thread = 0; thread < 8; thread++) {
                String expected = thread % 2 == 0
                        ? (1_000 + thread) + "/499500/" + db.database()
                        : (2_000 + thread) + "/1999000/" + other.database();
                assertThat(answers.get(thread).get()).hasSize(25).containsOnly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDriverUrlWithoutCompressFalseIsToldWhatToChange() throws SQLException {
        assumeFalse(TestClickHouse.isExternal(), "a real server implements compressed framing");
        String compressing = db.jdbcUrl().replace("compress=false&decompress=false&", "");
        try (Connection connection = new com.clickhouse.jdbc.Driver().connect(compressing, db.jdbcProperties());
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("add compress=false to the JDBC URL");
        }
    }

    // ---- the endpoint's life ------------------------------------------------------------------------

    @Test
    void dataSurvivesAStopAndStartOnTheSameDataDirectory() throws Exception {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        try {
            try (LocalClickHouse first = LocalClickHouse.start(config);
                 Connection connection = first.clickHouseUrl().withDatabase("default").open();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE tally");
                statement.execute("CREATE TABLE tally.kept (n UInt64) ENGINE = MergeTree ORDER BY n");
                statement.execute("INSERT INTO tally.kept SELECT number FROM numbers(1234)");
            }
            try (LocalClickHouse second = LocalClickHouse.start(config);
                 Connection connection = second.clickHouseUrl().open();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(), sum(n) FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1234L);
                assertThat(rs.getLong(2)).isEqualTo(760_761L);
            }
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void aConfigFileGivesTheEngineItsUsersGrantsAndRowPolicies() throws Exception {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        try {
            try (LocalClickHouse admin = LocalClickHouse.start(config);
                 Connection connection = admin.clickHouseUrl().withDatabase("default").open();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE tally");
                statement.execute("CREATE TABLE tally.rows (team String, n UInt64) ENGINE = MergeTree ORDER BY team");
                statement.execute("INSERT INTO tally.rows VALUES ('a', 1), ('b', 2)");
                statement.execute("CREATE TABLE tally.closed (n UInt64) ENGINE = MergeTree ORDER BY n");
            }
            // the user "default" of this engine: reads tally.rows only, its team's rows only, read-only
            Path users = config.dataDir().resolveSibling(config.dataDir().getFileName() + "-users.xml");
            Files.writeString(users, """
                    <clickhouse>
                      <profiles><default/><reader><readonly>2</readonly></reader></profiles>
                      <quotas><default/></quotas>
                      <users><default>
                        <password></password><networks><ip>::/0</ip></networks>
                        <profile>reader</profile><quota>default</quota>
                        <grants><query>GRANT SELECT ON tally.rows</query></grants>
                        <databases><tally><rows><filter>team = 'a'</filter></rows></tally></databases>
                      </default></users>
                    </clickhouse>
                    """);
            Path file = config.dataDir().resolveSibling(config.dataDir().getFileName() + "-config.xml");
            Files.writeString(file, "<clickhouse><users_config>" + users + "</users_config></clickhouse>\n");
            try (LocalClickHouse reader = LocalClickHouse.start(config.withConfigFile(file));
                 Connection connection = reader.clickHouseUrl().open();
                 Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SELECT groupArray(team), sum(n) FROM rows")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("['a']");
                    assertThat(rs.getLong(2)).isEqualTo(1L);
                }
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM closed")).hasMessageContaining("ACCESS_DENIED");
                assertThatThrownBy(() -> statement.execute("INSERT INTO rows VALUES ('b', 3)")).isInstanceOf(SQLException.class);
            } finally {
                Files.deleteIfExists(users);
                Files.deleteIfExists(file);
            }
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void aMissingConfigFileIsOneLineNamingIt() {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        try {
            assertThatThrownBy(() -> LocalClickHouse.start(config.withConfigFile(config.dataDir().resolve("nope.xml"))))
                    .isInstanceOf(LocalClickHouseException.class)
                    .hasMessageContaining("nope.xml does not exist");
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void closeEndsTheNodeProcessAndFreesThePort() throws Exception {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        try {
            LocalClickHouse local = LocalClickHouse.start(config);
            long pid = local.pid();
            int port = local.port();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            local.close();
            local.close(); // idempotent

            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void aBusyPortGivesOneClearLine() throws Exception {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalClickHouse.start(config.withPort(port)))
                    .isInstanceOf(LocalClickHouseException.class)
                    .hasMessageStartingWith("port " + port + " is already in use: ")
                    .hasMessageNotContaining("\n");
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void aServerDirWithoutNodeModulesSaysHowToInstallChdb() throws Exception {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        Path bareServerDir = Files.createTempDirectory("tally-clickhouse-http-bare-");
        try {
            Files.copy(config.serverScript(), bareServerDir.resolve("server.js"));
            Files.copy(config.serverDir().resolve("package.json"), bareServerDir.resolve("package.json"));

            assertThatThrownBy(() -> LocalClickHouse.start(config.withServerDir(bareServerDir)))
                    .isInstanceOf(LocalClickHouseException.class)
                    .hasMessage("chdb is not installed in " + bareServerDir.resolve("node_modules")
                            + ": run ./tally test (or npm ci --prefix local/clickhouse-http)");
        } finally {
            DataFolder.deleteRecursively(bareServerDir);
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    @Test
    void aMissingNodeSaysToInstallIt() {
        LocalClickHouseConfig config = TestClickHouse.temporaryConfig();
        LocalClickHouseConfig noNode = new LocalClickHouseConfig(config.dataDir(), 0, config.serverDir(), "tally-no-such-node");
        try {
            assertThatThrownBy(() -> LocalClickHouse.start(noNode))
                    .isInstanceOf(LocalClickHouseException.class)
                    .hasMessage("tally-no-such-node was not found on PATH: install Node.js 20");
        } finally {
            DataFolder.deleteRecursively(config.dataDir());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Object[] arrayOf(Array array) throws SQLException {
        Object values = array.getArray();
        if (values instanceof Object[] objects) {
            return objects;
        }
        int length = java.lang.reflect.Array.getLength(values);
        Object[] boxed = new Object[length];
        for (int i = 0; i < length; i++) {
            boxed[i] = java.lang.reflect.Array.get(values, i);
        }
        return boxed;
    }

    private static URI uri(String pathAndQuery) {
        return URI.create(TestClickHouse.server().httpUrl() + pathAndQuery);
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        ClickHouseUrl server = TestClickHouse.server();
        return HttpRequest.newBuilder(uri(pathAndQuery))
                .header("X-ClickHouse-User", server.user())
                .header("X-ClickHouse-Key", server.password());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return HTTP.send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postBytes(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
