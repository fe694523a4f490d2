package io.cirstream.query.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's static files, read once from the classpath ({@value #RESOURCES}): {@code /} redirects to
 * {@value #PATH}, which serves {@code index.html}; {@value #PATH}{@code {file}} serves the files of {@link #FILES}
 * and nothing else (no path is ever resolved from the request).
 */
final class DemoPages {

    /** Where the page is served. */
    static final String PATH = "/demo/";

    /** Where the files are on the classpath. */
    static final String RESOURCES = "/io/cirstream/query/web/";

    /** Every file of the page, with its media type. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "demo.css", "text/css; charset=utf-8",
            "demo.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, byte[]> contents;

    DemoPages() {
        this.contents = Map.copyOf(
                FILES.keySet().stream().collect(java.util.stream.Collectors.toMap(name -> name, DemoPages::read)));
    }

    void root(Context ctx) {
        ctx.redirect(PATH, HttpStatus.FOUND);
    }

    void index(Context ctx) {
        serve(ctx, "index.html");
    }

    void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (!contents.containsKey(name)) {
            ctx.status(HttpStatus.NOT_FOUND).contentType("text/plain").result("no such file of the demo: " + name);
            return;
        }
        serve(ctx, name);
    }

    private void serve(Context ctx, String name) {
        ctx.contentType(FILES.get(name)).header("Cache-Control", "no-cache").result(contents.get(name));
    }

    private static byte[] read(String name) {
        try (InputStream in = Optional.ofNullable(DemoPages.class.getResourceAsStream(RESOURCES + name))
                .orElseThrow(() -> new IllegalStateException("the demo's " + name + " is not on the classpath"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo's " + name, e);
        }
    }
}
