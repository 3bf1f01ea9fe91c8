package dev.tally.ingest.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Largest catalog file read; a bigger one is one problem and nothing read (it could exhaust the heap). */
    public static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    /** Largest YAML document parsed (a Backstage entity is a few KiB); checked before parsing, which is slow on huge scalars. */
    public static final int MAX_DOCUMENT_CHARS = 1_000_000;

    public CatalogFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            return new CatalogFile(file.toString(), List.of(), List.of(new CatalogProblem(new EntitySource(file.toString(), 1, 0),
                    "file is " + size + " bytes, above the limit of " + MAX_FILE_BYTES + "; nothing read")), Map.of());
        }
        return read(file.toString(), Files.readAllBytes(file));
    }

    /**
     * Reads a file's bytes. Bytes that are not UTF-8 are read as U+FFFD and reported once (with the
     * line of the first one), so one bad byte does not cost the whole catalog.
     */
    public CatalogFile read(String file, byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return read(file, strict.decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes);
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            CatalogFile read = read(file, new String(bytes, StandardCharsets.UTF_8));
            List<CatalogProblem> problems = new ArrayList<>();
            problems.add(new CatalogProblem(new EntitySource(file, 0, line),
                    "not UTF-8 at byte " + bad + "; invalid bytes are read as U+FFFD"));
            problems.addAll(read.problems());
            return new CatalogFile(file, read.entities(), List.copyOf(problems), read.otherKinds());
        }
    }

    private static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
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
                readYaml(text, collector);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            collector.problem(new EntitySource(file, collector.documents + 1, line),
                    "not readable as JSON, the rest of the file is skipped: " + e.getOriginalMessage());
        } catch (IOException e) {
            collector.problem(new EntitySource(file, collector.documents + 1, 0), "unreadable: " + e.getMessage());
        }
        return new CatalogFile(file, List.copyOf(collector.entities), List.copyOf(collector.problems),
                Map.copyOf(collector.otherKinds));
    }

    /**
     * Parses document by document: a line starting with {@code ---} or {@code ...} always ends a
     * document (YAML forbids them inside content), so a document the parser refuses (broken, nested
     * deeper than 1000, longer than {@link #MAX_DOCUMENT_CHARS}) costs only itself and the documents after it are read.
     */
    private static void readYaml(String text, Collector collector) {
        String[] lines = text.split("\n", -1);
        int start = 0;
        for (int i = 1; i <= lines.length; i++) {
            if (i == lines.length || isDocumentStart(lines[i])) {
                readYamlDocuments(String.join("\n", Arrays.asList(lines).subList(start, i)), start, collector);
                start = i;
            }
        }
    }

    private static boolean isDocumentStart(String line) {
        return line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)));
    }

    private static void readYamlDocuments(String piece, int firstLine, Collector collector) {
        if (piece.length() > MAX_DOCUMENT_CHARS) {
            collector.documents++;
            collector.problem(new EntitySource(collector.file, collector.documents, firstLine + 1),
                    "document is " + piece.length() + " characters, above the limit of " + MAX_DOCUMENT_CHARS + "; skipped");
            return;
        }
        int before = collector.documents;
        try (JsonParser parser = YAML.getFactory().createParser(new StringReader(piece))) {
            while (parser.nextToken() != null) {
                int line = firstLine + parser.currentTokenLocation().getLineNr();
                JsonNode document = YAML.readTree(parser);
                collector.document(document, line);
            }
        } catch (IOException e) {
            int line = e instanceof JsonProcessingException p && p.getLocation() != null && p.getLocation().getLineNr() > 0
                    ? firstLine + p.getLocation().getLineNr() : firstLine + 1;
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            if (collector.documents == before) {
                collector.documents++;
            }
            collector.problem(new EntitySource(collector.file, collector.documents, line),
                    "not readable as YAML, this document is skipped: " + reason);
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
