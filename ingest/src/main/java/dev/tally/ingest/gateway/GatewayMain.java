package dev.tally.ingest.gateway;

import dev.tally.ingest.service.ServiceMain;

/**
 * Runs the gateway until the process is stopped: {@code GatewayMain [config.yaml|config.properties]}
 * (or {@code TALLY_GATEWAY_CONFIG}); environment overrides as in {@link GatewayConfigLoader}.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.run("gateway", args, GatewayConfigLoader.ENV_CONFIG_FILE, GatewayConfigLoader::load,
                IngestGateway::start, IngestGateway::url);
    }
}
