package dev.tally.ingest.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The {@code main} of the ingest processes (gateway, drift exporter): the config file from the
 * first argument or an environment variable, a one-line error and exit code 2 for a bad config,
 * then run until the process is stopped, closing the service on the way out.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static <C, S extends AutoCloseable> void run(String name, String[] args, String configFileEnv,
                                                        Function<Path, C> load, Function<C, S> start, Function<S, URI> url)
            throws InterruptedException {
        String file = args.length > 0 ? args[0] : System.getenv(configFileEnv);
        C config;
        try {
            config = load.apply(file == null || file.isBlank() ? null : Path.of(file));
        } catch (RuntimeException e) {
            System.err.println("tally " + name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        S service = start.apply(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("tally " + name + ": stopping failed: " + e);
            }
            stopped.countDown();
        }, name.replace(' ', '-') + "-shutdown"));
        System.out.println("tally " + name + " listening on " + url.apply(service));
        stopped.await();
    }
}
