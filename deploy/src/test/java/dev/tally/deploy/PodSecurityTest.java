package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every container of Tally's own workloads runs as non-root, unprivileged, read-only, with requests and limits. */
class PodSecurityTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsNonRootReadOnlyWithoutCapabilitiesAndHasRequestsAndLimits(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        assertThat(PodSpecs.templates(objects)).isNotEmpty();
        PodSpecs.templates(objects).forEach((workload, template) -> {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            assertThat(pod.getRunAsNonRoot()).as(workload).isTrue();
            assertThat(pod.getRunAsUser()).as(workload).isPositive();
            assertThat(pod.getSeccompProfile().getType()).as(workload).isEqualTo("RuntimeDefault");
            List<Container> containers = Stream.concat(template.getSpec().getContainers().stream(),
                    template.getSpec().getInitContainers().stream()).toList();
            for (Container container : containers) {
                String name = workload + "/" + container.getName();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = container.getResources().getRequests().get(resource);
                    Quantity limit = container.getResources().getLimits().get(resource);
                    assertThat(request).as(name + " " + resource + " request").isNotNull();
                    assertThat(limit).as(name + " " + resource + " limit").isNotNull();
                    assertThat(Quantity.getAmountInBytes(limit)).as(name + " " + resource).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));
                }
                // Memory is not compressible: a limit above the request lets the node kill the pod under pressure.
                assertThat(container.getResources().getLimits().get("memory")).as(name).isNotNull();
            }
        });
    }
}
