package io.cirstream.standalone.serve;

import io.cirstream.core.config.Settings;
import io.cirstream.ingest.app.IngestApp;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.query.app.QueryService;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.web.WebDemoConfig;
import io.cirstream.trainer.app.TrainerService;
import io.cirstream.trainer.config.TrainerConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The services {@code cirstream serve} runs, each started exactly as its own {@code main} starts it ({@link IngestApp},
 * {@code TrainerApp}, {@code QueryApp}), from its validated configuration record.
 */
public enum ServedService {
    /** Catalogue events into the vector store. */
    INGEST("ingest", IngestConfig.keys()) {
        @Override
        public Object configuration(Settings settings) {
            return IngestConfig.from(settings);
        }

        @Override
        public RunningService start(Settings settings) {
            IngestApp app = IngestApp.start(IngestConfig.from(settings));
            return new RunningService() {
                @Override
                public int httpPort() {
                    return app.service().httpPort();
                }

                @Override
                public void close() {
                    app.close();
                }
            };
        }
    },
    /** Triplets into trained, gated and published Combiner versions. */
    TRAINER("trainer", TrainerConfig.keys()) {
        @Override
        public Object configuration(Settings settings) {
            return TrainerConfig.from(settings);
        }

        @Override
        public RunningService start(Settings settings) {
            TrainerService service = TrainerService.start(TrainerConfig.from(settings));
            return new RunningService() {
                @Override
                public int httpPort() {
                    return service.httpPort();
                }

                @Override
                public void close() {
                    service.close();
                }
            };
        }
    },
    /** Composed queries answered as a stream, and the HTTP API through it. */
    QUERY(
            "query",
            Stream.concat(QueryConfig.keys().stream(), WebDemoConfig.keys().stream())
                    .toList()) {
        @Override
        public Object configuration(Settings settings) {
            return QueryConfig.from(settings);
        }

        @Override
        public RunningService start(Settings settings) {
            QueryService service =
                    QueryService.start(QueryConfig.from(settings), Optional.empty(), WebDemoConfig.from(settings));
            return new RunningService() {
                @Override
                public int httpPort() {
                    return service.httpPort();
                }

                @Override
                public void close() {
                    service.close();
                }
            };
        }
    };

    private final String serviceName;
    private final KnownKeys keys;

    ServedService(String serviceName, List<String> keys) {
        this.serviceName = serviceName;
        this.keys = new KnownKeys(serviceName, keys);
    }

    /** The name on the command line, in metrics and in health. */
    public String serviceName() {
        return serviceName;
    }

    /** The configuration keys the service reads. */
    public KnownKeys keys() {
        return keys;
    }

    /**
     * The validated configuration record (its {@code toString} never shows a secret).
     *
     * @throws IllegalArgumentException naming a key that is missing or has a bad value
     */
    public abstract Object configuration(Settings settings);

    /** Starts the service and returns once its HTTP endpoints listen. */
    public abstract RunningService start(Settings settings);

    /** The service named {@code ingest}, {@code trainer} or {@code query}, in any case. */
    public static ServedService parse(String name) {
        for (ServedService service : values()) {
            if (service.serviceName.equals(name.toLowerCase(Locale.ROOT))) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "': ingest, trainer or query");
    }
}
