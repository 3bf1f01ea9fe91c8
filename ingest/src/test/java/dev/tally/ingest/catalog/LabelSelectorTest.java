package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> CHECKOUT = Map.of("app.kubernetes.io/name", "checkout", "tier", "web");

    @Test
    void equalityRequirementsAllHaveToHold() {
        assertThat(LabelSelector.parse("app.kubernetes.io/name=checkout,tier==web").matches(CHECKOUT)).isTrue();
        assertThat(LabelSelector.parse("app.kubernetes.io/name=checkout,tier=db").matches(CHECKOUT)).isFalse();
        assertThat(LabelSelector.parse("tier!=db").matches(CHECKOUT)).isTrue();
        assertThat(LabelSelector.parse("tier!=web").matches(CHECKOUT)).isFalse();
    }

    @Test
    void setAndExistenceRequirements() {
        assertThat(LabelSelector.parse("tier in (web, api), app.kubernetes.io/name").matches(CHECKOUT)).isTrue();
        assertThat(LabelSelector.parse("tier notin (web)").matches(CHECKOUT)).isFalse();
        assertThat(LabelSelector.parse("!canary").matches(CHECKOUT)).isTrue();
        assertThat(LabelSelector.parse("canary").matches(CHECKOUT)).isFalse();
    }

    @Test
    void aSelectorThatIsNotOneNamesItsText() {
        assertThatThrownBy(() -> LabelSelector.parse("tier=web,,x")).hasMessageContaining("tier=web,,x");
        assertThatThrownBy(() -> LabelSelector.parse("tier in web")).hasMessageContaining("tier in web");
        assertThatThrownBy(() -> LabelSelector.parse("bad key=1")).hasMessageContaining("bad key");
    }
}
