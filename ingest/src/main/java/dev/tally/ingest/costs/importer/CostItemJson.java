package dev.tally.ingest.costs.importer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.KubernetesHints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * {@code tally.costs.v1}'s wire format: one JSON object per line item, FOCUS names in camelCase.
 * Money and quantities are JSON numbers written exactly as the file had them (plain notation,
 * never through a double: read them with a decimal type); times are ISO-8601 UTC.
 */
public final class CostItemJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private CostItemJson() {
    }

    public static byte[] write(ImportedLineItem row) {
        CostLineItem i = row.item();
        ObjectNode o = MAPPER.createObjectNode();
        o.put("scope", row.scope()).put("dataset", row.dataset()).put("runId", row.runId()).put("importId", row.importId());
        time(o, "runProducedAt", row.runProducedAt());
        o.put("sourceFile", i.sourceFile()).put("sourceLine", i.sourceLine()).put("format", i.format().name());
        o.put("providerName", i.providerName());
        money(o, "billedCost", i.billedCost());
        money(o, "effectiveCost", i.effectiveCost());
        money(o, "listCost", i.listCost());
        o.put("billingCurrency", i.billingCurrency());
        time(o, "billingPeriodStart", i.billingPeriodStart());
        time(o, "billingPeriodEnd", i.billingPeriodEnd());
        time(o, "chargePeriodStart", i.chargePeriodStart());
        time(o, "chargePeriodEnd", i.chargePeriodEnd());
        o.put("chargeCategory", i.chargeCategory() == null ? null : i.chargeCategory().focusName());
        o.put("chargeClass", i.chargeClass()).put("chargeDescription", i.chargeDescription());
        o.put("pricingCategory", i.pricingCategory() == null ? null : i.pricingCategory().focusName());
        o.put("commitmentDiscountId", i.commitmentDiscountId()).put("commitmentDiscountName", i.commitmentDiscountName());
        o.put("commitmentDiscountType", i.commitmentDiscountType()).put("commitmentDiscountStatus", i.commitmentDiscountStatus());
        o.put("resourceId", i.resourceId()).put("resourceName", i.resourceName()).put("resourceGroupName", i.resourceGroupName());
        o.put("serviceName", i.serviceName()).put("subAccountId", i.subAccountId()).put("subAccountName", i.subAccountName());
        o.put("regionId", i.regionId());
        money(o, "consumedQuantity", i.consumedQuantity());
        o.put("consumedUnit", i.consumedUnit());
        map(o, "tags", i.tags());
        map(o, "skuDetails", i.skuDetails());
        KubernetesHints k = i.kubernetes();
        if (k.isAks()) {
            ObjectNode h = o.putObject("kubernetes");
            h.put("kind", k.kind().name()).put("clusterName", k.clusterName()).put("clusterResourceGroup", k.clusterResourceGroup());
            h.put("nodeResourceGroup", k.nodeResourceGroup()).put("nodePool", k.nodePool()).put("vmName", k.vmName());
            h.put("vmSize", k.vmSize()).put("pvcNamespace", k.pvcNamespace()).put("pvcName", k.pvcName()).put("pvName", k.pvName());
            h.put("serviceNamespace", k.serviceNamespace()).put("serviceName", k.serviceName());
        }
        return bytes(o);
    }

    /** The dead letter's payload: where the rejected row is and why. */
    public static byte[] rejection(String scope, String runId, CostRejection r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("scope", scope).put("runId", runId).put("file", r.sourceFile()).put("line", r.sourceLine())
                .put("column", r.column()).put("reason", r.reason());
        return bytes(o);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static void money(ObjectNode o, String field, BigDecimal value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static void time(ObjectNode o, String field, Instant value) {
        o.put(field, value == null ? null : value.toString());
    }

    private static void map(ObjectNode o, String field, Map<String, String> values) {
        ObjectNode m = o.putObject(field);
        values.forEach(m::put);
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
