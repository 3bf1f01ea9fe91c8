package dev.tally.ingest.costs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.ingest.costs.SharedCostData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    static final String CURRENT = """
            {
              "manifestVersion": "2024-04-01",
              "byteCount": 160769,
              "blobCount": 2,
              "dataRowCount": 136,
              "exportConfig": {
                "exportName": "daily-focus",
                "resourceId": "/providers/Microsoft.Billing/billingAccounts/1234/providers/Microsoft.CostManagement/exports/daily-focus",
                "dataVersion": "1.0r2",
                "apiVersion": "2023-07-01-preview",
                "type": "FocusCost",
                "timeFrame": "MonthToDate",
                "granularity": "Daily"
              },
              "deliveryConfig": {"partitionData": true, "dataOverwriteBehavior": "CreateNewReport",
                                 "fileFormat": "Csv", "compressionMode": "gzip"},
              "runInfo": {"executionType": "Scheduled", "submittedTime": "2024-02-03T01:23:45.1234567Z",
                          "runId": "11111111-2222-3333-4444-555555555555",
                          "startDate": "2024-02-01T00:00:00", "endDate": "2024-02-02T00:00:00"},
              "blobs": [
                {"blobName": "exports/daily-focus/20240201-20240229/11111111-2222-3333-4444-555555555555/part_0_0001.csv.gz",
                 "byteCount": 100000, "dataRowCount": 100},
                {"blobName": "exports/daily-focus/20240201-20240229/11111111-2222-3333-4444-555555555555/part_1_0001.csv.gz",
                 "byteCount": 60769, "dataRowCount": 36}
              ]
            }
            """;

    @Test
    void theCurrentManifestShapeGivesScopeDatasetRunAndParts() {
        ExportManifest m = ManifestParser.parse("m.json", CURRENT.getBytes(StandardCharsets.UTF_8));

        assertThat(m.exportName()).isEqualTo("daily-focus");
        assertThat(m.scope()).isEqualTo("/providers/microsoft.billing/billingaccounts/1234");
        assertThat(m.datasetType()).isEqualTo("FocusCost");
        assertThat(m.datasetVersion()).isEqualTo("1.0r2");
        assertThat(m.runId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(m.submittedTime()).isEqualTo(Instant.parse("2024-02-03T01:23:45.1234567Z"));
        assertThat(m.startDate()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(m.endDate()).isEqualTo(LocalDate.of(2024, 2, 2));
        assertThat(m.compression()).isEqualTo("gzip");
        assertThat(m.dataRowCount()).isEqualTo(136);
        assertThat(m.blobs()).extracting(ManifestBlob::fileName, ManifestBlob::byteCount, ManifestBlob::dataRowCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("part_0_0001.csv.gz", 100000L, 100L),
                        org.assertj.core.groups.Tuple.tuple("part_1_0001.csv.gz", 60769L, 36L));
    }

    @Test
    void kokusRealPartitionedManifestReadsWithItsOneBlob() {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        Path file = SharedCostData.azureCost().resolve("koku/manifest.json");

        ExportManifest m = ManifestParser.read(file);

        assertThat(m.manifestVersion()).isEqualTo("2021-01-01");
        assertThat(m.exportName()).isNull();
        assertThat(m.runId()).isNull();
        assertThat(m.dataRowCount()).isEqualTo(490);
        assertThat(m.blobs()).singleElement().satisfies(b -> {
            assertThat(b.fileName()).isEqualTo("000001.csv");
            assertThat(b.byteCount()).isEqualTo(423869);
            assertThat(b.dataRowCount()).isEqualTo(490);
        });
    }

    @Test
    void malformedManifestsAreOneErrorNamingTheFileAndTheField() {
        assertThatThrownBy(() -> ManifestParser.parse("run/manifest.json", "{\"blobs\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CostRunException.class).hasMessageStartingWith("run/manifest.json: manifest is not valid JSON");
        assertThatThrownBy(() -> ManifestParser.parse("m", "[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m: manifest is not a JSON object");
        assertThatThrownBy(() -> ManifestParser.parse("m", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m: manifest has no 'blobs' array");
        assertThatThrownBy(() -> ManifestParser.parse("m", "{\"blobs\": []}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m: manifest lists no parts");
        assertThatThrownBy(() -> ManifestParser.parse("m", "{\"blobs\": [{\"blobName\": \"a.csv\"}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m: blobs[0] (a.csv) has no byteCount ≥ 0");
        assertThatThrownBy(() -> ManifestParser.parse("m", "{\"blobs\": [{\"byteCount\": 3}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("m: blobs[0] has no blobName");
        assertThatThrownBy(() -> ManifestParser.parse("m", CURRENT.replace("2024-02-03T01:23:45.1234567Z", "yesterday")
                .getBytes(StandardCharsets.UTF_8))).hasMessage("m: runInfo.submittedTime is not a time: yesterday");
    }

    @Test
    void randomCorruptionOfAManifestIsEitherReadOrOneCostRunException() {
        java.util.Random random = new java.util.Random(20261126L);
        byte[] original = CURRENT.getBytes(StandardCharsets.UTF_8);
        int parsed = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = original.clone();
            int damage = 1 + random.nextInt(4);
            for (int d = 0; d < damage; d++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            try {
                ExportManifest m = ManifestParser.parse("fuzz", bytes);
                assertThat(m.blobs()).isNotEmpty().allSatisfy(b -> assertThat(b.byteCount()).isNotNegative());
                parsed++;
            } catch (CostRunException e) {
                assertThat(e.getMessage()).startsWith("fuzz: ");
            }
        }
        System.out.println("manifest fuzz: " + parsed + " of 2000 damaged manifests still parsed, the rest refused");
    }
}
