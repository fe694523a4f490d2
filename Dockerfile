# syntax=docker/dockerfile:1
#
# The cirstream services image: one image, the service chosen by the command.
#
#   docker build -t cirstream:local .
#   docker run --rm -v "$PWD/fixtures/tiny-bundle:/bundle:ro" \
#       -e CIRSTREAM_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -e CIRSTREAM_MODEL_BUNDLE=/bundle ... \
#       cirstream:local serve ingest          # or: serve trainer, serve query, topics create, model list, ...
#
# The model bundle is not in the image: mount it (read-only) and point cirstream.model.bundle at it.
# Configuration: CIRSTREAM_* environment variables (the keys in the modules' READMEs), or
# `serve ... --config /etc/cirstream/ingest.properties --set key=value`. JVM options: JAVA_TOOL_OPTIONS.
# docker-compose.yml at the repository root runs the whole system with it.

ARG BUILD_IMAGE=eclipse-temurin:21-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre-noble

# ---- build: the project's own Maven wrapper (Maven 3.9.11), tests skipped (CI runs them) ----
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl standalone -am install \
    && mkdir -p /out/lib /out/warmup \
    && cp standalone/target/cirstream.jar /out/ \
    && cp standalone/target/lib/*.jar /out/lib/ \
    && cp -r fixtures/tiny-bundle /out/warmup/bundle \
    && cp fixtures/images/photo_320x240_q90_420.jpg /out/warmup/product.jpg

# ---- runtime: a JRE, a non-root user, the jar and its libraries ----
FROM ${RUNTIME_IMAGE} AS runtime
ARG UID=10001
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid "${UID}" cirstream \
    && useradd --system --uid "${UID}" --gid cirstream --home-dir /var/lib/cirstream --shell /usr/sbin/nologin cirstream \
    && mkdir -p /opt/cirstream /var/lib/cirstream/ingest /var/lib/cirstream/trainer /var/lib/cirstream/query /var/cache/cirstream/djl \
    && chown -R cirstream:cirstream /var/lib/cirstream /var/cache/cirstream

COPY --from=build /out/lib/ /opt/cirstream/lib/
COPY --from=build /out/cirstream.jar /opt/cirstream/cirstream.jar

# DJL never downloads (offline) and unpacks libtorch and the tokenizer library once, here, at build time: the
# warm-up embeds a fixture image and a caption with the committed tiny bundle (which also proves the image works).
ENV DJL_OFFLINE=true \
    DJL_CACHE_DIR=/var/cache/cirstream/djl
USER cirstream
WORKDIR /var/lib/cirstream
RUN --mount=type=bind,from=build,source=/out/warmup,target=/tmp/warmup \
    java -Dai.djl.offline=true --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "/opt/cirstream/cirstream.jar:/opt/cirstream/lib/*" io.cirstream.standalone.cli.CirstreamCli \
        embed --device cpu --bundle /tmp/warmup/bundle --caption "warm up" /tmp/warmup/product.jpg > /dev/null

# 8081: ingest, 8082: query (the HTTP API), 8083: trainer (/health, /health/live, /metrics; the trainer's training API)
EXPOSE 8081 8082 8083
STOPSIGNAL SIGTERM
# The same JVM flags as bin/cirstream's; exec form, so java is PID 1 and gets SIGTERM (a clean stop).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", \
    "--enable-native-access=ALL-UNNAMED", "-Dcirstream.home=/opt/cirstream", \
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn", \
    "-Dorg.slf4j.simpleLogger.log.kafka=warn", "-Dorg.slf4j.simpleLogger.log.state.change.logger=warn", \
    "-cp", "/opt/cirstream/cirstream.jar:/opt/cirstream/lib/*", "io.cirstream.standalone.cli.CirstreamCli"]
CMD ["--help"]
