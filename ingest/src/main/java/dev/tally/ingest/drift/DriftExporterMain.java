package dev.tally.ingest.drift;

import dev.tally.ingest.service.ServiceMain;

/**
 * Runs the drift exporter until the process is stopped: {@code DriftExporterMain [config.yaml|.properties]}
 * (or {@code TALLY_DRIFT_EXPORTER_CONFIG}); environment overrides as in {@link DriftExporterConfigLoader}.
 */
public final class DriftExporterMain {

    private DriftExporterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.run("drift exporter", args, DriftExporterConfigLoader.ENV_CONFIG_FILE, DriftExporterConfigLoader::load,
                DriftExporter::start, DriftExporter::url);
    }
}
