package dev.tally.jobs.allocation.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.jobs.allocation.day.ClusterCostKind;
import dev.tally.jobs.allocation.day.ClusterCostRow;
import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code tally.costs.v1}'s JSON (the cost importer's {@code CostItemJson}): money as exact
 * decimals (never through a double), the charge day from {@code chargePeriodStart}, the cluster
 * and the row's kind from the importer's {@code kubernetes} hints. A record that is not a line
 * item is refused with the reason.
 */
public final class CostItemJsonReader {
    /** @throws IllegalArgumentException naming what is missing or unreadable */
    public CostItem read(byte[] json) {
        return read(JsonObjects.parse(json, "a cost line item"));
    }

    /** A record already parsed ({@link JsonObjects#parse}). */
    public CostItem read(JsonNode o) {
        String currency = text(o, "billingCurrency")
                .orElseThrow(() -> new IllegalArgumentException("no billingCurrency"));
        Cost cost = new Cost(currency, money(o, "billedCost"), money(o, "effectiveCost"), optionalMoney(o, "listCost"));
        LocalDate day = date(o, "chargePeriodStart").orElseThrow(() -> new IllegalArgumentException("no chargePeriodStart"));
        LocalDate period = date(o, "billingPeriodStart").orElse(day.withDayOfMonth(1));
        String source = text(o, "sourceFile").orElse("?") + ":" + o.path("sourceLine").asLong();
        JsonNode k = o.path("kubernetes");
        Optional<String> cluster = k.isObject() ? text(k, "clusterName").map(c -> c.toLowerCase(Locale.ROOT)) : Optional.empty();
        ClusterCostKind kind = k.isObject() ? kind(text(k, "kind").orElse("OTHER")) : ClusterCostKind.OTHER;
        ClusterCostRow row = new ClusterCostRow(kind, text(o, "resourceId").orElse(null), text(k, "vmName").orElse(null),
                text(k, "pvcNamespace").orElse(null), text(k, "pvcName").orElse(null), text(k, "serviceNamespace").orElse(null),
                text(k, "serviceName").orElse(null), cost, source, text(o, "subAccountId").orElse(""));
        Map<String, String> tags = new TreeMap<>();
        o.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        CostItem.Run run = new CostItem.Run(text(o, "scope").orElse(""), text(o, "dataset").orElse(""),
                text(o, "runId").orElse(""));
        return new CostItem(day, period, cluster, row, run, source, text(o, "serviceName").orElse(""), tags);
    }

    private static ClusterCostKind kind(String hint) {
        return switch (hint) {
            case "NODE" -> ClusterCostKind.NODE;
            case "DISK" -> ClusterCostKind.DISK;
            case "LOAD_BALANCER" -> ClusterCostKind.LOAD_BALANCER;
            case "PUBLIC_IP" -> ClusterCostKind.PUBLIC_IP;
            case "CLUSTER" -> ClusterCostKind.CLUSTER;
            default -> ClusterCostKind.OTHER;
        };
    }

    private static BigDecimal money(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("no " + field + " (a JSON number is expected)");
        }
        return v.decimalValue();
    }

    /** Null when absent or JSON null (the export has no list cost): unknown, not zero. */
    private static BigDecimal optionalMoney(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " is not a JSON number: " + v);
        }
        return v.decimalValue();
    }

    private static Optional<LocalDate> date(JsonNode o, String field) {
        return text(o, field).map(t -> {
            try {
                return Instant.parse(t).atZone(ZoneOffset.UTC).toLocalDate();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + t, e);
            }
        });
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
