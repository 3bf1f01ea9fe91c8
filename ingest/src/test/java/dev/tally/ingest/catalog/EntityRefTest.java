package dev.tally.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityRefTest {

    @Test
    void aFullReferenceKeepsItsParts() {
        assertThat(EntityRef.parse("group:giantswarm/team-atlas", "Group", "default"))
                .isEqualTo(new EntityRef("group", "giantswarm", "team-atlas"))
                .hasToString("group:giantswarm/team-atlas");
    }

    @Test
    void kindAndNamespaceComeFromTheDefaultsWhenLeftOut() {
        EntityRef owner = EntityRef.parse("team-atlas", "Group", "giantswarm");
        assertThat(owner.kind()).isEqualTo("Group");
        assertThat(owner.namespace()).isEqualTo("giantswarm");
        assertThat(EntityRef.parse("payments/team-cash", "Group", "default").namespace()).isEqualTo("payments");
        assertThat(EntityRef.parse("user:jdoe", "Group", "default").kind()).isEqualTo("user");
    }

    @Test
    void referencesCompareCaseInsensitivelyAsInBackstage() {
        EntityRef upper = EntityRef.parse("group:giantswarm/team-Phoenix", "Group", "default");
        EntityRef lower = new EntityRef("Group", "giantswarm", "team-phoenix");
        assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
        assertThat(upper.key()).isEqualTo("group:giantswarm/team-phoenix");
        assertThat(upper.toString()).isEqualTo("group:giantswarm/team-Phoenix");
    }

    @Test
    void aMalformedReferenceIsRefusedWithItsText() {
        assertThatThrownBy(() -> EntityRef.parse("group:/team", "Group", "default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group:/team");
        assertThatThrownBy(() -> EntityRef.parse("a/b/c", "Group", "default")).hasMessageContaining("a/b/c");
        assertThatThrownBy(() -> EntityRef.parse("  ", "Group", "default")).hasMessageContaining("empty");
    }
}
