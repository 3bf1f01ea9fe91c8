package dev.tally.ingest.gateway;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the gateway until the process is stopped: {@code GatewayMain [config.yaml|config.properties]}
 * (or {@code TALLY_GATEWAY_CONFIG}); environment overrides as in {@link GatewayConfigLoader}.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String file = args.length > 0 ? args[0] : System.getenv(GatewayConfigLoader.ENV_CONFIG_FILE);
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.load(file == null || file.isBlank() ? null : Path.of(file));
        } catch (RuntimeException e) {
            System.err.println("tally gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        IngestGateway gateway = IngestGateway.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        System.out.println("tally gateway listening on " + gateway.url());
        stopped.await();
    }
}
