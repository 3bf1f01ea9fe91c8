package dev.tally.ingest.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Backstage catalog entities from {@code catalog-info.yaml} files (one or more YAML
 * documents) or from a catalog API dump (JSON: a list of entities, or {@code {"items": […]}} as
 * {@code /api/catalog/entities/by-query} answers). A document that is not a usable entity is
 * a {@link CatalogProblem} naming its file, line and reason; the documents around it are read.
 */
public final class CatalogReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one file gave. {@code otherKinds} counts entities of kinds chargeback does not use. */
    public record CatalogFile(String file, List<CatalogEntity> entities, List<CatalogProblem> problems,
                              Map<String, Integer> otherKinds) {
    }

    public CatalogFile read(Path file) throws IOException {
        return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public CatalogFile read(String file, String text) {
        Collector collector = new Collector(file);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        try {
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                readJson(trimmed, collector);
            } else {
                readYaml(new BufferedReader(new StringReader(text)), collector);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            collector.problem(new EntitySource(file, collector.documents + 1, line),
                    "not readable as " + (trimmed.startsWith("[") || trimmed.startsWith("{") ? "JSON" : "YAML")
                            + ", the rest of the file is skipped: " + e.getOriginalMessage());
        } catch (IOException e) {
            collector.problem(new EntitySource(file, collector.documents + 1, 0), "unreadable: " + e.getMessage());
        }
        return new CatalogFile(file, List.copyOf(collector.entities), List.copyOf(collector.problems),
                Map.copyOf(collector.otherKinds));
    }

    private static void readYaml(Reader reader, Collector collector) throws IOException {
        try (JsonParser parser = YAML.getFactory().createParser(reader)) {
            while (parser.nextToken() != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode document = YAML.readTree(parser);
                collector.document(document, line);
            }
        }
    }

    private static void readJson(String text, Collector collector) throws IOException {
        JsonNode root = JSON.readTree(text);
        JsonNode items = root.isArray() ? root : root.path("items");
        if (items.isArray()) {
            for (JsonNode item : items) {
                collector.document(item, 0);
            }
        } else {
            collector.document(root, 1);
        }
    }

    private static final class Collector {
        final String file;
        final List<CatalogEntity> entities = new ArrayList<>();
        final List<CatalogProblem> problems = new ArrayList<>();
        final Map<String, Integer> otherKinds = new TreeMap<>();
        int documents;

        Collector(String file) {
            this.file = file;
        }

        void problem(EntitySource source, String reason) {
            problems.add(new CatalogProblem(source, reason));
        }

        void document(JsonNode node, int line) {
            documents++;
            EntitySource source = new EntitySource(file, documents, line);
            if (node == null || node.isNull() || node.isMissingNode()) {
                return; // an empty YAML document ("---" with nothing after it) is allowed
            }
            if (!node.isObject()) {
                problem(source, "not an entity: a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " instead of a mapping");
                return;
            }
            String kind = node.path("kind").asText("");
            String name = node.path("metadata").path("name").asText("");
            if (kind.isBlank() || name.isBlank()) {
                problem(source, "not an entity: " + (kind.isBlank() ? "no kind" : "no metadata.name"));
                return;
            }
            String namespace = node.path("metadata").path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
            EntityRef ref;
            try {
                ref = new EntityRef(kind, namespace.isBlank() ? EntityRef.DEFAULT_NAMESPACE : namespace, name);
            } catch (IllegalArgumentException e) {
                problem(source, e.getMessage());
                return;
            }
            String title = node.path("metadata").path("title").asText(name);
            Map<String, String> annotations = strings(node.path("metadata").path("annotations"));
            JsonNode spec = node.path("spec");
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "component" -> entities.add(new CatalogEntity.Component(ref, title,
                        reference(spec, "owner", "Group", ref, source), reference(spec, "system", "System", ref, source),
                        spec.path("type").asText(""), spec.path("lifecycle").asText(""), annotations, source));
                case "group" -> entities.add(new CatalogEntity.Group(ref,
                        spec.path("profile").path("displayName").asText(title), spec.path("type").asText(""),
                        reference(spec, "parent", "Group", ref, source), annotations, source));
                case "system" -> entities.add(new CatalogEntity.System(ref, title,
                        reference(spec, "owner", "Group", ref, source), annotations, source));
                default -> otherKinds.merge(kind, 1, Integer::sum);
            }
        }

        private Optional<EntityRef> reference(JsonNode spec, String field, String defaultKind, EntityRef of,
                                              EntitySource source) {
            String value = spec.path(field).asText("");
            if (value.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(EntityRef.parse(value, defaultKind, of.namespace()));
            } catch (IllegalArgumentException e) {
                problem(source, of + " spec." + field + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        private static Map<String, String> strings(JsonNode object) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
            }
            return values;
        }
    }
}
