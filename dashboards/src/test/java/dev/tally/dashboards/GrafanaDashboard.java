package dev.tally.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A dashboard file of {@code grafana/dashboards}, read as Grafana reads it (the JSON model). */
record GrafanaDashboard(Path file, JsonNode json) {

    /** The module's folder of dashboards: the tests run in the module's directory. */
    static final Path DASHBOARDS = Path.of("grafana", "dashboards");
    static final Path PROVISIONING = Path.of("grafana", "provisioning");

    /** A panel query: SQL for the ClickHouse data source, PromQL for Prometheus. */
    record Target(String refId, String datasourceType, String datasourceUid, String text) {
        boolean isSql() {
            return "grafana-clickhouse-datasource".equals(datasourceType);
        }
    }

    record Panel(GrafanaDashboard dashboard, int id, String type, String title, String datasourceType,
                 String datasourceUid, List<Target> targets, JsonNode json) {
        /** How a failure names the panel: dashboard uid, panel id and title. */
        String name() {
            return dashboard.uid() + " #" + id + " \"" + title + "\"";
        }
    }

    record Variable(String name, String type, String query, boolean multi, boolean includeAll, String current) {
    }

    static List<GrafanaDashboard> all() {
        try (Stream<Path> files = Files.walk(DASHBOARDS)) {
            ObjectMapper mapper = new ObjectMapper();
            List<GrafanaDashboard> dashboards = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(new GrafanaDashboard(file, mapper.readTree(file.toFile())));
            }
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GrafanaDashboard byUid(String uid) {
        return all().stream().filter(d -> d.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dashboard " + uid));
    }

    String uid() {
        return json.path("uid").asText();
    }

    String title() {
        return json.path("title").asText();
    }

    /** The folder the file lies in: {@code teams} (provisioned to team orgs too) or {@code platform}. */
    String folder() {
        return file.getParent().getFileName().toString();
    }

    List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : json.path("panels")) {
            List<Target> targets = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                JsonNode ds = t.has("datasource") ? t.path("datasource") : p.path("datasource");
                String text = t.has("rawSql") ? t.path("rawSql").asText() : t.path("expr").asText();
                targets.add(new Target(t.path("refId").asText(), ds.path("type").asText(), ds.path("uid").asText(), text));
            }
            panels.add(new Panel(this, p.path("id").asInt(-1), p.path("type").asText(), p.path("title").asText(),
                    p.path("datasource").path("type").asText(), p.path("datasource").path("uid").asText(), targets, p));
        }
        return panels;
    }

    Panel panel(int id) {
        return panels().stream().filter(p -> p.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(uid() + " has no panel " + id));
    }

    List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : json.path("templating").path("list")) {
            variables.add(new Variable(v.path("name").asText(), v.path("type").asText(), v.path("query").asText(),
                    v.path("multi").asBoolean(), v.path("includeAll").asBoolean(),
                    v.path("current").path("value").isTextual() ? v.path("current").path("value").asText() : null));
        }
        return variables;
    }

    Optional<Variable> variable(String name) {
        return variables().stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
