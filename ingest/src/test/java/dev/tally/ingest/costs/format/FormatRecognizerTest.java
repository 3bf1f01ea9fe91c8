package dev.tally.ingest.costs.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ingest.costs.SharedCostData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatRecognizerTest {

    static CostExportFormat recognize(List<String> header) throws UnrecognizedExportException {
        return FormatRecognizer.recognize("test.csv", new HeaderIndex(header));
    }

    /** The column names of a finops-toolkit export schema (Data Factory translator mappings). */
    static List<String> schemaColumns(String file) throws Exception {
        Path p = SharedCostData.azureCost().resolve("finops-toolkit/export-schemas").resolve(file);
        JsonNode root = new ObjectMapper().readTree(p.toFile());
        JsonNode mappings = root.has("properties") ? root.path("properties").path("translator").path("mappings")
                : root.path("translator").path("mappings");
        List<String> names = new ArrayList<>();
        mappings.forEach(m -> names.add(m.path("source").path("name").asText()));
        assertThat(names).as(file).isNotEmpty();
        return names;
    }

    /** The columns of a Microsoft FOCUS dataset-metadata document. */
    static List<String> metadataColumns(String file) throws Exception {
        Path p = SharedCostData.azureCost().resolve("finops-toolkit/dataset-metadata").resolve(file);
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(p.toFile()).path("Columns").forEach(c -> names.add(c.path("ColumnName").asText()));
        assertThat(names).as(file).isNotEmpty();
        return names;
    }

    @Test
    void microsoftsExportSchemasAreRecognizedAsTheirFormat() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        Map<String, CostExportFormat> expected = Map.of(
                "actualcost_c360-2025-04.json", CostExportFormat.EA_COST_DETAILS,
                "amortizedcost_c360-2025-04.json", CostExportFormat.EA_COST_DETAILS,
                "focuscost_1.0-preview-v1.json", CostExportFormat.FOCUS_1_0_PREVIEW,
                "focuscost_1.0.json", CostExportFormat.FOCUS_1_0,
                "focuscost_1.0r2.json", CostExportFormat.FOCUS_1_0,
                "focuscost_1.2-preview.json", CostExportFormat.FOCUS_1_2,
                "focuscost_1.2.json", CostExportFormat.FOCUS_1_2);
        for (var e : expected.entrySet()) {
            assertThat(recognize(schemaColumns(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void microsoftsFocusDatasetMetadataIsRecognized() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        assertThat(recognize(metadataColumns("FocusCost_1.0-preview-v1.json"))).isEqualTo(CostExportFormat.FOCUS_1_0_PREVIEW);
        assertThat(recognize(metadataColumns("FocusCost_1.0.json"))).isEqualTo(CostExportFormat.FOCUS_1_0);
        assertThat(recognize(metadataColumns("FocusCost_1.2-preview.json"))).isEqualTo(CostExportFormat.FOCUS_1_2);
    }

    @Test
    void headerNameVariantsBetweenDatasetVersionsResolveToOneColumn() {
        var ea = new HeaderIndex(List.of("Date", "Cost", "BillingCurrency", "benefitId"));
        var v2 = new HeaderIndex(List.of("Date", "CostInBillingCurrency", "BillingCurrencyCode", "BenefitId"));
        var camel = new HeaderIndex(List.of("date", "costInBillingCurrency", "billingCurrency", "InstanceName"));
        var german = new HeaderIndex(List.of("Ressourcengruppe (ResourceGroup)", "Maßeinheit (UnitOfMeasure)"));
        assertThat(ea.indexOf(Columns.COST)).isEqualTo(1);
        assertThat(v2.indexOf(Columns.COST)).isEqualTo(1);
        assertThat(camel.indexOf(Columns.COST)).isEqualTo(1);
        assertThat(v2.indexOf(Columns.CURRENCY)).isEqualTo(2);
        assertThat(ea.indexOf(Columns.BENEFIT_ID)).isEqualTo(3);
        assertThat(camel.indexOf(Columns.RESOURCE_ID)).isEqualTo(3);
        assertThat(german.indexOf(Columns.RESOURCE_GROUP)).isEqualTo(0);
        assertThat(german.indexOf(Columns.UNIT_OF_MEASURE)).isEqualTo(1);
    }

    @Test
    void unknownHeaderIsOneErrorNamingTheFileAndTheMissingColumns() {
        assertThatThrownBy(() -> recognize(List.of("SubscriptionId", "MeterCategory", "Quantity")))
                .isInstanceOf(UnrecognizedExportException.class)
                .hasMessageStartingWith("test.csv: not a recognized cost export")
                .hasMessageContaining("Date|UsageDateTime|UsageDate")
                .hasMessageContaining("CostInBillingCurrency|Cost|PreTaxCost");
    }

    @Test
    void aFocusHeaderMissingARequiredColumnNamesIt() {
        assertThatThrownBy(() -> recognize(List.of("BilledCost", "EffectiveCost", "ChargeClass", "BillingCurrency",
                        "ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "ChargeCategory")))
                .isInstanceOf(UnrecognizedExportException.class)
                .hasMessageContaining("looks like FOCUS 1.0")
                .satisfies(e -> assertThat(((UnrecognizedExportException) e).missingColumns())
                        .containsExactly("BillingPeriodEnd"));
    }
}
