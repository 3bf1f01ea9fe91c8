package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.deploy.CustomResources.FlinkDeployment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images the manifests run are the ones `./tally build-images` makes (the poms' Jib settings):
 * name and tag, the classpath file or jar path inside, and the user the pods run as.
 */
class ImagesTest {
    private static final Path ROOT = Kustomize.projectRoot();

    /** A module's image settings: its pom's tally.image.* properties over the parent's. */
    record Image(String module, String name, String tag, String appRoot, String mode, String user, String finalName) {
        String reference() {
            return name + ":" + tag;
        }
    }

    private static Map<String, String> properties(Path pom) throws IOException {
        Map<String, String> properties = new HashMap<>();
        Matcher m = Pattern.compile("<(tally\\.image\\.[a-zA-Z]+)>([^<]*)</\\1>").matcher(Files.readString(pom));
        while (m.find()) {
            properties.put(m.group(1), m.group(2));
        }
        return properties;
    }

    static List<Image> images() throws IOException {
        Map<String, String> parent = properties(ROOT.resolve("pom.xml"));
        return Stream.of("ingest", "jobs", "local").map(module -> {
            try {
                Map<String, String> p = new HashMap<>(parent);
                p.putAll(properties(ROOT.resolve(module).resolve("pom.xml")));
                Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Files.readString(ROOT.resolve(module).resolve("pom.xml")));
                assertThat(p.get("tally.image.skip")).as(module + " makes an image").isEqualTo("false");
                return new Image(module, p.get("tally.image.name"), p.get("tally.image.tag"), p.get("tally.image.appRoot"),
                        p.get("tally.image.mode"), p.get("tally.image.user"), finalName.find() ? finalName.group(1) : null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTallyImageIsBuiltWithTheLayoutAndUserItsPodsExpect(Path overlay) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Map<String, Image> byReference = new HashMap<>();
        images().forEach(i -> byReference.put(i.reference(), i));

        for (Map.Entry<String, PodTemplateSpec> workload : PodSpecs.templates(objects).entrySet()) {
            for (Container container : workload.getValue().getSpec().getContainers()) {
                if (!container.getImage().startsWith("tally/")) {
                    continue;
                }
                Image image = byReference.get(container.getImage());
                assertThat(image).as(workload.getKey() + " runs " + container.getImage() + ", which build-images makes").isNotNull();
                String command = String.join(" ", container.getCommand()) + " " + String.join(" ", container.getArgs());
                if (command.contains("jib-classpath-file")) {
                    // Jib writes <appRoot>/jib-classpath-file in exploded mode
                    assertThat(image.mode()).isEqualTo("exploded");
                    assertThat(command).contains("@" + image.appRoot() + "/jib-classpath-file");
                }
                assertThat(String.valueOf(workload.getValue().getSpec().getSecurityContext().getRunAsUser()))
                        .as(workload.getKey()).isEqualTo(image.user().split(":")[0]);
            }
        }
        for (FlinkDeployment flink : Manifests.all(objects, FlinkDeployment.class)) {
            Image image = byReference.get(flink.spec().image());
            assertThat(image).as(flink.metadata().getName()).isNotNull();
            // Jib's packaged mode puts the project's jar at <appRoot>/classpath/<final name>.jar
            assertThat(image.mode()).isEqualTo("packaged");
            assertThat(flink.spec().job().jarURI()).isEqualTo("local://" + image.appRoot() + "/classpath/" + image.finalName() + ".jar");
            assertThat(String.valueOf(flink.spec().podTemplate().getSpec().getSecurityContext().getRunAsUser()))
                    .isEqualTo(image.user().split(":")[0]);
        }
    }
}
