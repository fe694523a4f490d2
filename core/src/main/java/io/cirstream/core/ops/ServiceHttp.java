package io.cirstream.core.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cirstream.core.config.Ports;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The HTTP server of a service: {@code GET /health} (200 when every check is up, 503 otherwise, with each check in a
 * JSON body), {@code GET /health/live} (200 while the process serves requests), {@code GET /metrics} (the Prometheus
 * text format), and whatever routes the service adds. Built with {@link #builder(String)}.
 */
public final class ServiceHttp implements AutoCloseable {

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final Map<String, HealthCheck> checks;
    private final Javalin server;

    private ServiceHttp(Builder builder) {
        this.service = builder.service;
        this.checks = Map.copyOf(builder.checks);
        PrometheusMeterRegistry registry = builder.registry;
        List<Route> routes = List.copyOf(builder.routes);
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", this::health);
            config.routes.get("/health/live", ctx -> ctx.contentType("application/json")
                    .result("{\"status\":\"UP\",\"service\":" + JSON.writeValueAsString(service) + "}"));
            config.routes.get(
                    "/metrics", ctx -> ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(registry.scrape()));
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), route.handler());
            }
            builder.settings.accept(config);
        });
        server.start(builder.host, builder.port);
    }

    /** Starts building the server of this service. */
    public static Builder builder(String service) {
        return new Builder(service);
    }

    /** The port the server listens on (the one chosen when built with port 0). */
    public int port() {
        return server.port();
    }

    /** Runs every check: the same result as {@code GET /health}. */
    public Map<String, HealthStatus> checkHealth() {
        Map<String, HealthStatus> results = new LinkedHashMap<>();
        checks.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(check -> results.put(check.getKey(), run(check.getValue())));
        return results;
    }

    private void health(Context ctx) throws Exception {
        Map<String, HealthStatus> results = checkHealth();
        boolean healthy = results.values().stream().allMatch(HealthStatus::healthy);
        ObjectNode body = JSON.createObjectNode();
        body.put("status", healthy ? "UP" : "DOWN");
        body.put("service", service);
        ObjectNode each = body.putObject("checks");
        results.forEach((name, status) -> each.putObject(name)
                .put("status", status.healthy() ? "UP" : "DOWN")
                .put("detail", status.detail()));
        ctx.status(healthy ? 200 : 503).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private static HealthStatus run(HealthCheck check) {
        try {
            return Objects.requireNonNull(check.check(), "a health check returned null");
        } catch (RuntimeException e) {
            return HealthStatus.down("check failed: " + e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    private record Route(HandlerType method, String path, Handler handler) {}

    /** Collects the server's settings, checks and routes. */
    public static final class Builder {
        private final String service;
        private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
        private final List<Route> routes = new ArrayList<>();
        private String host = "0.0.0.0";
        private int port = 0;
        private PrometheusMeterRegistry registry;
        private Consumer<JavalinConfig> settings = config -> {};

        private Builder(String service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /** The port to listen on; 0 picks a free one. */
        public Builder port(int newPort) {
            this.port = Ports.requireListenPort("port", newPort);
            return this;
        }

        /** The address to listen on; every interface by default. */
        public Builder host(String newHost) {
            this.host = Objects.requireNonNull(newHost, "host");
            return this;
        }

        /** The registry {@code /metrics} shows; a fresh {@link ServiceMetrics#create} one if not set. */
        public Builder registry(PrometheusMeterRegistry newRegistry) {
            this.registry = Objects.requireNonNull(newRegistry, "registry");
            return this;
        }

        /** A named check that {@code /health} runs. */
        public Builder health(String name, HealthCheck check) {
            if (checks.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"))
                    != null) {
                throw new IllegalArgumentException("health check '" + name + "' is declared twice");
            }
            return this;
        }

        /**
         * Further server settings (request size limits, multipart limits), applied after the routes; replaces what an
         * earlier call set.
         */
        public Builder settings(Consumer<JavalinConfig> newSettings) {
            this.settings = Objects.requireNonNull(newSettings, "settings");
            return this;
        }

        /** A route of the service's own. */
        public Builder route(HandlerType method, String path, Handler handler) {
            routes.add(new Route(
                    Objects.requireNonNull(method, "method"),
                    Objects.requireNonNull(path, "path"),
                    Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** Starts the server; it listens when this returns. */
        public ServiceHttp start() {
            if (registry == null) {
                registry = ServiceMetrics.create(service);
            }
            return new ServiceHttp(this);
        }
    }
}
