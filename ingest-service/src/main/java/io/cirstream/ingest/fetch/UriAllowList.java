package io.cirstream.ingest.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which image URIs may be fetched: {@code http} and {@code https} URIs under one of the allowed prefixes (same scheme,
 * host and port, and a path under the prefix's path), and {@code file} URIs under one of the allowed directories.
 * Nothing else is allowed: no other scheme, no user info, no path that climbs out of its prefix by {@code ..} or by an
 * encoded dot, slash or backslash. An empty list allows nothing.
 */
public final class UriAllowList {

    private static final List<String> ENCODED_TRAVERSAL = List.of("%2e", "%2f", "%5c");
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    private final List<RemotePrefix> prefixes;
    private final List<Path> directories;

    private UriAllowList(List<RemotePrefix> prefixes, List<Path> directories) {
        this.prefixes = List.copyOf(prefixes);
        this.directories = List.copyOf(directories);
    }

    /**
     * An allow-list of these URI prefixes (for example {@code https://cdn.shop.example/images/}) and directories.
     *
     * @throws IllegalArgumentException naming an entry that is not an absolute http(s) URI with a host, or a
     *     directory that is not absolute
     */
    public static UriAllowList of(List<String> uriPrefixes, List<Path> allowedDirectories) {
        List<RemotePrefix> prefixes = new ArrayList<>();
        for (String entry : uriPrefixes) {
            prefixes.add(RemotePrefix.parse(entry));
        }
        List<Path> directories = new ArrayList<>();
        for (Path directory : allowedDirectories) {
            if (!directory.isAbsolute()) {
                throw new IllegalArgumentException("allowed image directory " + directory + " must be absolute");
            }
            directories.add(directory.normalize());
        }
        return new UriAllowList(prefixes, directories);
    }

    /** Allows nothing. */
    public static UriAllowList none() {
        return new UriAllowList(List.of(), List.of());
    }

    /** The allowed directories, normalised. */
    public List<Path> directories() {
        return directories;
    }

    /**
     * What {@code uri} names, if it is allowed: a remote URI, or a local file (by its normalised path; the fetcher
     * checks the real path again after resolving links).
     *
     * @throws ImageFetchException ({@link ImageFetchException.Reason#NOT_ALLOWED}) otherwise, saying why
     */
    public Target check(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw notAllowed(uri, "it is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> checkRemote(uri, parsed, scheme);
            case "file" -> checkFile(uri, parsed);
            default -> throw notAllowed(uri, "only http, https and file URIs are fetched");
        };
    }

    /** Whether {@code path} (a real path) lies in an allowed directory, given as real paths too. */
    static boolean isUnder(Path path, List<Path> realDirectories) {
        return realDirectories.stream().anyMatch(path::startsWith);
    }

    private Target checkRemote(String uri, URI parsed, String scheme) {
        if (parsed.getRawUserInfo() != null) {
            throw notAllowed(uri, "URIs with user info are not fetched");
        }
        if (parsed.getHost() == null) {
            throw notAllowed(uri, "it names no host");
        }
        String rawPath = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
        String lowerPath = rawPath.toLowerCase(Locale.ROOT);
        if (rawPath.contains("\\") || ENCODED_TRAVERSAL.stream().anyMatch(lowerPath::contains)) {
            throw notAllowed(uri, "its path holds a backslash or an encoded dot, slash or backslash");
        }
        String normalised = URI.create(rawPath).normalize().getRawPath();
        if (!normalised.equals(rawPath)) {
            throw notAllowed(uri, "its path is not in normal form (no . or .. segments)");
        }
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        int port = effectivePort(scheme, parsed.getPort());
        for (RemotePrefix prefix : prefixes) {
            if (prefix.scheme().equals(scheme)
                    && prefix.host().equals(host)
                    && prefix.port() == port
                    && rawPath.startsWith(prefix.path())) {
                return new Target.Remote(parsed);
            }
        }
        throw notAllowed(uri, "it is under none of the allowed prefixes " + prefixes);
    }

    private Target checkFile(String uri, URI parsed) {
        if (parsed.getRawAuthority() != null && !parsed.getRawAuthority().equalsIgnoreCase("localhost")) {
            throw notAllowed(uri, "file URIs must name a local path (no host)");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw notAllowed(uri, "file URIs take no query or fragment");
        }
        Path path;
        try {
            path = Path.of(new URI("file", null, parsed.getPath(), null));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw notAllowed(uri, "it names no file path (" + e.getMessage() + ")");
        }
        Path normalised = path.normalize();
        if (!normalised.equals(path) || directories.stream().noneMatch(normalised::startsWith)) {
            throw notAllowed(uri, "it is under none of the allowed directories " + directories);
        }
        return new Target.LocalFile(normalised);
    }

    private static int effectivePort(String scheme, int port) {
        if (port != -1) {
            return port;
        }
        return scheme.equals("https") ? HTTPS_PORT : HTTP_PORT;
    }

    private static ImageFetchException notAllowed(String uri, String why) {
        return new ImageFetchException(
                ImageFetchException.Reason.NOT_ALLOWED, "image URI " + uri + " is not allowed: " + why);
    }

    @Override
    public String toString() {
        return "UriAllowList[prefixes=" + prefixes + ", directories=" + directories + "]";
    }

    /** An allowed URI, by kind. */
    public sealed interface Target {
        /** An http(s) URI. */
        record Remote(URI uri) implements Target {}

        /** A local file, by its normalised absolute path. */
        record LocalFile(Path path) implements Target {}
    }

    /** One allowed remote prefix: scheme, host and port exactly, and a path prefix ending with a slash. */
    private record RemotePrefix(String scheme, String host, int port, String path) {

        static RemotePrefix parse(String entry) {
            Objects.requireNonNull(entry, "entry");
            URI uri;
            try {
                uri = new URI(entry.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("allowed image URI prefix '" + entry + "' is not a URI", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("allowed image URI prefix '" + entry
                        + "' must be an http or https URI (allow local files by directory instead)");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw new IllegalArgumentException(
                        "allowed image URI prefix '" + entry + "' must name a host, and no user info or query");
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            return new RemotePrefix(
                    scheme, uri.getHost().toLowerCase(Locale.ROOT), effectivePort(scheme, uri.getPort()), path);
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port + path;
        }
    }
}
