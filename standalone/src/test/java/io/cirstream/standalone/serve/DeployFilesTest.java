package io.cirstream.standalone.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cirstream.core.config.Settings;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.trainer.config.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the code, checked where no Docker engine exists: every {@code CIRSTREAM_*} variable
 * docker-compose.yml gives a served service is a key that service reads, the environment it gets is a valid
 * configuration of it, its health check asks the port it is configured on, the Dockerfile exposes those ports, and
 * the images match the versions the project is built and tested against.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");
    private static final Pattern PORT_IN_URL = Pattern.compile("localhost:(\\d+)/health");

    private static JsonNode services;
    private static String dockerfile;

    @BeforeAll
    static void read() throws IOException {
        services = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .path("services");
        dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    }

    /** A service's environment with {@code ${NAME:-default}} resolved to its default. */
    private static Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        services.path(service).path("environment").properties().forEach(entry -> {
            Matcher defaulted = DEFAULTED.matcher(entry.getValue().asText());
            environment.put(entry.getKey(), defaulted.replaceAll(match -> Matcher.quoteReplacement(match.group(2))));
        });
        return environment;
    }

    private static List<String> command(String service) {
        List<String> command = new ArrayList<>();
        services.path(service).path("command").forEach(part -> command.add(part.asText()));
        return command;
    }

    @Test
    void theServedServicesAreIngestAndTrainerEachRunByServe() {
        assertThat(command("ingest")).containsExactly("serve", "ingest");
        assertThat(command("trainer")).containsExactly("serve", "trainer");
        assertThat(command("query")).containsExactly("serve", "query");
        assertThat(command("topic-init")).startsWith("topics", "create");
    }

    @Test
    void everyCirstreamVariableIsAKeyTheServiceReads() {
        for (ServedService served : ServedService.values()) {
            Map<String, String> environment = environment(served.serviceName());
            assertThat(environment).as(served.serviceName()).isNotEmpty();
            assertThat(environment.keySet())
                    .as("CIRSTREAM_* variables of %s in docker-compose.yml", served.serviceName())
                    .filteredOn(name -> name.startsWith(LayeredSettings.ENVIRONMENT_PREFIX))
                    .allSatisfy(name -> assertThat(served.keys().known(name))
                            .as(name + " is read by " + served.serviceName())
                            .isTrue());
        }
    }

    @Test
    void eachServicesEnvironmentIsAValidConfigurationOfIt() {
        IngestConfig ingest = (IngestConfig) ServedService.INGEST.configuration(Settings.of(environment("ingest")));
        Map<String, String> trainerEnvironment = environment("trainer");
        String secretVariable = Settings.environmentName(ModelStoreConfig.S3_SECRET_ACCESS_KEY.name());
        assertThat(trainerEnvironment).containsKey(secretVariable);
        trainerEnvironment.put(secretVariable, "compose-secret-marker");
        TrainerConfig trainer = (TrainerConfig) ServedService.TRAINER.configuration(Settings.of(trainerEnvironment));
        Map<String, String> queryEnvironment = environment("query");
        queryEnvironment.put(secretVariable, "compose-secret-marker");
        QueryConfig query = (QueryConfig) ServedService.QUERY.configuration(Settings.of(queryEnvironment));
        assertThat(query.toString()).containsIgnoringCase("milvus").doesNotContain("compose-secret-marker");
        assertThat(ingest.toString()).containsIgnoringCase("milvus");
        assertThat(trainer.toString()).as("the secret is never printed").doesNotContain("compose-secret-marker");
    }

    @Test
    void healthChecksAskTheConfiguredPortsAndTheDockerfileExposesThem() {
        Map<String, String> ports = Map.of(
                "ingest", Settings.environmentName(IngestConfig.HTTP_PORT.name()),
                "trainer", Settings.environmentName(TrainerConfig.HTTP_PORT.name()),
                "query", Settings.environmentName(QueryConfig.HTTP_PORT.name()));
        ports.forEach((service, portVariable) -> {
            String port = environment(service).get(portVariable);
            assertThat(port).as(service + " " + portVariable).isNotBlank();
            Matcher url = PORT_IN_URL.matcher(
                    services.path(service).path("healthcheck").path("test").toString());
            assertThat(url.find()).as(service + " health check").isTrue();
            assertThat(url.group(1)).as(service + " health check port").isEqualTo(port);
            assertThat(services.path(service).path("ports").toString()).contains(port + ":" + port);
            assertThat(dockerfile).containsPattern("EXPOSE[^\\n]*\\b" + port + "\\b");
        });
    }

    @Test
    void theImagesAreTheVersionsTheProjectIsBuiltAndTestedAgainst() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher kafka =
                Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertThat(kafka.find()).isTrue();
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + kafka.group(1));
        assertThat(services.path("milvus").path("image").asText()).startsWith("milvusdb/milvus:v2.6.");
        assertThat(dockerfile).contains("eclipse-temurin:21-");
    }

    @Test
    void theDefaultBundleMountIsTheCommittedFixture() {
        for (String service : List.of("ingest", "trainer", "query")) {
            assertThat(services.path(service).path("volumes").toString())
                    .contains("${CIRSTREAM_BUNDLE:-./fixtures/tiny-bundle}:/bundle:ro");
        }
        assertThat(ROOT.resolve("fixtures/tiny-bundle")).isDirectory();
    }
}
