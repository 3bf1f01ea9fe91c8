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
        ConfigMap configMap = Manifests.named(objects, ConfigMap.class, "tally-gateway-config");
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, configMap.getData().get("gateway.yaml"));
        return IngestGateway.start(GatewayConfigLoader.load(file, Map.of(
                GatewayConfigLoader.envName("port"), "0", GatewayConfigLoader.envName("bind-address"), "127.0.0.1",
                GatewayConfigLoader.envName("kafka.bootstrap-servers"), "127.0.0.1:1",
                GatewayConfigLoader.envName("kafka.max-block"), "100ms")));
    }
}
