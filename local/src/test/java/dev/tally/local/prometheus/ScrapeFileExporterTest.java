package dev.tally.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each serve of a scrape file shows, as it is or played forward. */
class ScrapeFileExporterTest {
    static final String FILE = """
            # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
            # TYPE container_cpu_usage_seconds_total counter
            container_cpu_usage_seconds_total{container="app",cpu="total",pod="p"} 2.510625 1768329614292
            container_cpu_usage_seconds_total{container="",cpu="total",pod="p"} 1.2e+06
            # TYPE container_memory_working_set_bytes gauge
            container_memory_working_set_bytes{container="app",pod="p"} 1.572864e+07 1768329614292
            # TYPE kube_pod_container_status_restarts_total counter
            kube_pod_container_status_restarts_total{namespace="n",pod="p",container="app"} 2
            kube_pod_container_status_restarts_total{namespace="n",pod="p",container="idle"} 0
            """;

    @Test
    void byDefaultEveryServeShowsTheFileAsItIs(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("metrics"), FILE);
        try (ScrapeFileExporter exporter = ScrapeFileExporter.start(Map.of("/metrics", file))) {
            assertThat(get(exporter.uri("/metrics"))).isEqualTo(FILE);
            assertThat(get(exporter.uri("/metrics"))).isEqualTo(FILE);
            assertThat(exporter.scrapes("/metrics")).isEqualTo(2);
        }
    }

    @Test
    void playedForwardTheNthServeShowsEveryCounterAtTheFilesValueTimesNAndGaugesAsInTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("metrics"), FILE);
        try (ScrapeFileExporter exporter = ScrapeFileExporter.start(Map.of("/metrics", file),
                ScrapeFileExporter.Playback.COUNTERS_ADVANCE)) {
            String first = get(exporter.uri("/metrics"));
            get(exporter.uri("/metrics"));
            String third = get(exporter.uri("/metrics"));

            assertThat(first).isEqualTo(FILE.replace("} 1.2e+06", "} 1200000")); // counters are written out in full
            assertThat(third).isEqualTo(FILE
                    .replace("} 2.510625 1768329614292", "} 7.531875 1768329614292")
                    .replace("} 1.2e+06", "} 3600000")
                    .replace("container=\"app\"} 2", "container=\"app\"} 6"));
            assertThat(ExpositionFile.parse(third.lines().toList()).samples("container_memory_working_set_bytes"))
                    .singleElement().extracting(ExpositionFile.Sample::value).isEqualTo("1.572864e+07");
            assertThat(exporter.scrapes("/metrics")).isEqualTo(3);
        }
    }

    @Test
    void theParserReadsNamesLabelsValuesAndTypes() {
        ExpositionFile parsed = ExpositionFile.parse(FILE.lines().toList());

        assertThat(parsed.isCounter("container_cpu_usage_seconds_total")).isTrue();
        assertThat(parsed.isCounter("container_memory_working_set_bytes")).isFalse();
        assertThat(parsed.samples()).hasSize(5);
        ExpositionFile.Sample cpu = parsed.samples("container_cpu_usage_seconds_total").get(0);
        assertThat(cpu.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("container", "app", "cpu", "total", "pod", "p"));
        assertThat(cpu.value()).isEqualTo("2.510625");
        assertThat(parsed.samples("container_cpu_usage_seconds_total").get(1).label("container")).isEmpty();
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
