package dev.tally.ingest.gateway.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.tally.ingest.gateway.limits.Rejection;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP's JSON mapping on top of protobuf's: field names lowerCamelCase (snake_case also accepted),
 * enums as integers, 64-bit integers as strings or numbers, unknown fields ignored (all handled by
 * {@link JsonFormat}), and the one difference JsonFormat cannot know: trace and span ids are hex, not
 * base64. Those are rewritten to base64 before parsing and back to hex when printing.
 */
public final class OtlpJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    public static void merge(byte[] json, Message.Builder builder, String messageName) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw Rejection.badRequest("malformed_json", "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw Rejection.badRequest("malformed_json", "body must be a JSON object (" + messageName + ")");
        }
        hexIdsToBase64(tree);
        try {
            PARSER.merge(MAPPER.writeValueAsString(tree), builder);
        } catch (InvalidProtocolBufferException | JsonProcessingException | RuntimeException e) {
            throw Rejection.badRequest("malformed_json", "body is not a valid OTLP/JSON " + messageName + ": " + firstLine(e.getMessage()));
        }
    }

    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
                    String text = value.asText();
                    if (text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        field.setValue(object.textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(text))));
                    } else {
                        throw Rejection.badRequest("malformed_json", "\"" + field.getKey() + "\" must be a hex string, was \""
                                + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"");
                    }
                } else {
                    hexIdsToBase64(value);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                hexIdsToBase64(element);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl >= 0 ? message.substring(0, nl) : message;
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
