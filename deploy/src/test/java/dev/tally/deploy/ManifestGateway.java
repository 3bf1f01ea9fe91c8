package dev.tally.deploy;

import dev.tally.ingest.gateway.GatewayConfigLoader;
import dev.tally.ingest.gateway.IngestGateway;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real gateway, started from a rendered overlay's gateway.yaml, on a free local port and a Kafka that is not there. */
final class ManifestGateway {
    private ManifestGateway() {
    }

    static IngestGateway start(List<Object> objects, Path dir) throws IOException {
        return start(objects, dir, Map.of());
    }

    /** With more environment, e.g. a tokens file ({@link GatewayConfigLoader#ENV_TOKENS_FILE}). */
    static IngestGateway start(List<Object> objects, Path dir, Map<String, String> moreEnv) throws IOException {
        ConfigMap configMap = Manifests.named(objects, ConfigMap.class, "tally-gateway-config");
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, configMap.getData().get("gateway.yaml"));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                GatewayConfigLoader.envName("port"), "0", GatewayConfigLoader.envName("bind-address"), "127.0.0.1",
                GatewayConfigLoader.envName("kafka.bootstrap-servers"), "127.0.0.1:1",
                GatewayConfigLoader.envName("kafka.max-block"), "100ms"));
        env.putAll(moreEnv);
        return IngestGateway.start(GatewayConfigLoader.load(file, env));
    }
}
