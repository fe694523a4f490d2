package io.cirstream.ingest.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP image host for fetch tests: serves the images put under {@code /images/}, answers a redirect under
 * {@code /redirect/} and 404 for anything else.
 */
public final class ImageHost implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();

    public ImageHost() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = images.get(path);
            if (path.startsWith("/redirect/")) {
                exchange.getResponseHeaders().add("Location", "http://elsewhere.example/x.png");
                exchange.sendResponseHeaders(302, -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code bytes} at {@code /images/<name>}; its URI. */
    public String put(String name, byte[] bytes) {
        images.put("/images/" + name, bytes);
        return prefix() + name;
    }

    /** The URI prefix the images are under. */
    public String prefix() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/images/";
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
