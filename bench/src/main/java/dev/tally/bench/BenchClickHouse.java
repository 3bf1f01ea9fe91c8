package dev.tally.bench;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.local.clickhouse.LocalClickHouse;
import dev.tally.local.clickhouse.LocalClickHouseConfig;
import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The ClickHouse a benchmark measures: the server at {@code CLICKHOUSE_URL} when set,
 * otherwise a local chdb endpoint on a free port with a throw-away data folder.
 */
public final class BenchClickHouse implements AutoCloseable {
    private final ClickHouseUrl url;
    private final Optional<LocalClickHouse> local;
    private final Optional<Path> dataDir;

    private BenchClickHouse(ClickHouseUrl url, Optional<LocalClickHouse> local, Optional<Path> dataDir) {
        this.url = url;
        this.local = local;
        this.dataDir = dataDir;
    }

    public static BenchClickHouse start() throws IOException {
        String external = System.getenv("CLICKHOUSE_URL");
        if (external != null && !external.isBlank()) {
            return new BenchClickHouse(ClickHouseUrl.parse(external).withDatabase("tally_bench"), Optional.empty(), Optional.empty());
        }
        Path home = Path.of(System.getProperty("tally.home", "."));
        Path data = Files.createTempDirectory("tally-bench-clickhouse");
        LocalClickHouseConfig defaults = LocalClickHouseConfig.defaults(home);
        LocalClickHouse clickHouse = LocalClickHouse.start(
                new LocalClickHouseConfig(data, 0, defaults.serverDir(), defaults.nodeCommand()));
        return new BenchClickHouse(ClickHouseUrl.parse(clickHouse.url()).withDatabase("tally_bench"),
                Optional.of(clickHouse), Optional.of(data));
    }

    public ClickHouseUrl url() {
        return url;
    }

    /** The local endpoint's process (for its RSS); empty for an external server. */
    public java.util.OptionalLong pid() {
        return local.map(l -> java.util.OptionalLong.of(l.pid())).orElse(java.util.OptionalLong.empty());
    }

    @Override
    public void close() throws IOException {
        local.ifPresent(LocalClickHouse::close);
        dataDir.ifPresent(DataFolder::deleteRecursively);
    }
}
