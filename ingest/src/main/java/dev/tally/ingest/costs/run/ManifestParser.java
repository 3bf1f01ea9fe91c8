package dev.tally.ingest.costs.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a {@code manifest.json}; anything malformed is one {@link CostRunException} naming the file and the field. */
public final class ManifestParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A manifest is a few KB even for thousands of parts; a bigger file is not one. */
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private ManifestParser() {
    }

    public static ExportManifest read(Path file) {
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw new CostRunException(file.toString(), "not a manifest: larger than 16 MiB");
            }
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CostRunException(file.toString(), "cannot read the manifest: " + e.getMessage(), e);
        }
    }

    public static ExportManifest parse(String source, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CostRunException(source, "manifest is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new CostRunException(source, "manifest is not a JSON object");
        }
        JsonNode blobsNode = root.get("blobs");
        if (blobsNode == null || !blobsNode.isArray()) {
            throw new CostRunException(source, "manifest has no 'blobs' array");
        }
        List<ManifestBlob> blobs = new ArrayList<>();
        for (int i = 0; i < blobsNode.size(); i++) {
            JsonNode blob = blobsNode.get(i);
            String name = text(blob, "blobName");
            if (name == null || name.isBlank()) {
                throw new CostRunException(source, "blobs[" + i + "] has no blobName");
            }
            JsonNode bytes = blob.get("byteCount");
            if (bytes == null || !bytes.canConvertToLong() || !bytes.isIntegralNumber() || bytes.asLong() < 0) {
                throw new CostRunException(source, "blobs[" + i + "] (" + name + ") has no byteCount ≥ 0");
            }
            blobs.add(new ManifestBlob(name, bytes.asLong(), count(blob, "dataRowCount")));
        }
        if (blobs.isEmpty()) {
            throw new CostRunException(source, "manifest lists no parts");
        }
        JsonNode export = root.path("exportConfig");
        JsonNode run = root.path("runInfo");
        JsonNode delivery = root.path("deliveryConfig");
        return new ExportManifest(
                text(root, "manifestVersion"),
                text(export, "exportName"),
                scopeOf(text(export, "resourceId")),
                text(export, "type"),
                text(export, "dataVersion"),
                text(run, "runId"),
                instant(source, run, "submittedTime"),
                date(source, run, "startDate"),
                date(source, run, "endDate"),
                text(delivery, "compressionMode"),
                count(root, "dataRowCount"),
                blobs);
    }

    /** {@code /subscriptions/x/providers/Microsoft.CostManagement/exports/name} → {@code /subscriptions/x}. */
    static String scopeOf(String exportResourceId) {
        if (exportResourceId == null || exportResourceId.isBlank()) {
            return null;
        }
        String lower = exportResourceId.strip().toLowerCase(Locale.ROOT);
        int at = lower.indexOf("/providers/microsoft.costmanagement/exports/");
        String scope = at < 0 ? lower : lower.substring(0, at);
        return scope.isEmpty() ? "/" : scope;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() && value.asLong() >= 0 ? value.asLong() : -1;
    }

    private static Instant instant(String source, JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new CostRunException(source, "runInfo." + field + " is not a time: " + text);
            }
        }
    }

    private static LocalDate date(String source, JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new CostRunException(source, "runInfo." + field + " is not a date: " + text);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
