package dev.tally.ingest.costs.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void decimalsStayExactlyAsWritten() {
        assertThat(Values.decimal("16.29693213663664462748541900")).isEqualTo(new BigDecimal("16.29693213663664462748541900"));
        assertThat(Values.decimal(" 0.0001188669167459011366 ").scale()).isEqualTo(22);
        assertThat(Values.decimal("-2.6137")).isEqualByComparingTo("-2.6137");
        assertThat(Values.decimal("1E-5")).isEqualByComparingTo("0.00001");
        for (String bad : new String[] {"1,234.50", "NaN", "Infinity", "0x10", "1.2.3", "€3", "1E+30", "1E-40"}) {
            assertThatThrownBy(() -> Values.decimal(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void datesUsAndIso() {
        Instant day = Instant.parse("2024-09-01T00:00:00Z");
        assertThat(Values.instant("09/01/2024")).isEqualTo(day);
        assertThat(Values.instant("9/1/2024")).isEqualTo(day);
        assertThat(Values.instant("2024-09-01")).isEqualTo(day);
        assertThat(Values.instant("2024-09-01 00:00:00")).isEqualTo(day);
        assertThat(Values.instant("2024-09-01T00:00:00Z")).isEqualTo(day);
        assertThat(Values.instant("2024-09-01T02:00:00+02:00")).isEqualTo(day);
        assertThat(Values.instant("2024-09-01T00:00:00.0000000Z")).isEqualTo(day);
        for (String bad : new String[] {"13/01/2024", "2024-02-30", "01.09.2024", "3/1/21", "yesterday"}) {
            assertThatThrownBy(() -> Values.instant(bad)).as(bad).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void jsonObjectsWithAndWithoutBraces() throws Exception {
        assertThat(Values.jsonObject("\"env\": \"prod\",\"org\": \"trey\"")).containsExactly(Map.entry("env", "prod"), Map.entry("org", "trey"));
        assertThat(Values.jsonObject("{\"org\": \"trey\", \" org\": \"x\"}")).containsOnlyKeys("org", " org");
        assertThat(Values.jsonObject("{\"VMName\": null, \"VCPUs\": 2, \"n\": {\"a\": 1}}"))
                .containsEntry("VMName", "").containsEntry("VCPUs", "2").containsEntry("n", "{\"a\":1}");
        assertThat(Values.jsonObject("  ")).isEmpty();
        assertThatThrownBy(() -> Values.jsonObject("{\"a\": 1} trailing")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> Values.jsonObject("[1]")).isInstanceOf(Exception.class);
    }

    @Test
    void regionIdsFromLocations() {
        assertThat(Regions.regionId("EastUS")).isEqualTo("eastus");
        assertThat(Regions.regionId("US East")).isEqualTo("eastus");
        assertThat(Regions.regionId("West Europe")).isEqualTo("westeurope");
        assertThat(Regions.regionId("EU West")).isEqualTo("westeurope");
        assertThat(Regions.regionId("")).isNull();
    }
}
