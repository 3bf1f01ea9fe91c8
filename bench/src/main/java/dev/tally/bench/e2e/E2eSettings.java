package dev.tally.bench.e2e;

import dev.tally.bench.endtoend.EndToEndOptions;

/**
 * The end-to-end benchmark's options ({@code ./tally bench e2e --step-seconds 60 …}, or {@code -p stepSeconds=60});
 * bench/README.md lists them with their defaults.
 *
 * @param startRate         samples/s of the first step
 * @param rateFactor        each next step's rate is the last one's times this
 * @param maxRate           no step above this rate
 * @param stepSeconds       how long each step sends
 * @param warmupSeconds     the start of each step not judged (the jobs catch up with the new rate)
 * @param soakMinutes       the soak at half the highest sustained rate (0: none)
 * @param clusters          simulated clusters sending (each its own sender, ~1,600 samples per scrape)
 * @param checkpointSeconds the jobs' checkpoint interval (their ClickHouse rows and committed offsets follow it)
 */
public record E2eSettings(double startRate, double rateFactor, double maxRate, int stepSeconds, int warmupSeconds,
                          double soakMinutes, int clusters, int checkpointSeconds, String gatewayHeap, String kafkaHeap,
                          String jobsHeap) {

    public static E2eSettings of(EndToEndOptions options) {
        int step = options.param("stepSeconds", 120);
        return new E2eSettings(
                Double.parseDouble(options.param("startRate", "5000")),
                Double.parseDouble(options.param("rateFactor", "1.5")),
                Double.parseDouble(options.param("maxRate", "2000000")),
                step,
                options.param("warmupSeconds", step / 4),
                Double.parseDouble(options.param("soakMinutes", "10")),
                options.param("clusters", 6),
                options.param("checkpointSeconds", 10),
                options.param("gatewayHeap", "256m"),
                options.param("kafkaHeap", "512m"),
                options.param("jobsHeap", "2g"));
    }

    public E2eSettings {
        if (rateFactor <= 1) {
            throw new IllegalArgumentException("--rate-factor must be above 1, got " + rateFactor);
        }
        if (warmupSeconds >= stepSeconds) {
            throw new IllegalArgumentException("--warmup-seconds (" + warmupSeconds + ") must be below --step-seconds (" + stepSeconds + ")");
        }
    }
}
