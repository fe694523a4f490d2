package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import io.cirstream.standalone.serve.LayeredSettings;
import io.cirstream.standalone.serve.PropertiesFile;
import io.cirstream.standalone.serve.RunningService;
import io.cirstream.standalone.serve.ServedService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cirstream serve ingest|trainer|query}: one service in the foreground, as a platform runs it (a container, a
 * systemd unit), configured from the environment, system properties, a properties file and {@code --set}, until
 * SIGTERM or SIGINT.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run a service in the foreground until SIGTERM or Ctrl-C: ingest (catalogue events -> vector store),"
                    + " trainer (triplets -> published Combiner versions) or query (composed queries -> results, the HTTP API).",
            "Configuration, the later winning: environment (CIRSTREAM_INGEST_BATCH_SIZE), system properties"
                    + " (-Dcirstream.ingest.batch-size), --config FILE, --set KEY=VALUE. Exit code 2: a key is"
                    + " unknown, missing or has a bad value."
        })
final class ServeCommand implements Callable<Integer> {

    /** Exit code when the service could not start for another reason than its configuration (a port in use...). */
    static final int EXIT_START_FAILED = 1;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "ingest, trainer or query.")
    String service;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of configuration keys.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A configuration key, over every other source (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--check", description = "Validate the configuration, print it (secrets hidden) and exit.")
    boolean check;

    @Option(names = "--keys", description = "List the configuration keys the service reads and exit.")
    boolean listKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServedService served = ServedService.parse(service);
        String name = "cirstream serve " + served.serviceName();
        if (listKeys) {
            served.keys().keys().stream().sorted().forEach(out::println);
            return 0;
        }
        LayeredSettings layers = layers();
        List<String> ignored = served.keys().check(layers);
        ignored.forEach(key -> err.println(name + ": ignoring " + key + ": not a key of this service"));
        Object configuration = served.configuration(layers.settings());
        out.println(name + ": configuration from " + layers.summary(served.keys()));
        if (check) {
            out.println(configuration);
            return 0;
        }
        out.flush();
        RunningService running;
        try {
            running = served.start(layers.settings());
        } catch (CirstreamException | IllegalArgumentException e) {
            throw e; // refused configuration or input: exit code 2 with the message
        } catch (RuntimeException e) {
            err.println(name + ": cannot start: " + e);
            return EXIT_START_FAILED;
        }
        int port = running.httpPort();
        out.println(name + ": running; GET /health, /health/live and /metrics on http://0.0.0.0:" + port
                + " (http://localhost:" + port + "/health); stop with SIGTERM or Ctrl-C");
        out.flush();
        Foreground.runUntilStopped(name, running, out, err);
        return 0;
    }

    private LayeredSettings layers() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
        return LayeredSettings.of(
                System.getenv(),
                properties,
                config == null ? "--config" : config.toString(),
                config == null ? Map.of() : PropertiesFile.read(config),
                overrides);
    }
}
